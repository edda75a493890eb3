package body

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Section is one part of a body: a heading of the document (not one inside
// a list or quote) and the text under it, up to the next such heading of
// any level.
type Section struct {
	Level   int    // 1-6, or 0 for the text before the first heading
	Heading string // the heading's text, without markup (see HeadingText)
	// Text is the Markdown under the heading, trimmed of blank lines
	// around it. A section that is not private leaves out the private
	// passages inside it (a private heading in a list item or quote).
	Text string
	// Written is the Markdown under the heading as written, private
	// passages inside it included: the same as Text for a private section.
	Written string
	// Private is true under a heading the rule marks private and under every
	// deeper heading that follows it, up to the next heading of the same or
	// higher level: the part of a record that is for the coach only.
	Private bool
	Line    int // the line of the heading in Source, from 1 (of the text for level 0)
}

// Sections splits the body at the headings of the document. Empty text
// before the first heading is left out.
func (b *Body) Sections() []Section {
	var out []Section
	var tops []heading
	for _, h := range b.headings {
		if h.top {
			tops = append(tops, h)
		}
	}
	first := len(b.Source)
	if len(tops) > 0 {
		first = tops[0].line
	}
	if t := b.text(0, first, false); strings.TrimSpace(t) != "" {
		out = append(out, Section{Text: t, Written: b.text(0, first, true), Line: 1 + leadingBlankLines(b.Source[:first])})
	}
	for i, h := range tops {
		end := len(b.Source)
		if i+1 < len(tops) {
			end = tops[i+1].line
		}
		private := h.private || h.hidden
		out = append(out, Section{Level: h.level, Heading: strings.TrimSpace(h.text),
			Text: b.text(min(h.end, end), end, private), Written: b.text(min(h.end, end), end, true),
			Private: private, Line: b.lineOf(h.at)})
	}
	return out
}

// text is Source[start:end] trimmed of blank lines, without the private
// passages inside it unless keepPrivate.
func (b *Body) text(start, end int, keepPrivate bool) string {
	var t []byte
	if keepPrivate {
		t = b.Source[start:end]
	} else {
		at := start
		for _, r := range b.runs {
			if r.end <= at || r.start >= end {
				continue
			}
			if r.start > at {
				t = append(t, b.Source[at:r.start]...)
			}
			at = max(at, r.end)
		}
		if at < end {
			t = append(t, b.Source[at:end]...)
		}
	}
	return strings.Trim(string(t), "\n")
}

// Section returns the first section whose heading matches name, ignoring
// case, or nil.
func (b *Body) Section(name string) *Section {
	secs := b.Sections()
	for i := range secs {
		if strings.EqualFold(secs[i].Heading, name) {
			return &secs[i]
		}
	}
	return nil
}

// Passage is one private passage of a body: a private heading and what it
// hides, as written and as parsed.
type Passage struct {
	Heading string // the private heading's text
	Line    int    // the line of the heading in Source, from 1
	EndLine int    // the last line of the passage
	// Markdown is the passage as written, heading included.
	Markdown string
	// Nodes are the passage's blocks as the body's one parse made them,
	// the heading first. Their segments point into the body's Source.
	Nodes []ast.Node
	b     *Body
}

// Private returns the body's private passages in source order.
func (b *Body) Private() []Passage {
	out := make([]Passage, 0, len(b.runs))
	for _, r := range b.runs {
		out = append(out, Passage{Heading: strings.TrimSpace(r.heading), Line: b.lineOf(r.start),
			EndLine:  b.lineOf(max(r.start, r.end-1)),
			Markdown: strings.TrimRight(string(b.Source[r.start:r.end]), "\n"),
			Nodes:    r.nodes, b: b})
	}
	return out
}

// Whole is a body that is private from start to end, such as a coach
// reflection, as one passage.
func Whole(src []byte) Passage {
	root, src := Full(src)
	b := &Body{Source: src, VisibleSource: src}
	p := Passage{Line: 1 + leadingBlankLines(src), Markdown: strings.Trim(string(src), "\n"), b: b}
	p.EndLine = b.lineOf(len(bytes.TrimRight(src, "\n")))
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		p.Nodes = append(p.Nodes, n)
	}
	return p
}

