package guard

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML adds what an HTML page carries to two Texts: what it shows (text,
// with inline elements joined to the words around them and every other tag
// ending a word) to shown, and what it holds elsewhere (every attribute's
// value, such as href, title and alt, comments and style sheets) to held,
// each ended apart. Character references are decoded by the tokenizer, so
// &#x41; is A.
//
// A style sheet is most of a handout's bytes and the same in every one, and
// the tokenizer reads one a byte at a time: each is cut out and, unless
// skip says it was checked already, added to held as it stands (a style
// element's text has no character references).
func HTML(page []byte, shown, held *Text, skip func(style []byte) bool) {
	for len(page) > 0 {
		start, end := styleText(page)
		tokens(page[:start], shown, held)
		if style := page[start:end]; len(style) > 0 && (skip == nil || !skip(style)) {
			held.Break()
			held.AddBytes(style)
			held.Break()
		}
		page = page[end:]
	}
}

// styleText finds the text of the first style element in page, or returns
// the end of page twice.
func styleText(page []byte) (start, end int) {
	open := indexFold(page, "<style")
	if open < 0 {
		return len(page), len(page)
	}
	gt := bytes.IndexByte(page[open:], '>')
	if gt < 0 {
		return len(page), len(page)
	}
	start = open + gt + 1
	closing := indexFold(page[start:], "</style")
	if closing < 0 {
		return start, len(page)
	}
	return start, start + closing
}

// indexFold is bytes.Index ignoring ASCII case; tag is lower case.
func indexFold(b []byte, tag string) int {
	for at := 0; ; {
		i := bytes.IndexByte(b[at:], '<')
		if i < 0 {
			return -1
		}
		at += i
		if len(b)-at >= len(tag) && bytes.EqualFold(b[at:at+len(tag)], []byte(tag)) {
			return at
		}
		at++
	}
}

func tokens(page []byte, shown, held *Text) {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.TextToken:
			shown.AddBytes(z.Text())
		case html.CommentToken:
			held.Break()
			held.AddBytes(z.Text())
			held.Break()
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if !inline[atom.Lookup(name)] {
				shown.Break()
			}
			for hasAttr {
				var val []byte
				_, val, hasAttr = z.TagAttr()
				held.Break()
				held.AddBytes(val)
				held.Break()
			}
		}
	}
}

// inline are the elements that do not end a word: "wo<em>rd</em>" shows
// "word".
var inline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Cite: true,
	atom.Code: true, atom.Data: true, atom.Del: true, atom.Dfn: true, atom.Em: true, atom.I: true,
	atom.Ins: true, atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true, atom.Samp: true,
	atom.Small: true, atom.Span: true, atom.Strong: true, atom.Sub: true, atom.Sup: true,
	atom.Time: true, atom.U: true, atom.Var: true, atom.Wbr: true, atom.Font: true,
}
