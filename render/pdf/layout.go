package pdf

import (
	"slices"
	"strconv"
	"strings"

	"github.com/go-text/typesetting/segmenter"
)

// rgb is a colour.
type rgb struct{ r, g, b uint8 }

// The palette is the HTML handouts' (templates/css/handout.css), so the
// two read as one family: near-black ink, a calm deep teal for headings and
// links, greys for rules, boxes and the footer.
var (
	textColor    = rgb{0x1f, 0x23, 0x28} // --ink
	headingColor = rgb{0x2e, 0x5e, 0x63} // --accent
	linkColor    = rgb{0x2e, 0x5e, 0x63} // --accent
	mutedColor   = rgb{0x5b, 0x63, 0x6b} // --muted
	ruleColor    = rgb{0xc9, 0xce, 0xd3} // --rule
	faintColor   = rgb{0xe3, 0xe6, 0xe9} // --hair
	shadeColor   = rgb{0xf3, 0xf5, 0xf6}
)

// LargeBodySize is the body text of a large-print handout, in points: 16 pt
// is where large print starts in the guidance of sight-loss charities.
const LargeBodySize = 16.0

// Type sizes and spacing, in points.
const (
	bodySize    = 10.5
	leading     = 1.42 // line height as a multiple of the font size
	paraGap     = 7.0
	indent      = 18.0
	cellPadX    = 6.0
	cellPadY    = 4.0
	writingLine = 22.0 // the ruled lines of a form, for handwriting (7.8 mm)
	checkCol    = 22.0 // the tick-box column of a checklist table
)

type opKind uint8

const (
	opText   opKind = iota
	opLine          // from (x, y) to (x+w, y+h)
	opRect          // stroked rectangle
	opFill          // filled rectangle
	opLink          // link annotation over (x, y, w, h)
	opBox           // tick box; checked when text is "x"; size is the magnification
	opCircle        // stroked circle in the box (x, y, w, h)
)

// op is one drawing operation. Inside a chunk y is relative to the
// chunk's top; on a page it is absolute, from the top edge.
type op struct {
	kind       opKind
	x, y, w, h float64
	face       face
	size       float64
	text       string
	color      rgb
	url        string // a link's address; also on the text of the link
	// el is the structure element a text or tick box belongs to, read in
	// the order of seq; nil makes the op page furniture (an artifact).
	el  *elem
	seq int
}

// chunk is a piece of the flow that is never split across pages: a line
// of text, a table row, a form box.
type chunk struct {
	h      float64 // height
	before float64 // space above, dropped at the top of a page
	ops    []op
	keep   bool    // stay on the same page as the next chunk
	header *chunk  // repeated first when this chunk starts a new page
	brk    bool    // a forced page break
	base   float64 // baseline of the first text line, for list markers
}

// layouter turns blocks into chunks and chunks into pages.
type layouter struct {
	missing map[rune]bool
	depth   int     // list nesting
	room    float64 // height of a page's content area, 0 if unknown
	large   bool    // large print: code is set at the body size, not smaller
	parent  *elem   // the structure element blocks are laid out in
	seq     int     // the last element's or content's place in reading order

	seg  segmenter.Segmenter // finds where lines may break, reused
	segs []int               // what segments returns, reused
}

func (l *layouter) fit(f face, s string) []seg {
	return fit(f, s, func(r rune) { l.missing[r] = true })
}

// width is how wide text is set on one line.
func (l *layouter) width(t Text, ts textStyle) float64 {
	w := 0.0
	gap := 0.0
	for _, wd := range l.words(t, ts) {
		w += gap + wd.w
		gap = wd.space
	}
	return w
}

// lineHeight is the height of a line whose largest text is size points.
func lineHeight(size float64) float64 { return size * leading }

// baseline is where text sits in a line of height h set at size points.
func baseline(size, h float64) float64 {
	// Liberation Serif: ascent 0.891 em, descent 0.216 em; centre the ink
	// box (the sans is within a hair of it).
	return (h-1.107*size)/2 + 0.891*size
}

