package pdf

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// FromMarkdown converts a goldmark document (parsed with the GFM
// extension: tables, task lists, strikethrough, autolinks) into blocks.
// Raw HTML is kept as literal text, never interpreted.
func FromMarkdown(src []byte, doc ast.Node) []Block {
	return mdBlocks(src, doc)
}

func mdBlocks(src []byte, parent ast.Node) []Block {
	var out []Block
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if b := mdBlock(src, n); b != nil {
			out = append(out, b)
		}
	}
	return out
}

func mdBlock(src []byte, n ast.Node) Block {
	switch n := n.(type) {
	case *ast.Heading:
		return Heading{Level: n.Level, Text: mdInline(src, n)}
	case *ast.Paragraph, *ast.TextBlock:
		t := mdInline(src, n)
		if len(t) == 0 {
			return nil
		}
		return Paragraph{Text: t}
	case *ast.List:
		l := List{Ordered: n.IsOrdered()}
		if l.Ordered {
			l.Start = n.Start
		}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			l.Items = append(l.Items, mdItem(src, it))
		}
		return l
	case *ast.ThematicBreak:
		return Rule{}
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		return CodeBlock{Text: linesOf(src, n)}
	case *ast.Blockquote:
		return Quote{Blocks: mdBlocks(src, n)}
	case *ast.HTMLBlock:
		text := linesOf(src, n)
		if n.HasClosure() {
			text += string(n.ClosureLine.Value(src))
		}
		text = strings.TrimRight(text, "\n")
		if text == "" {
			return nil
		}
		return Paragraph{Text: Plain(text)}
	case *east.Table:
		return mdTable(src, n)
	}
	if n.HasChildren() {
		if bs := mdBlocks(src, n); len(bs) > 0 {
			return Quote{Blocks: bs}
		}
	}
	return nil
}

// mdItem converts a list item; a leading task check box becomes a tick box.
func mdItem(src []byte, it ast.Node) ListItem {
	var item ListItem
	if first := it.FirstChild(); first != nil {
		if box, ok := first.FirstChild().(*east.TaskCheckBox); ok {
			item.Task, item.Checked = true, box.IsChecked
		}
	}
	item.Blocks = mdBlocks(src, it)
	return item
}

func mdTable(src []byte, t *east.Table) Table {
	var tb Table
	for _, a := range t.Alignments {
		switch a {
		case east.AlignCenter:
			tb.Align = append(tb.Align, AlignCentre)
		case east.AlignRight:
			tb.Align = append(tb.Align, AlignRight)
		default:
			tb.Align = append(tb.Align, AlignLeft)
		}
	}
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []Text
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, mdInline(src, c))
		}
		if _, ok := row.(*east.TableHeader); ok {
			tb.Header = cells
		} else {
			tb.Rows = append(tb.Rows, cells)
		}
	}
	return tb
}

// linesOf joins a block's raw lines (code, HTML) as they are in the source.
func linesOf(src []byte, n ast.Node) string {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	return b.String()
}

// mdInline flattens a node's inline children into styled runs.
func mdInline(src []byte, n ast.Node) Text {
	var t Text
	var walk func(n ast.Node, st Style, url string)
	add := func(s string, st Style, url string) {
		if s == "" {
			return
		}
		if k := len(t); k > 0 && t[k-1].Style == st && t[k-1].URL == url {
			t[k-1].Text += s
			return
		}
		t = append(t, Run{Text: s, Style: st, URL: url})
	}
	walk = func(n ast.Node, st Style, url string) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				v := c.Segment.Value(src)
				if !c.IsRaw() {
					v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
				}
				add(string(v), st, url)
				switch {
				case c.HardLineBreak():
					add("\n", st, url)
				case c.SoftLineBreak():
					add(" ", st, url)
				}
			case *ast.String:
				v := c.Value
				if c.IsCode() {
					// The typographer writes its quotes, dashes and ellipses
					// as HTML entities: &rsquo; must print as ’.
					v = util.ResolveEntityNames(v)
				}
				add(string(v), st, url)
			case *ast.CodeSpan:
				var b strings.Builder
				for g := c.FirstChild(); g != nil; g = g.NextSibling() {
					if tx, ok := g.(*ast.Text); ok {
						b.Write(tx.Segment.Value(src))
					} else if s, ok := g.(*ast.String); ok {
						b.Write(s.Value)
					}
				}
				add(b.String(), st|Code, url)
			case *ast.Emphasis:
				if c.Level >= 2 {
					walk(c, st|Bold, url)
				} else {
					walk(c, st|Italic, url)
				}
			case *east.Strikethrough:
				walk(c, st|Strike, url)
			case *ast.Link:
				walk(c, st, string(c.Destination))
			case *ast.AutoLink:
				u := string(c.URL(src))
				if c.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
					u = "mailto:" + u
				}
				add(string(c.Label(src)), st, u)
			case *ast.Image:
				walk(c, st|Italic, url)
			case *ast.RawHTML:
				for i := 0; i < c.Segments.Len(); i++ {
					seg := c.Segments.At(i)
					add(string(seg.Value(src)), st, url)
				}
			case *east.TaskCheckBox:
				// Drawn as the list item's tick box.
			default:
				walk(c, st, url)
			}
		}
	}
	walk(n, 0, "")
	// The space after a task check box would indent the item's text.
	if len(t) > 0 {
		t[0].Text = strings.TrimLeft(t[0].Text, " ")
		if t[0].Text == "" {
			t = t[1:]
		}
	}
	return t
}
