// Package body is the one model of a record's Markdown body. A body is
// parsed once, by goldmark with the configuration handouts use, and the
// privacy rule is applied to that tree: what is left is the visible tree
// every client-facing writer (HTML, PDF) draws, and what was taken out are
// the private passages, with the lines they came from. The sections that
// prep, the portfolio and export read come from the same parse.
package body

import (
	"bytes"
	"html"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Body is a record's Markdown body, parsed and split by the privacy rule.
type Body struct {
	// Source is the body with LF line endings. Sections and passages point
	// into it; their lines are its lines, from 1.
	Source []byte
	// Root is the visible tree: the body without its private sections.
	// Its segments point into VisibleSource.
	Root ast.Node
	// VisibleSource is Source, or, when a link reference definition was
	// written in a private section, Source without its private passages,
	// parsed again so that links resolve from the visible part alone.
	VisibleSource []byte

	runs       []run     // the private passages, in source order
	headings   []heading // every heading the rule read, in source order
	breaks     []int     // offsets of Source's line breaks, once asked for
	breaksOnce sync.Once

	visibleDefs map[string]bool // destinations the visible part defines (Passage.Shared)
	prepared    sync.Once       // see Prepare
}

// Prepare runs prepare on the visible tree once, however many callers ask:
// handouts rewrite the tree in place before drawing it, and two handouts of
// one record may be made at the same time. Every caller must pass the same
// preparation; only the first runs.
func (b *Body) Prepare(prepare func(root ast.Node, src []byte)) {
	b.prepared.Do(func() { prepare(b.Root, b.VisibleSource) })
}

// run is one private passage: a private heading and what it hides.
type run struct {
	heading    string
	start, end int // line-aligned byte range in Source
	nodes      []ast.Node
}

// heading is a heading of the body: one the rule read, or one of the
// document hidden in a private section (which starts a section of its own).
type heading struct {
	level   int
	text    string
	at      int  // offset in Source of the heading's text
	line    int  // offset in Source of the start of its first line
	end     int  // offset in Source just past its last line (a setext underline included)
	top     bool // a child of the document, so it starts a section
	private bool // opens a private section
	hidden  bool // inside a private section
}

// Parse reads a body: line endings normalised (CRLF and CR to LF) and
// invisible characters at the start of lines removed, parsed
// once, and private sections, by rule, taken out of the tree. A private
// section is a heading the rule marks private and everything after it up to
// the next heading of the same or a higher level. A private heading inside
// a block quote or list item hides the rest of that quote or item.
//
// Link reference definitions resolve only from the visible part: when one
// was written in a private section, the body is parsed again without its
// private passages. Bodies without such a definition are parsed once.
func Parse(src []byte, rule Rule) *Body {
	src = normalize(src)
	b := &Body{Source: src, VisibleSource: src}
	root := tree(src)
	s := stripper{rule: rule, src: src, record: true}
	s.walk(root)
	b.runs, b.headings = s.runs, s.headings
	b.Root = root
	if !s.defines {
		b.visibleDefs = definitions(b.Root, b.VisibleSource)
		return b
	}
	// A definition was hidden. Parse what is visible again, so that a
	// shared paragraph's [text][ref] cannot reach a private address, and
	// apply the rule to the new tree too.
	ranges := make([][2]int, 0, len(s.runs))
	for _, r := range s.runs {
		ranges = append(ranges, [2]int{r.start, r.end})
	}
	for range 4 {
		vis := cut(src, ranges)
		root = tree(vis)
		again := stripper{rule: rule, src: vis}
		again.walk(root)
		b.Root, b.VisibleSource = root, vis
		if !again.defines {
			b.visibleDefs = definitions(b.Root, b.VisibleSource)
			return b
		}
		src, ranges = vis, ranges[:0]
		for _, r := range again.runs {
			ranges = append(ranges, [2]int{r.start, r.end})
		}
	}
	// Removing private passages kept making new ones that define links:
	// keep no link that a definition could have made.
	unlinkReferences(b.Root)
	return b
}

// definitions are the destinations of the link reference definitions in a
// visible tree. They are found as the body is parsed, before any handout
// rewrites the tree (Prepare), which another handout may do meanwhile.
func definitions(root ast.Node, src []byte) map[string]bool {
	if !bytes.Contains(src, []byte("]:")) {
		return nil // no line can define a link
	}
	var defs map[string]bool
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil
		}
		if d, ok := n.(*ast.LinkReferenceDefinition); ok {
			if defs == nil {
				defs = map[string]bool{}
			}
			defs[string(d.Destination)] = true
		}
		return ast.WalkContinue, nil
	})
	return defs
}

// IsPrivate reports whether the body has any private passage.
func (b *Body) IsPrivate() bool { return len(b.runs) > 0 }

// cut returns src without the byte ranges, which are sorted and line-aligned.
func cut(src []byte, ranges [][2]int) []byte {
	out := make([]byte, 0, len(src))
	at := 0
	for _, r := range ranges {
		if r[0] > at {
			out = append(out, src[at:r[0]]...)
		}
		at = max(at, r[1])
	}
	return append(out, src[at:]...)
}

// unlinkReferences turns every link made from a link reference definition
// into its words.
func unlinkReferences(root ast.Node) {
	var links []*ast.Link
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering && l.Reference != nil {
			links = append(links, l)
		}
		return ast.WalkContinue, nil
	})
	for _, l := range links {
		parent := l.Parent()
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l, c)
			c = next
		}
		parent.RemoveChild(parent, l)
	}
}