// textChunks sets wrapped lines, one chunk each, at x within width.
func (l *layouter) textChunks(t Text, ts textStyle, x, width float64, align Align) []chunk {
	lines, rtl := l.wrapDir(t, ts, width)
	if rtl && align == AlignLeft {
		align = AlignRight
	}
	out := make([]chunk, 0, len(lines))
	for _, ln := range lines {
		h := lineHeight(ln.size)
		c := chunk{h: h, base: baseline(ln.size, h)}
		dx := x
		switch align {
		case AlignCentre:
			dx += (width - ln.width) / 2
		case AlignRight:
			dx += width - ln.width
		}
		c.ops = lineOps(ln, dx, c.base, nil)
		out = append(out, c)
	}
	return out
}

// lineOps draws a line's pieces with their baseline at y.
func lineOps(ln line, x, y float64, ops []op) []op {
	for _, p := range ln.pieces {
		px := x + p.x
		if p.style&Code != 0 {
			ops = append(ops, op{kind: opFill, x: px - 1.5, y: y - p.size*0.95, w: p.w + 3, h: p.size * 1.25, color: shadeColor})
		}
		ops = append(ops, op{kind: opText, x: px, y: y, face: p.face, size: p.size, text: p.text, color: p.color, url: p.url})
		if p.style&Strike != 0 {
			ops = append(ops, op{kind: opLine, x: px, y: y - p.size*0.3, w: p.w, size: 0.6, color: p.color})
		}
		if p.url != "" {
			ops = append(ops, op{kind: opLine, x: px, y: y + p.size*0.15, w: p.w, size: 0.5, color: p.color})
			ops = append(ops, op{kind: opLink, x: px, y: y - p.size, w: p.w, h: p.size * 1.3, url: p.url})
		}
	}
	return ops
}

// blocks lays out a run of blocks at x within width.
func (l *layouter) blocks(bs []Block, x, width float64) []chunk {
	var out []chunk
	for _, b := range bs {
		cs := l.block(b, x, width)
		if len(out) > 0 && len(cs) > 0 && out[len(out)-1].keep {
			// A heading keeps with the first two lines of what follows; a
			// spacer between them passes the keeping on.
			if len(cs) > 1 || cs[0].h == 0 {
				cs[0].keep = true
			}
		}
		out = append(out, cs...)
	}
	return out
}

// deref gives the block a pointer points to, so that a caller may pass
// either.
func deref(b Block) Block {
	switch v := b.(type) {
	case *Heading:
		return *v
	case *Paragraph:
		return *v
	case *List:
		return *v
	case *Table:
		return *v
	case *Rule:
		return Rule{}
	case *Form:
		return *v
	case *KeyValue:
		return *v
	case *CodeBlock:
		return *v
	case *Quote:
		return *v
	case *Spacer:
		return *v
	case *PageBreak:
		return PageBreak{}
	}
	return b
}

// block lays out one block and makes its structure element.
func (l *layouter) block(b Block, x, width float64) []chunk {
	switch b := deref(b).(type) {
	case Heading:
		level := b.Level
		if b.Outline > 0 {
			level = b.Outline
		}
		e := l.open("H" + strconv.Itoa(min(max(level, 1), 6)))
		cs := l.heading(b, x, width)
		l.claim(cs, e)
		return cs
	case Paragraph:
		e := l.open("P")
		cs := l.paragraph(b.Text, x, width)
		l.claim(cs, e)
		return cs
	case List:
		return l.within(l.open("L"), func() []chunk { return l.list(b, x, width) })
	case Table:
		return l.within(l.open("Table"), func() []chunk { return l.table(b, x, width) })
	case Rule:
		return []chunk{{h: 14, before: 4, ops: []op{{kind: opLine, x: x, y: 7, w: width, size: 0.6, color: ruleColor}}}}
	case Form:
		return l.within(l.open("Div"), func() []chunk { return l.form(b, x, width) })
	case KeyValue:
		return l.within(l.open("Table"), func() []chunk { return l.keyValue(b, x, width) })
	case CodeBlock:
		e := l.open("Code")
		cs := l.code(b, x, width)
		l.claim(cs, e)
		return cs
	case Quote:
		return l.within(l.open("BlockQuote"), func() []chunk { return l.quote(b, x, width) })
	case Spacer:
		return []chunk{{before: b.Height}}
	case PageBreak:
		return []chunk{{brk: true}}
	}
	return nil
}

