package pdf

import "strings"

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
}

// textStyle is how a block sets its inline text.
type textStyle struct {
	size  float64
	base  Style // added to every run, e.g. Bold for headings
	color rgb
}

// words splits runs into unbreakable words, fitting every character to
// its face on the way.
func (l *layouter) words(t Text, ts textStyle) []word {
	var out []word
	var cur word
	flush := func() {
		if len(cur.pieces) > 0 {
			out = append(out, cur)
		}
		cur = word{}
	}
	for _, r := range t {
		st := r.Style | ts.base
		f := faceFor(st)
		size := ts.size
		if st&Code != 0 && !l.large {
			size = ts.size * 0.9 // in large print nothing shrinks below the text around it
		}
		color := ts.color
		if r.URL != "" {
			color = linkColor
		}
		text := strings.ReplaceAll(r.Text, "\r\n", "\n")
		for text != "" {
			i := strings.IndexAny(text, " \n\t")
			if i < 0 {
				i = len(text)
			}
			if i > 0 {
				s := l.fit(f, text[:i])
				w := measure(f, size, s)
				cur.pieces = append(cur.pieces, piece{w: w, text: s, face: f, size: size, style: st, url: r.URL, color: color})
				cur.w += w
			}
			if i == len(text) {
				break
			}
			switch text[i] {
			case '\n':
				if len(cur.pieces) == 0 {
					cur.pieces = append(cur.pieces, piece{face: f, size: size})
				}
				cur.brk = true
				flush()
			default:
				if len(cur.pieces) > 0 {
					cur.space = measure(f, size, " ")
					flush()
				} else if len(out) > 0 && out[len(out)-1].space == 0 && !out[len(out)-1].brk {
					out[len(out)-1].space = measure(f, size, " ")
				}
			}
			text = text[i+1:]
		}
	}
	flush()
	return out
}

// wrap breaks text into lines no wider than width, at spaces only; a word
// wider than the whole line is cut between characters, never hyphenated.
func (l *layouter) wrap(t Text, ts textStyle, width float64) []line {
	var lines []line
	cur := line{size: ts.size}
	x := 0.0
	gap := 0.0 // space owed before the next word on this line
	newLine := func() {
		lines = append(lines, cur)
		cur = line{size: ts.size}
		x, gap = 0, 0
	}
	for _, w := range l.words(t, ts) {
		if len(cur.pieces) > 0 && x+gap+w.w > width+0.01 { // a hair of slack for rounding
			newLine()
		}
		if w.w > width+0.01 && len(cur.pieces) == 0 { // the same slack: a column sized to its widest word keeps it whole
			for _, part := range cutWord(w, width) {
				if len(cur.pieces) > 0 {
					newLine()
				}
				place(&cur, part.pieces, 0, 0)
				x = part.w
			}
		} else {
			place(&cur, w.pieces, x, gap)
			x += gap + w.w
		}
		cur.width = x
		gap = w.space
		if w.brk {
			newLine()
		}
	}
	if len(cur.pieces) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
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
