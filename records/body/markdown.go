package body

import (
	"bytes"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Markdown is the one goldmark configuration record bodies are read with:
// GitHub-flavoured Markdown (tables, task lists, strikethrough, autolinks)
// with typographic quotes and dashes. Handouts render with its renderer.
var Markdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Typographer))
})

// unlinked is Markdown without GFM's linkify, which turns bare addresses
// into links. Linkify is consulted at every space of every paragraph, a
// third of all parsing, yet in session notes it rarely finds anything; a
// body with nothing it could link is parsed without it. The tree is the same
// but for a space linkify leaves before a hard line break, which goldmark
// drops without it, as CommonMark asks.
var unlinked = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, extension.Typographer))
})

// tree parses src, whose line endings are already normalised, with the
// handouts' configuration.
func tree(src []byte) ast.Node {
	md := Markdown()
	if !mayLink(src) {
		md = unlinked()
	}
	return md.Parser().Parse(text.NewReader(src))
}

// mayLink reports whether linkify could find anything in src: it links only
// text starting http:, https:, ftp: or www., and e-mail addresses.
func mayLink(src []byte) bool {
	return bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("http")) ||
		bytes.Contains(src, []byte("ftp:")) || bytes.Contains(src, []byte("www."))
}

// Full parses a body whole, private sections included, for the coach's own
// documents. It returns the tree and the source its segments point into,
// which has LF line endings.
func Full(src []byte) (ast.Node, []byte) {
	src = normalize(src)
	return tree(src), src
}

// normalize is what Parse reads: LF line endings, and no invisible
// characters (a BOM, a zero-width space) at the start of a line, where they
// would make "## Private" a paragraph the client reads.
func normalize(src []byte) []byte {
	src = NormalizeNewlines(src)
	var out []byte
	at := 0 // src[:at] is in out, when out is not nil
	for ls := 0; ls < len(src); {
		i := ls
		for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '>') {
			i++
		}
		for i < len(src) && src[i] >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(src[i:])
			if !Ignorable(r) {
				break
			}
			if out == nil {
				out = make([]byte, 0, len(src))
			}
			out = append(out, src[at:i]...)
			i += n
			at = i
		}
		nl := bytes.IndexByte(src[i:], '\n')
		if nl < 0 {
			break
		}
		ls = i + nl + 1
	}
	if out == nil {
		return src
	}
	return append(out, src[at:]...)
}

// NormalizeNewlines turns CRLF and lone CR line endings into LF. Goldmark
// reads a lone CR as part of the line, so a body saved with old Mac line
// endings would otherwise be one paragraph, or one long heading. src is
// returned as it is when it has no CR.
func NormalizeNewlines(src []byte) []byte {
	i := bytes.IndexByte(src, '\r')
	if i < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	out = append(out, src[:i]...)
	for ; i < len(src); i++ {
		c := src[i]
		if c != '\r' {
			out = append(out, c)
			continue
		}
		out = append(out, '\n')
		if i+1 < len(src) && src[i+1] == '\n' {
			i++
		}
	}
	return out
}
