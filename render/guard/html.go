package guard

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML adds what an HTML page carries to two Texts: what it shows (text,
// with inline elements joined to the words around them and every other tag
// ending a word) to shown, and what it holds elsewhere (every attribute's
// value, such as href, title and alt, and comments) to held, each ended
// apart. Character references are decoded by the tokenizer, so &#x41; is A.
func HTML(page []byte, shown, held *Text) {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.TextToken:
			shown.Add(string(z.Text()))
		case html.CommentToken:
			held.Break()
			held.Add(string(z.Text()))
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
				held.Add(string(val))
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
