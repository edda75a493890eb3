package render

import (
	"bytes"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Doc is a record's Markdown body parsed to a goldmark AST, with coach-only
// sections already removed and unsafe constructs already defused. Every
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

// markdown is the one goldmark configuration handouts use: GitHub-flavoured
// Markdown (tables, task lists, strikethrough, autolinks) with typographic
// quotes and dashes. Raw HTML is never passed through: see defuse.
var markdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Typographer))
})

// unlinked is markdown without GFM's linkify, which turns bare addresses
// into links. Linkify is consulted at every space of every paragraph, a
// third of all parsing, yet in session notes it rarely finds anything; a
// body with nothing it could link is parsed without it. The tree is the same
// but for a space linkify leaves before a hard line break, which goldmark
// drops without it, as CommonMark asks.
var unlinked = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, extension.Typographer))
})

// parseMarkdown parses src with the handouts' configuration.
func parseMarkdown(src []byte) ast.Node {
	md := markdown()
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

// Parse reads a record's Markdown body into a Doc that is safe to give the
// client: Private sections are stripped, raw HTML becomes text, links other
// than http, https and mailto become plain text and images become their
// description, so that a handout never fetches anything.
func Parse(src []byte) *Doc {
	root := parseMarkdown(src)
	StripPrivate(root, src)
	defuse(root, src)
	return &Doc{Root: root, Source: src}
}

// StripPrivate removes every section under a heading named Private (any
// level, any case): the heading and everything after it up to the next
// heading of the same or a higher level among its siblings. Headings inside
// block quotes and list items are handled in their own containers; a Private
// heading there removes the rest of that container.
func StripPrivate(root ast.Node, src []byte) {
	var walk func(parent ast.Node)
	walk = func(parent ast.Node) {
		level := 0 // the level of the Private section being removed; 0 when none
		for n := parent.FirstChild(); n != nil; {
			next := n.NextSibling()
			h, isHeading := n.(*ast.Heading)
			if level > 0 && isHeading && h.Level <= level {
				level = 0
			}
			if level == 0 && isHeading && isPrivateHeading(h, src) {
				level = h.Level
			}
			if level > 0 {
				parent.RemoveChild(parent, n)
			} else if n.Type() == ast.TypeBlock && n.HasChildren() {
				walk(n)
			}
			n = next
		}
	}
	walk(root)
}

// isPrivateHeading reports whether a heading reads "Private", ignoring case,
// surrounding space and a trailing colon.
func isPrivateHeading(h *ast.Heading, src []byte) bool {
	t := strings.TrimSpace(plainText(h, src))
	t = strings.TrimSpace(strings.TrimRight(t, ":"))
	return strings.EqualFold(t, "private")
}

// plainText is the text of a node's inline content, without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.Text:
			b.Write(v.Segment.Value(src))
			if v.SoftLineBreak() || v.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(v.Value)
		case *ast.RawHTML:
			for i := 0; i < v.Segments.Len(); i++ {
				seg := v.Segments.At(i)
				b.Write(seg.Value(src))
			}
		case *ast.AutoLink:
			b.Write(v.Label(src))
		case *ast.CodeSpan:
			for t := v.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

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
