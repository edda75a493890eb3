package body

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Comment is a comment in the visible part of a body: an HTML comment
// (<!-- ... -->) or an Obsidian comment (%% ... %%). Handouts escape raw
// HTML and know nothing of Obsidian, so the client reads a comment as it is
// written; a coach who meant it for themselves is told (comment-shown).
type Comment struct {
	Text string // the comment's first line, as written
	Line int    // in Source, from 1
	Col  int    // in bytes, from 1
	HTML bool   // an HTML comment, not an Obsidian one
}

// MayHaveComment is Comments' cheap scan, without parsing.
func MayHaveComment(src []byte) bool {
	return bytes.Contains(src, []byte("<!--")) || bytes.Contains(src, []byte("%%"))
}

// Comments lists the comments the visible tree shows, in source order.
// Comments in code are code, and comments in private passages are hidden
// with them, so neither is listed.
func (b *Body) Comments() []Comment {
	src := b.VisibleSource
	var out []Comment
	markers := 0 // the Obsidian %% marks met so far
	from := 0    // where to look for the next comment in Source, when the visible part was cut from it
	add := func(seg []byte, at int, html bool) {
		off := at
		if !sameBytes(src, b.Source) {
			// The visible part was parsed again without its private
			// passages: find the comment in the body as written.
			i := bytes.Index(b.Source[from:], seg)
			if i < 0 {
				return
			}
			off = from + i
		}
		from = off + len(seg)
		first, _, _ := strings.Cut(string(seg), "\n")
		out = append(out, Comment{Text: strings.TrimSpace(first), Line: b.lineOf(off),
			Col: off - lineStart(b.Source, off) + 1, HTML: html})
	}
	_ = ast.Walk(b.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if v.Lines().Len() > 0 {
				seg := v.Lines().At(0)
				line := seg.Value(src)
				if i := bytes.Index(line, []byte("<!--")); i >= 0 {
					add(line[i:], seg.Start+i, true)
				}
			}
		case *ast.RawHTML:
			if v.Segments.Len() > 0 {
				seg := v.Segments.At(0)
				if raw := seg.Value(src); bytes.HasPrefix(raw, []byte("<!--")) {
					add(raw, seg.Start, true)
				}
			}
		case *ast.Text:
			// %% opens a comment and the next %% closes it, in the same
			// paragraph or many paragraphs later: each opening is listed.
			raw := v.Segment.Value(src)
			for at := 0; ; {
				i := bytes.Index(raw[at:], []byte("%%"))
				if i < 0 {
					break
				}
				if markers%2 == 0 {
					add(raw[at+i:], v.Segment.Start+at+i, false)
				}
				markers++
				at += i + 2
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// sameBytes reports whether a and b are one slice.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