// stripper applies the rule to a tree, taking private sections out.
type stripper struct {
	rule     Rule
	src      []byte
	record   bool // keep the headings read, for sections and check
	runs     []run
	headings []heading
	defines  bool // a hidden node defines a link reference or footnote
}

// walk takes the private sections out of parent's children, and looks
// inside the containers it keeps.
func (s *stripper) walk(parent ast.Node) {
	level := 0 // the level of the private section being taken out; 0 when none
	cur := -1  // its index in s.runs
	for n := parent.FirstChild(); n != nil; {
		next := n.NextSibling()
		h, isHeading := n.(*ast.Heading)
		if level > 0 && isHeading && h.Level <= level {
			s.runs[cur].end = lineStart(s.src, startOf(n, len(s.src)))
			level, cur = 0, -1
		}
		switch top := parent.Kind() == ast.KindDocument; {
		case isHeading && level == 0:
			text := HeadingText(h, s.src)
			private := s.rule.Private(text) || (strings.IndexByte(text, '<') >= 0 && s.rule.Private(withoutTags(h, s.src)))
			if private {
				level = h.Level
				cur = len(s.runs)
				s.runs = append(s.runs, run{heading: text, start: lineStart(s.src, startOf(h, 0))})
			}
			if s.record {
				s.headings = append(s.headings, s.headingAt(h, text, top, private, private))
			}
		case isHeading && s.record && top:
			// A heading inside a private section starts a section of
			// its own, private too.
			s.headings = append(s.headings, s.headingAt(h, HeadingText(h, s.src), top, false, true))
		}
		if level > 0 {
			parent.RemoveChild(parent, n)
			s.runs[cur].nodes = append(s.runs[cur].nodes, n)
			if !s.defines && defines(n) {
				s.defines = true
			}
		} else if mayHoldHeadings(n) {
			s.walk(n)
		}
		n = next
	}
	if cur >= 0 {
		s.runs[cur].end = lineStart(s.src, nextStart(parent, len(s.src)))
	}
}

func (s *stripper) headingAt(h *ast.Heading, text string, top, private, hidden bool) heading {
	// goldmark may place an empty heading past the end of the source (an
	// empty "#" after a tab in a list item): positions are kept within it.
	clamp := func(i int) int { return max(0, min(i, len(s.src))) }
	at := clamp(startOf(h, 0))
	if h.Lines().Len() > 0 {
		at = clamp(h.Lines().At(0).Start)
	}
	hd := heading{level: h.Level, text: text, at: at, line: lineStart(s.src, clamp(startOf(h, 0))), top: top, private: private, hidden: hidden}
	last := at
	if n := h.Lines().Len(); n > 0 {
		last = h.Lines().At(n - 1).Start
	}
	hd.end = lineEnd(s.src, last)
	if !isATX(s.src[hd.line:]) {
		hd.end = lineEnd(s.src, hd.end) // the setext underline
	}
	return hd
}

// mayHoldHeadings reports whether a node's children are blocks, where a
// heading could be: the document, block quotes, lists and their items.
func mayHoldHeadings(n ast.Node) bool {
	c := n.FirstChild()
	return n.Type() == ast.TypeBlock && c != nil && c.Type() == ast.TypeBlock
}

// defines reports whether n or a block inside it defines something that
// text elsewhere refers to: a link reference definition or a footnote.
func defines(n ast.Node) bool {
	found := false
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c.Type() != ast.TypeBlock {
			return ast.WalkSkipChildren, nil
		}
		switch c.Kind() {
		case ast.KindLinkReferenceDefinition, east.KindFootnote, east.KindFootnoteList:
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// startOf is the offset in the source where a block starts, or def when
// neither it nor anything in it says.
func startOf(n ast.Node, def int) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if p := startOf(c, -1); p >= 0 {
			return p
		}
	}
	return def
}

// nextStart is where the first block after n starts: n's next sibling, or
// the next sibling of its nearest ancestor that has one; def at the end.
func nextStart(n ast.Node, def int) int {
	for ; n != nil; n = n.Parent() {
		for s := n.NextSibling(); s != nil; s = s.NextSibling() {
			if p := startOf(s, -1); p >= 0 {
				return p
			}
		}
	}
	return def
}

func lineStart(src []byte, off int) int {
	off = min(max(off, 0), len(src))
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

func lineEnd(src []byte, off int) int {
	off = min(max(off, 0), len(src))
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// isATX reports whether a line opens an ATX heading: up to three spaces,
// one to six #s, then a space, a tab or the end of the line.
func isATX(line []byte) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	n := 0
	for i+n < len(line) && line[i+n] == '#' {
		n++
	}
	if n == 0 || n > 6 {
		return false
	}
	i += n
	return i == len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\n'
}

// HeadingText is a heading's text as a reader sees it: without markup,
// with character references (&#80;, &amp;) and the typographer's marks
// resolved. Raw HTML in it is kept as text, as handouts show it.
func HeadingText(h ast.Node, src []byte) string {
	return html.UnescapeString(PlainText(h, src, true))
}

// withoutTags is a heading's text without its raw HTML, so that
// "<b>Private</b>" reads as Private too.
func withoutTags(h ast.Node, src []byte) string {
	return html.UnescapeString(PlainText(h, src, false))
}

// PlainText is the text of a node's inline content, without markup, as it
// is written in the source (character references unresolved). Raw HTML is
// included when rawHTML is true.
func PlainText(n ast.Node, src []byte, rawHTML bool) string {
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
			if rawHTML {
				for i := 0; i < v.Segments.Len(); i++ {
					seg := v.Segments.At(i)
					b.Write(seg.Value(src))
				}
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
