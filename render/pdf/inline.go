package pdf

import (
	"strings"

	"github.com/go-text/typesetting/bidi"
)

// piece is a stretch of text in one face, size and colour, placed at x on
// a line.
type piece struct {
	x     float64
	w     float64
	text  string
	face  face
	size  float64
	style Style
	url   string
	color rgb
	level bidi.Level // embedding level: odd is right to left
	space bool       // an inter-word space, only while a line is set
}

// line is one wrapped line of inline text.
type line struct {
	pieces []piece
	width  float64 // of the text actually set
	size   float64 // largest font size on the line
}

// word is a stretch of text with no break opportunity inside it; it may
// mix styles ("**bold**,").
type word struct {
	pieces []piece
	w      float64
	space  float64 // width of the space that follows, 0 if none
	brk    bool    // a hard line break follows

	spaceLevel bidi.Level // the embedding level of that space
}

// textStyle is how a block sets its inline text.
type textStyle struct {
	size  float64
	base  Style // added to every run, e.g. Bold for headings
	color rgb
}

// words splits runs into words, the stretches between two places a line
// may break (UAX #14: after a space, between two CJK characters; not after
// a hyphen or slash), fitting every character to a face on the way and giving
// each piece its bidi embedding level (UAX #9) for the line's reordering.
func (l *layouter) words(t Text, ts textStyle) []word {
	words, _ := l.wordsDir(t, ts)
	return words
}

// wordsDir is words that also says whether the text reads right to left.
func (l *layouter) wordsDir(t Text, ts textStyle) ([]word, bool) {
	full, starts := flatten(t)
	levels, rtl := bidiLevels(full)
	var out []word
	var cur word
	flush := func() {
		if len(cur.pieces) > 0 {
			out = append(out, cur)
		}
		cur = word{}
	}
	style := func(ri int) (face, float64, Style, rgb) {
		r := t[ri]
		st := r.Style | ts.base
		size := ts.size
		if st&Code != 0 && !l.large {
			size = ts.size * 0.9 // in large print nothing shrinks below the text around it
		}
		color := ts.color
		if r.URL != "" {
			color = linkColor
		}
		return faceFor(st), size, st, color
	}
	// add appends full[a:b], all in run ri, to the current word, split
	// where the embedding level changes.
	add := func(ri, a, b int) {
		f, size, st, color := style(ri)
		for a < b {
			e := a + 1
			for e < b && levels[e] == levels[a] {
				e++
			}
			for _, sg := range l.fit(f, full[a:e]) {
				text := sg.text
				if levels[a]%2 == 1 {
					text = shapeRTL(sg.face, text)
				}
				w := measure(sg.face, size, text)
				cur.pieces = append(cur.pieces, piece{w: w, text: text, face: sg.face, size: size, style: st, url: t[ri].URL, color: color, level: levels[a]})
				cur.w += w
			}
			a = e
		}
	}
	end := func(i int) int {
		if i+1 < len(t) {
			return starts[i+1]
		}
		return len(full)
	}
	ri, pos := 0, 0
	for _, n := range l.segments(full) {
		a := pos
		pos += n
		b := pos
		brk := false
		if b > a && full[b-1] == '\n' {
			b--
			brk = true
		}
		c := b
		for c > a && (full[c-1] == ' ' || full[c-1] == '\t') {
			c--
		}
		// The content full[a:c] may span runs ("**bold**,").
		for ri+1 < len(t) && end(ri) <= a {
			ri++
		}
		for i := ri; i < len(t) && starts[i] < c; i++ {
			if lo, hi := max(a, starts[i]), min(c, end(i)); lo < hi {
				add(i, lo, hi)
			}
		}
		for ri+1 < len(t) && end(ri) <= c {
			ri++
		}
		if c < b { // a space follows
			f, size, _, _ := style(ri)
			if len(cur.pieces) > 0 {
				cur.space = measure(f, size, " ")
				cur.spaceLevel = levels[c]
			} else if len(out) > 0 && out[len(out)-1].space == 0 && !out[len(out)-1].brk {
				out[len(out)-1].space = measure(f, size, " ")
				out[len(out)-1].spaceLevel = levels[c]
			}
		}
		if brk {
			if len(cur.pieces) == 0 {
				f, size, _, _ := style(ri)
				cur.pieces = append(cur.pieces, piece{face: f, size: size})
			}
			cur.brk = true
		}
		if !brk && c == b && (strings.HasSuffix(full[a:c], "-") || strings.HasSuffix(full[a:c], "\u2010") || strings.HasSuffix(full[a:c], "/")) {
			// No break after a hyphen or a slash: "north-field.example"
			// broken after "north-" could be copied without its hyphen.
			continue
		}
		flush()
	}
	flush()
	return out, rtl
}

// segments gives the byte lengths of the stretches of text between two
// places a line may break, each with the spaces that follow it and a line
// break that ends it. Plain ASCII, most text, breaks at spaces alone, as
// UAX #14 has it once hyphens and slashes are kept whole; anything else
// goes through the Unicode line breaker.
func (l *layouter) segments(full string) []int {
	l.segs = l.segs[:0]
	if !asciiText(full) {
		l.seg.Init([]rune(full))
		it := l.seg.LineIterator()
		for it.Next() {
			l.segs = append(l.segs, it.Line().LengthInBytes)
		}
		return l.segs
	}
	for i := 0; i < len(full); {
		start := i
		for i < len(full) && full[i] != ' ' && full[i] != '\t' && full[i] != '\n' {
			i++
		}
		for i < len(full) && (full[i] == ' ' || full[i] == '\t') {
			i++
		}
		if i < len(full) && full[i] == '\n' {
			i++
		}
		l.segs = append(l.segs, i-start)
	}
	return l.segs
}