// headingStyle gives size, space above and whether a rule follows.
func headingStyle(level int) (size, before float64, rule bool) {
	switch level {
	case 1:
		return 19, 6, true
	case 2:
		return 14, 16, false
	case 3:
		return 12, 12, false
	}
	return bodySize, 10, false
}

func (l *layouter) heading(h Heading, x, width float64) []chunk {
	size, before, rule := headingStyle(h.Level)
	// The title is set in the text face, the headings in the labels', as
	// in the HTML handouts.
	ts := textStyle{size: size, base: Sans | Bold, color: headingColor}
	if h.Level == 1 {
		ts.base = 0
	}
	if h.Level >= 4 {
		ts.color = textColor
	}
	cs := l.textChunks(h.Text, ts, x, width, AlignLeft)
	for i := range cs {
		cs[i].keep = true
	}
	cs[0].before = before
	last := &cs[len(cs)-1]
	if rule {
		last.ops = append(last.ops, op{kind: opLine, x: x, y: last.h + 3, w: width, size: 1.2, color: headingColor})
		last.h += 8
	} else {
		last.h += 2
	}
	return cs
}

func (l *layouter) paragraph(t Text, x, width float64) []chunk {
	cs := l.textChunks(t, textStyle{size: bodySize, color: textColor}, x, width, AlignLeft)
	cs[0].before = paraGap
	// No single line stranded at the foot or head of a page.
	if n := len(cs); n >= 2 {
		cs[0].keep = true
		if n >= 3 {
			cs[n-2].keep = true
		}
	}
	return cs
}

var bullets = []string{"•", "◦", "▪"}

func (l *layouter) list(li List, x, width float64) []chunk {
	var out []chunk
	n := li.Start
	if n == 0 {
		n = 1
	}
	l.depth++
	defer func() { l.depth-- }()
	for i, item := range li.Items {
		// An item is its label (bullet, number or tick box) and its body.
		var lbl *elem
		cs := l.within(l.open("LI"), func() []chunk {
			lbl = l.open("Lbl")
			return l.within(l.open("LBody"), func() []chunk { return l.blocks(item.Blocks, x+indent, width-indent) })
		})
		l.seq++
		lseq := l.seq
		if len(cs) == 0 {
			cs = []chunk{{h: lineHeight(bodySize), base: baseline(bodySize, lineHeight(bodySize))}}
		}
		first := &cs[0]
		// Items sit closer together than paragraphs.
		if i == 0 {
			first.before = paraGap
			if l.depth > 1 {
				first.before = 2
			}
		} else {
			first.before = 3
		}
		y := first.base
		switch {
		case item.Task:
			s := 8.5
			box := op{kind: opBox, x: x + 2, y: y - s + 0.5, w: s, h: s, size: 1, color: textColor, el: lbl, seq: lseq}
			lbl.alt = "to do"
			if item.Checked {
				box.text = "x"
				lbl.alt = "done"
			}
			first.ops = append(first.ops, box)
		case li.Ordered:
			label := strconv.Itoa(n+i) + "."
			w := measure(regular, bodySize, label)
			first.ops = append(first.ops, op{kind: opText, x: x + indent - 5 - w, y: y, face: regular, size: bodySize, text: label, color: textColor, el: lbl, seq: lseq})
		default:
			b := bullets[(l.depth-1)%len(bullets)]
			first.ops = append(first.ops, op{kind: opText, x: x + 5, y: y, face: regular, size: bodySize, text: b, color: mutedColor, el: lbl, seq: lseq})
		}
		out = append(out, cs...)
	}
	return out
}

