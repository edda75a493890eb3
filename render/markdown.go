package render

import (
	"bytes"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/rapport-coach/rapport/records/body"
)

// Doc is a record's Markdown body parsed to a goldmark AST (body.Parse), with
// coach-only sections already removed and unsafe constructs already defused. Every
// writer (HTML here, PDF elsewhere) walks the same tree, so what a client may
// see is decided once.
//
// A writer meets goldmark's block and inline nodes and the GFM extension's
// Table, TaskCheckBox and Strikethrough. It never meets RawHTML, HTMLBlock or
// Image (they become ast.String text), and every Link and AutoLink left in
// the tree is an http, https or mailto address. ast.String values are text
// to escape, except those typographer marks raw, which are HTML entities
// such as &rsquo;.
type Doc struct {
	Root   ast.Node
	Source []byte
}

// IsEmpty reports whether there is nothing to print.
func (d *Doc) IsEmpty() bool { return d == nil || d.Root == nil || d.Root.FirstChild() == nil }

// htmlRenderer writes a Doc as HTML: goldmark's renderers for what
// body.Markdown parses (CommonMark, GFM's tables and strikethrough), and a
// task item's tick box drawn as the session checklist's are, for a client
// reading with a screen reader: goldmark's unlabelled, greyed-out form
// checkbox is announced as a form field with no name, and prints faintly.
var htmlRenderer = sync.OnceValue(func() renderer.Renderer {
	return renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(), 1000),
		util.Prioritized(extension.NewTableHTMLRenderer(), 500),
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
		util.Prioritized(taskBoxRenderer{}, 500),
	))
})

// taskBoxRenderer draws "- [ ]" and "- [x]" as a box to tick by hand, named
// "to do" or "done" for a screen reader, which then reads the item's text.
type taskBoxRenderer struct{}

func (taskBoxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.(*east.TaskCheckBox).IsChecked {
			_, _ = w.WriteString(`<span role="img" class="box ticked" aria-label="done"></span> `)
		} else {
			_, _ = w.WriteString(`<span role="img" class="box" aria-label="to do"></span> `)
		}
		return ast.WalkContinue, nil
	})
}

// Parse reads a record's Markdown body into a Doc that is safe to give the
// client, under the default privacy rule; Make uses the practice's own (see
// ParseRule).
func Parse(src []byte) *Doc { return ParseRule(src, body.Rule{}) }

// ParseRule reads a record's Markdown body into a Doc that is safe to give
// the client: private sections, by rule, are taken out (body.Parse), raw
// HTML becomes text, links other than http, https and mailto become plain
// text and images become their description, so that a handout never
// fetches anything.
func ParseRule(src []byte, rule body.Rule) *Doc {
	b := body.Parse(src, rule)
	defuse(b.Root, b.VisibleSource)
	return &Doc{Root: b.Root, Source: b.VisibleSource}
}

// plainText is the text of a node's inline content, without markup.
func plainText(n ast.Node, src []byte) string { return body.PlainText(n, src, true) }

// defuse rewrites what could run, load or leak in a browser into plain text.
func defuse(root ast.Node, src []byte) {
	var targets []ast.Node
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock, *ast.Image:
			targets = append(targets, n)
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			if !SafeURL(string(v.Destination)) {
				targets = append(targets, n)
			} else if sameAddress(plainText(v, src), string(v.Destination)) {
				v.SetAttributeString("class", []byte("bare"))
			}
		case *ast.AutoLink:
			u := string(v.URL(src))
			if v.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
				u = "mailto:" + u
			}
			if !SafeURL(u) {
				targets = append(targets, n)
			} else {
				v.SetAttributeString("class", []byte("bare"))
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range targets {
		parent := n.Parent()
		switch v := n.(type) {
		case *ast.RawHTML:
			var b bytes.Buffer
			for i := 0; i < v.Segments.Len(); i++ {
				seg := v.Segments.At(i)
				b.Write(seg.Value(src))
			}
			parent.ReplaceChild(parent, n, ast.NewString(b.Bytes()))
		case *ast.HTMLBlock:
			var b bytes.Buffer
			for i := 0; i < v.Lines().Len(); i++ {
				seg := v.Lines().At(i)
				b.Write(seg.Value(src))
			}
			if v.HasClosure() {
				b.Write(v.ClosureLine.Value(src))
			}
			p := ast.NewParagraph()
			p.AppendChild(p, ast.NewString(bytes.TrimRight(b.Bytes(), "\n")))
			parent.ReplaceChild(parent, n, p)
		case *ast.Image:
			alt := strings.TrimSpace(plainText(v, src))
			if alt == "" {
				alt = "image"
			}
			parent.ReplaceChild(parent, n, ast.NewString([]byte("["+alt+"]")))
		case *ast.AutoLink:
			parent.ReplaceChild(parent, n, ast.NewString(v.Label(src)))
		case *ast.Link:
			// Keep the words of the link, drop where it leads.
			for c := v.FirstChild(); c != nil; {
				next := c.NextSibling()
				parent.InsertBefore(parent, n, c)
				c = next
			}
			parent.RemoveChild(parent, n)
		}
	}
}

// sameAddress reports whether a link's words already say where it leads,
// such as [ico.org.uk](https://ico.org.uk/), so print need not repeat it.
func sameAddress(label, dest string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		for _, p := range []string{"https://", "http://", "mailto:", "www."} {
			s = strings.TrimPrefix(s, p)
		}
		return strings.TrimSuffix(s, "/")
	}
	return norm(label) == norm(dest)
}

// SafeURL reports whether a link may stay a link in a handout: only web
// pages and e-mail addresses. Relative links would point nowhere once the
// handout leaves the practice, and other schemes could run code.
func SafeURL(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	for _, scheme := range []string{"http://", "https://", "mailto:"} {
		if strings.HasPrefix(u, scheme) && len(u) > len(scheme) {
			return !strings.ContainsAny(u, "\x00\t\n\r ")
		}
	}
	return false
}