// asciiText reports whether s is ASCII, control characters allowed.
func asciiText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// flatten joins the runs' text, line endings made "\n", and gives where
// each run starts in it.
func flatten(t Text) (string, []int) {
	var b strings.Builder
	starts := make([]int, len(t))
	for i, r := range t {
		starts[i] = b.Len()
		// Invalid UTF-8 is made U+FFFD first, so that byte offsets here and
		// in the line breaker's runes agree.
		text := strings.ToValidUTF8(r.Text, "\uFFFD")
		if strings.IndexByte(text, '\r') >= 0 {
			text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
		}
		b.WriteString(text)
	}
	return b.String(), starts
}

// wrap breaks text into lines no wider than width where a line may break;
// a word wider than the whole line is cut between characters, never
// hyphenated. Each line is then put in visual order (see reorder).
func (l *layouter) wrap(t Text, ts textStyle, width float64) []line {
	lines, _ := l.wrapDir(t, ts, width)
	return lines
}

// wrapDir is wrap that also says whether the text reads right to left,
// so that it is set against the right edge.
func (l *layouter) wrapDir(t Text, ts textStyle, width float64) ([]line, bool) {
	var lines []line
	var words []word
	x := 0.0
	gap := 0.0 // space owed before the next word on this line
	newLine := func() {
		lines = append(lines, setLine(words, ts.size))
		words = words[:0]
		x, gap = 0, 0
	}
	all, rtl := l.wordsDir(t, ts)
	for _, w := range all {
		if len(words) > 0 && x+gap+w.w > width+0.01 { // a hair of slack for rounding
			newLine()
		}
		if w.w > width+0.01 && len(words) == 0 { // the same slack: a column sized to its widest word keeps it whole
			parts := cutWord(w, width)
			for i, part := range parts {
				if len(words) > 0 {
					newLine()
				}
				if i == len(parts)-1 {
					part.space, part.spaceLevel, part.brk = w.space, w.spaceLevel, w.brk
				}
				words = append(words, part)
				x = part.w
			}
		} else {
			words = append(words, w)
			x += gap + w.w
		}
		gap = w.space
		if w.brk {
			newLine()
		}
	}
	if len(words) > 0 || len(lines) == 0 {
		lines = append(lines, setLine(words, ts.size))
	}
	return lines, rtl
}

// setLine places a line's words in visual order.
func setLine(words []word, size float64) line {
	ln := line{size: size}
	var units []piece
	for i, w := range words {
		if i > 0 && words[i-1].space > 0 {
			units = append(units, piece{w: words[i-1].space, level: words[i-1].spaceLevel, space: true})
		}
		units = append(units, w.pieces...)
	}
	reorder(units)
	x, gap := 0.0, 0.0
	for _, u := range units {
		if u.space {
			gap += u.w
			continue
		}
		place(&ln, []piece{u}, x, gap)
		x += gap + u.w
		gap = 0
	}
	ln.width = x
	return ln
}

// place appends a word's pieces to a line at x after a space of gap,
// merging with the previous piece when the style is the same, so a line
// of plain text is drawn as one string.
func place(ln *line, ps []piece, x, gap float64) {
	for i, p := range ps {
		if p.text == "" {
			continue
		}
		if p.size > ln.size {
			ln.size = p.size
		}
		if n := len(ln.pieces); n > 0 {
			last := &ln.pieces[n-1]
			if last.face == p.face && last.size == p.size && last.style == p.style && last.url == p.url && last.color == p.color {
				if i == 0 && gap > 0 {
					last.text += " "
					last.w += gap
				}
				last.text += p.text
				last.w += p.w
				x += p.w
				if i == 0 {
					x += gap
				}
				continue
			}
		}
		if i == 0 {
			x += gap
		}
		p.x = x
		ln.pieces = append(ln.pieces, p)
		x += p.w
	}
}

// cutWord splits a too-long word into parts no wider than width.
func cutWord(w word, width float64) []word {
	var parts []word
	var cur word
	for _, p := range w.pieces {
		var b strings.Builder
		bw := 0.0
		for _, r := range p.text {
			rw := measure(p.face, p.size, string(r))
			if cur.w+bw+rw > width && (cur.w+bw) > 0 {
				if b.Len() > 0 {
					q := p
					q.text, q.w = b.String(), bw
					cur.pieces = append(cur.pieces, q)
					cur.w += bw
				}
				parts = append(parts, cur)
				cur = word{}
				b.Reset()
				bw = 0
			}
			b.WriteRune(r)
			bw += rw
		}
		if b.Len() > 0 {
			q := p
			q.text, q.w = b.String(), bw
			cur.pieces = append(cur.pieces, q)
			cur.w += bw
		}
	}
	if len(cur.pieces) > 0 {
		parts = append(parts, cur)
	}
	return parts
}