func (l *layouter) code(c CodeBlock, x, width float64) []chunk {
	size, wrapSize := 9.0, 9.0/0.9 // wrap sets code at 0.9 of the size it is given
	if l.large {
		size, wrapSize = bodySize, bodySize
	}
	h := lineHeight(size)
	text := c.Text
	for len(text) > 0 && text[len(text)-1] == '\n' {
		text = text[:len(text)-1]
	}
	// Spaces in code are kept as they are: made non-breaking, each source
	// line is one word, cut between characters if it is too long.
	var lines []line
	for _, src := range strings.Split(text, "\n") {
		src = strings.ReplaceAll(strings.ReplaceAll(src, "\t", "    "), " ", "\u00a0")
		lines = append(lines, l.wrap(Text{{Text: src, Style: Code}}, textStyle{size: wrapSize, color: textColor}, width-2*cellPadX)...)
	}
	out := make([]chunk, 0, len(lines))
	for i, ln := range lines {
		c := chunk{h: h}
		top := 0.0
		if i == 0 {
			c.before = paraGap
			c.h += cellPadY
			top = cellPadY
		}
		if i == len(lines)-1 {
			c.h += cellPadY
		}
		c.ops = append(c.ops, op{kind: opFill, x: x, y: 0, w: width, h: c.h, color: shadeColor})
		for _, p := range ln.pieces {
			p.style &^= Code // the shading is the whole block's
			ln2 := line{pieces: []piece{p}}
			c.ops = lineOps(ln2, x+cellPadX, top+baseline(size, h), c.ops)
		}
		out = append(out, c)
	}
	return out
}

func (l *layouter) quote(q Quote, x, width float64) []chunk {
	cs := l.blocks(q.Blocks, x+14, width-14)
	for i := range cs {
		top := 0.0
		if i > 0 {
			top = -cs[i].before
		}
		cs[i].ops = append(cs[i].ops, op{kind: opLine, x: x + 3, y: top, h: cs[i].h - top, size: 2, color: faintColor})
		for j := range cs[i].ops {
			if cs[i].ops[j].kind == opText && cs[i].ops[j].color == textColor {
				cs[i].ops[j].color = mutedColor
			}
		}
	}
	return cs
}

func (l *layouter) keyValue(kv KeyValue, x, width float64) []chunk {
	labelW := 0.0
	for _, p := range kv.Rows {
		labelW = max(labelW, l.width(Plain(p.Label), textStyle{size: bodySize, base: Sans | Bold}))
	}
	labelW = min(labelW+14, width*0.36)
	var out []chunk
	for i, p := range kv.Rows {
		// A row of label and value reads as a table row with a row header.
		tr := l.open("TR")
		label := l.textChunks(Plain(p.Label), textStyle{size: bodySize, base: Sans | Bold, color: headingColor}, x, labelW-10, AlignLeft)
		value := l.textChunks(p.Value, textStyle{size: bodySize, color: textColor}, x+labelW, width-labelW, AlignLeft)
		l.within(tr, func() []chunk {
			th := l.open("TH")
			th.scope = "Row"
			l.claim(label, th)
			l.claim(value, l.open("TD"))
			return nil
		})
		c := chunk{h: max(stack(label), stack(value)) + 2*cellPadY}
		c.ops = appendStack(c.ops, label, cellPadY)
		c.ops = appendStack(c.ops, value, cellPadY)
		c.base = cellPadY + label[0].base
		if i == 0 {
			c.before = paraGap
		}
		c.ops = append(c.ops, op{kind: opLine, x: x, y: c.h, w: width, size: 0.4, color: faintColor})
		out = append(out, c)
	}
	return out
}

// stack is the height of chunks set one under another without gaps.
func stack(cs []chunk) float64 {
	h := 0.0
	for _, c := range cs {
		h += c.h
	}
	return h
}

// appendStack copies chunks' ops one under another starting at y.
func appendStack(ops []op, cs []chunk, y float64) []op {
	for _, c := range cs {
		for _, o := range c.ops {
			o.y += y
			ops = append(ops, o)
		}
		y += c.h
	}
	return ops
}

