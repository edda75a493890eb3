// Package pdf lays out handouts as PDF without a browser: a small document
// model of blocks (headings, paragraphs, lists, tables, forms, ...) is
// broken into lines and pages with measured text widths and written with
// embedded TrueType fonts. The same document always gives the same bytes.
package pdf

import (
	"strconv"
	"strings"
	"time"
)

// Document is one handout ready to be laid out.
type Document struct {
	Title   string // shown in the PDF viewer's title bar
	Author  string // the coach
	Subject string // e.g. "Session 3 handout"
	Creator string // the program that made it, e.g. "rapport"

	// Created is written as the creation date. It comes from the record
	// (a session's date), never the wall clock, so output is reproducible.
	Created time.Time

	Paper   string  // "A4" (default) or "Letter"
	Margins Margins // in points; zero means the default margins
	// LargePrint sets body text at LargeBodySize rather than 10.5 pt, and
	// everything else, headings, footers, rules, boxes and the lines to
	// write on, in proportion; the margins stay as they are.
	LargePrint bool
	Footer     Footer
	Blocks     []Block

	// Missing is set by Write to the characters no font could draw and that
	// had no close substitute; each was printed as "?". Sorted, no repeats.
	Missing []rune

	// Lang is the language the handout is written in, as a BCP 47 tag
	// such as "en" or "pl": a screen reader picks its voice by it. Empty
	// means "en".
	Lang string
}

// Margins are page margins in points (72 points to the inch).
type Margins struct {
	Top, Right, Bottom, Left float64
}

// Footer is printed at the foot of every page, above the bottom margin's
// edge. The right-hand side reads "page i of N", in the handout's language
// when Pages is set.
type Footer struct {
	Left   string // e.g. the practice's name
	Centre string // e.g. the client's name and the record's revision
	// Pages is the page number with {page} and {pages} where the numbers
	// go, such as "Seite {page} von {pages}"; "" is "page {page} of {pages}".
	Pages string
}

// pageOf is the footer's page number of page i of n.
func (f Footer) pageOf(i, n int) string {
	p := f.Pages
	if p == "" {
		p = "page {page} of {pages}"
	}
	return strings.NewReplacer("{pages}", strconv.Itoa(n), "{page}", strconv.Itoa(i)).Replace(p)
}

// Block is one element of the document's flow.
type Block interface{ block() }

// Style is a set of text style flags for an inline run.
type Style uint8

// Inline styles; they combine, e.g. Bold|Italic.
const (
	Bold Style = 1 << iota
	Italic
	Code
	Strike
	// Sans sets text in the sans-serif face of labels and tables rather
	// than the serif of running text.
	Sans
)

// Run is a piece of text in one style. A run with a URL is a link. A "\n"
// in Text is a hard line break.
type Run struct {
	Text  string
	Style Style
	URL   string
}

// Text is a sequence of inline runs.
type Text []Run

// Plain returns a single unstyled run.
func Plain(s string) Text { return Text{{Text: s}} }

// Heading is a section title, levels 1 (largest) to 4 and beyond. It is
// kept on the same page as the block that follows it.
type Heading struct {
	Level int
	Text  Text
	// Outline is the heading's level for a screen reader when it is drawn
	// at another level's size, such as a one-page notice's smaller
	// headings; 0 means Level.
	Outline int
}

// Paragraph is running text, wrapped to the measure.
type Paragraph struct {
	Text Text
}

// List is a bulleted or numbered list; items hold blocks, so lists nest.
type List struct {
	Ordered bool
	Start   int // first number of an ordered list; 0 means 1
	Items   []ListItem
}

// ListItem is one entry of a list. A task item shows a tick box instead
// of a bullet, ticked when Checked.
type ListItem struct {
	Task    bool
	Checked bool
	Blocks  []Block
}

// Align is a table column's horizontal alignment.
type Align uint8

// Column alignments.
const (
	AlignLeft Align = iota
	AlignCentre
	AlignRight
)

// Table is a grid with a header row. Column widths follow the content;
// the header is repeated when the table runs onto a new page and a row is
// never split across pages.
type Table struct {
	Header []Text
	Align  []Align // per column; missing entries are AlignLeft
	Rows   [][]Text

	// Checklist gives every row a tick box in a narrow first column, such
	// as a client's actions; the box of row i is ticked when Ticked[i].
	Checklist bool
	Ticked    []bool
}

// Rule is a thin horizontal line across the measure.
type Rule struct{}

// Form is a boxed form to fill in by hand, such as the reflection log:
// each prompt sits in its own box followed by ruled writing lines, and a
// box is never split across pages.
type Form struct {
	Title   string
	Prompts []Prompt
}

// Prompt is one question of a Form with room for Lines handwritten lines
// (at most what one page holds, since a box is never split).
type Prompt struct {
	Text  string
	Lines int
	// Scale, when above zero, asks for a number from 1 to Scale instead:
	// the numbers are printed in circles, to circle one, with no lines.
	Scale int
}

// KeyValue is a two-column list of labels and values, such as the terms of
// a coaching agreement.
type KeyValue struct {
	Rows []Pair
}

// Pair is one row of a KeyValue block.
type Pair struct {
	Label string
	Value Text
}

// CodeBlock is preformatted text in a monospaced font.
type CodeBlock struct {
	Text string
}

// Quote is an indented passage with a bar in the margin.
type Quote struct {
	Blocks []Block
}

// Spacer is blank vertical space of Height points.
type Spacer struct {
	Height float64
}

// PageBreak starts a new page.
type PageBreak struct{}

func (Heading) block()   {}
func (Paragraph) block() {}
func (List) block()      {}
func (Table) block()     {}
func (Rule) block()      {}
func (Form) block()      {}
func (KeyValue) block()  {}
func (CodeBlock) block() {}
func (Quote) block()     {}
func (Spacer) block()    {}
func (PageBreak) block() {}