// Source is what the passage's nodes point into: the body with LF line
// endings.
func (p Passage) Source() []byte {
	if p.b == nil {
		return nil
	}
	return p.b.Source
}

// LineOf is the line of the body, from 1, that holds byte off of Source.
func (p Passage) LineOf(off int) int {
	if p.b == nil {
		return p.Line
	}
	return p.b.lineOf(off)
}

// Shared reports whether a link destination is defined by a link reference
// definition in the visible part of the body. A private paragraph's
// [text][ref] resolves from the whole body; the address it reaches is the
// visible part's, which the client may see, not a private one.
func (p Passage) Shared(dest []byte) bool {
	if p.b == nil {
		return false
	}
	return p.b.visibleDefs[string(dest)]
}

// Text is what the passage says: the text of each of its blocks on a line
// of its own, then the address and title of each link and link reference
// definition in it, one a line. It is what must never reach a handout.
func (p Passage) Text() string {
	var text, links []string
	for _, n := range p.Nodes {
		text, links = passageText(n, p.Source(), text, links)
	}
	return strings.Join(append(text, links...), "\n")
}

// passageText appends the text of each leaf block of n, and the addresses
// and titles n links to.
func passageText(n ast.Node, src []byte, text, links []string) ([]string, []string) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.Link:
			links = appendNonEmpty(links, string(v.Destination), string(v.Title))
		case *ast.Image:
			links = appendNonEmpty(links, string(v.Destination), string(v.Title))
		case *ast.AutoLink:
			links = appendNonEmpty(links, string(v.URL(src)))
		case *ast.LinkReferenceDefinition:
			links = appendNonEmpty(links, string(v.Destination), string(v.Title))
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			var lines []byte
			for i := 0; i < c.Lines().Len(); i++ {
				seg := c.Lines().At(i)
				lines = append(lines, seg.Value(src)...)
			}
			if h, ok := c.(*ast.HTMLBlock); ok && h.HasClosure() {
				lines = append(lines, h.ClosureLine.Value(src)...)
			}
			text = appendNonEmpty(text, strings.TrimRight(string(lines), "\n"))
			return ast.WalkSkipChildren, nil
		case *ast.Heading, *ast.Paragraph, *ast.TextBlock, *east.TableCell:
			text = appendNonEmpty(text, HeadingText(c, src))
			// Links inside are still collected.
			return ast.WalkContinue, nil
		}
		return ast.WalkContinue, nil
	})
	return text, links
}

func appendNonEmpty(list []string, s ...string) []string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			list = append(list, v)
		}
	}
	return list
}

// Heading is a heading the privacy rule read, for check: every heading of
// the body but those inside a private section.
type Heading struct {
	Level   int
	Text    string // without markup (see HeadingText)
	Private bool   // opens a private section
	Line    int    // of the heading's text in Source, from 1
	Col     int    // of the heading's text, in characters from 1
}

// Headings returns the headings the rule read, in source order.
func (b *Body) Headings() []Heading {
	var out []Heading
	for _, h := range b.headings {
		if h.hidden && !h.private {
			continue
		}
		ls := lineStart(b.Source, h.at)
		out = append(out, Heading{Level: h.level, Text: h.text, Private: h.private,
			Line: b.lineOf(h.at), Col: utf8.RuneCount(b.Source[ls:h.at]) + 1})
	}
	return out
}

// lineOf is the line, from 1, holding offset off of Source. The offsets of
// line breaks are found once, so a body of thousands of headings is not
// counted through for each.
func (b *Body) lineOf(off int) int {
	// A parsed body is shared by the handouts and the leak guard, which
	// may ask at the same time.
	b.breaksOnce.Do(func() {
		b.breaks = make([]int, 0, bytes.Count(b.Source, []byte("\n")))
		for i, c := range b.Source {
			if c == '\n' {
				b.breaks = append(b.breaks, i)
			}
		}
	})
	off = min(max(off, 0), len(b.Source))
	n, _ := slices.BinarySearch(b.breaks, off)
	return n + 1
}

func leadingBlankLines(src []byte) int {
	n := 0
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 || len(bytes.TrimSpace(src[:i])) > 0 {
			break
		}
		n++
		src = src[i+1:]
	}
	return n
}