func (l *layouter) form(f Form, x, width float64) []chunk {
	var out []chunk
	if f.Title != "" {
		out = l.heading(Heading{Level: 3, Text: Plain(f.Title)}, x, width)
		l.claim(out, l.open("H3"))
	}
	for i, p := range f.Prompts {
		// The question is read; its box and the lines to write on are not.
		prompt := l.textChunks(Plain(p.Text), textStyle{size: bodySize, base: Sans | Bold, color: headingColor}, x+10, width-20, AlignLeft)
		l.claim(prompt, l.open("P"))
		top := 8.0
		ph := stack(prompt)
		c := chunk{before: 8}
		if i == 0 {
			c.before = paraGap + 2
		}
		c.ops = append(c.ops, op{kind: opFill, x: x, y: 0, w: width, h: ph + 2*top - 2, color: shadeColor})
		c.ops = appendStack(c.ops, prompt, top-1)
		y := ph + 2*top - 2
		if p.Scale > 0 {
			n := len(c.ops)
			c.ops, y = l.scale(c.ops, p.Scale, x+10, y)
			l.claim([]chunk{{ops: c.ops[n:]}}, l.open("P"))
			c.h = y + 8
			c.ops = append(c.ops, op{kind: opRect, x: x, y: 0, w: width, h: c.h, size: 0.7, color: ruleColor})
			c.base = top - 1 + prompt[0].base
			out = append(out, c)
			continue
		}
		lines := max(p.Lines, 1)
		if l.room > 0 {
			// A box taller than a page could only be split: give it the
			// writing lines a page can hold.
			lines = max(1, min(lines, int((l.room-y-8)/writingLine)))
		}
		for range lines {
			y += writingLine
			c.ops = append(c.ops, op{kind: opLine, x: x + 10, y: y, w: width - 20, size: 0.5, color: ruleColor})
		}
		c.h = y + 8
		c.ops = append(c.ops, op{kind: opRect, x: x, y: 0, w: width, h: c.h, size: 0.7, color: ruleColor})
		c.base = top - 1 + prompt[0].base
		out = append(out, c)
	}
	return out
}

// scale draws the numbers 1 to n in circles on a row below y, and returns
// the row's foot.
func (l *layouter) scale(ops []op, n int, x, y float64) ([]op, float64) {
	const d, gap, size = 18.0, 8.0, 9.0
	y += 8
	for i := 1; i <= n; i++ {
		cx := x + float64(i-1)*(d+gap)
		ops = append(ops, op{kind: opCircle, x: cx, y: y, w: d, h: d, size: 0.7, color: ruleColor})
		s := strconv.Itoa(i)
		w := measure(sans, size, s)
		ops = append(ops, op{kind: opText, x: cx + (d-w)/2, y: y + baseline(size, d), face: sans, size: size, text: s, color: mutedColor})
	}
	return ops, y + d
}

// columnWidths sizes table columns from their content: each column gets at
// least its longest word and, if room remains, as much of its unbroken
// width as fits; the table spans the measure.
func (l *layouter) columnWidths(t Table, n int, width float64) []float64 {
	minW := make([]float64, n)
	maxW := make([]float64, n)
	measureCell := func(c int, txt Text, base Style) {
		lo, hi := 0.0, 0.0
		for _, w := range l.words(txt, textStyle{size: bodySize, base: base}) {
			lo = max(lo, w.w)
			hi += w.w + w.space
		}
		minW[c] = max(minW[c], lo+2*cellPadX)
		maxW[c] = max(maxW[c], hi+2*cellPadX)
	}
	for c, h := range t.Header {
		measureCell(c, h, Sans|Bold)
	}
	// Headers stay on one line when the table has room for that.
	headerW := slices.Clone(maxW)
	for _, row := range t.Rows {
		for c, cell := range row {
			if c < n {
				measureCell(c, cell, Sans)
			}
		}
	}
	sum := func(ws []float64) float64 {
		s := 0.0
		for _, w := range ws {
			s += w
		}
		return s
	}
	if len(t.Header) > 0 {
		wider := slices.Clone(minW)
		for c := range wider {
			wider[c] = max(wider[c], headerW[c])
		}
		if sum(wider) <= width {
			minW = wider
		}
	}
	out := make([]float64, n)
	switch lo, hi := sum(minW), sum(maxW); {
	case hi <= width:
		// Every column as wide as its content, and the room left to the
		// widest, the text: a number stays next to its date rather than
		// alone in the middle of a wide column.
		copy(out, maxW)
		out[slices.Index(maxW, slices.Max(maxW))] += width - hi
	case lo <= width:
		for c := range out {
			out[c] = minW[c] + (width-lo)*(maxW[c]-minW[c])/(hi-lo)
		}
	default:
		for c := range out {
			out[c] = minW[c] * width / lo
		}
	}
	return out
}

func (l *layouter) table(t Table, x, width float64) []chunk {
	n := len(t.Header)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	if n == 0 {
		return nil
	}
	// A checklist's tick boxes take a narrow column before the text; rules
	// and shading still span the whole table.
	full, fullW := x, width
	if t.Checklist {
		x, width = x+checkCol, width-checkCol
	}
	widths := l.columnWidths(t, n, width)
	// row lays out one row of cells, a TR of TH or TD elements; box, when
	// set, names a checklist row's tick box, read first in its first cell.
	row := func(cells []Text, base Style, color rgb, role, box string) (chunk, *elem) {
		var c chunk
		var cols [][]chunk
		var lbl *elem
		h := 0.0
		cx := x
		tr := l.open("TR")
		saved := l.parent
		l.parent = tr
		defer func() { l.parent = saved }()
		for i := range n {
			cell := l.open(role)
			if role == "TH" {
				cell.scope = "Column"
			}
			if i == 0 && box != "" {
				l.parent = cell
				lbl = l.open("Lbl")
				lbl.alt = box
				l.parent = tr
			}
			var text Text
			if i < len(cells) {
				text = cells[i]
			}
			align := AlignLeft
			if i < len(t.Align) {
				align = t.Align[i]
			}
			cs := l.textChunks(text, textStyle{size: bodySize, base: base, color: color}, cx+cellPadX, widths[i]-2*cellPadX, align)
			l.claim(cs, cell)
			cols = append(cols, cs)
			h = max(h, stack(cs))
			cx += widths[i]
		}
		c.h = h + 2*cellPadY
		for _, cs := range cols {
			c.ops = appendStack(c.ops, cs, cellPadY)
		}
		c.ops = append(c.ops, op{kind: opLine, x: full, y: c.h, w: fullW, size: 0.5, color: faintColor})
		if len(cols) > 0 && len(cols[0]) > 0 {
			c.base = cellPadY + cols[0][0].base
		}
		return c, lbl
	}
	out := make([]chunk, 0, len(t.Rows)+1)
	var header *chunk
	if hasText(t.Header) {
		h, _ := row(t.Header, Sans|Bold, headingColor, "TH", "")
		h.ops = slices.Insert(h.ops, 0, op{kind: opFill, x: full, y: 0, w: fullW, h: h.h, color: shadeColor})
		h.ops[len(h.ops)-1].color = ruleColor
		h.ops[len(h.ops)-1].size = 0.8
		header = &h
		first := h
		first.keep = true
		out = append(out, first)
	}
	for i, r := range t.Rows {
		ticked := t.Checklist && i < len(t.Ticked) && t.Ticked[i]
		alt := ""
		switch {
		case ticked:
			alt = "done"
		case t.Checklist:
			alt = "to do"
		}
		c, lbl := row(r, Sans, textColor, "TD", alt)
		c.header = header
		if t.Checklist {
			const s = 8.5
			box := op{kind: opBox, x: full + (checkCol-s)/2, y: c.base - s + 0.5, w: s, h: s, size: 1, color: textColor, el: lbl}
			if lbl != nil {
				box.seq = lbl.seq
			}
			if ticked {
				box.text = "x"
			}
			c.ops = append(c.ops, box)
		}
		out = append(out, c)
	}
	if len(out) > 0 {
		out[0].before = paraGap + 2
	}
	return out
}

// hasText reports whether any cell has something to show.
func hasText(cells []Text) bool {
	for _, c := range cells {
		for _, r := range c {
			if strings.TrimSpace(r.Text) != "" {
				return true
			}
		}
	}
	return false
}
