package pdf

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// face is one of the embedded Go fonts.
type face uint8

const (
	regular face = iota
	bold
	italic
	boldItalic
	mono
	numFaces
)

// fontData holds the TrueType bytes of each face; the Go fonts cover Latin
// (Polish included), Greek, Cyrillic and the usual typographic punctuation.
var fontData = [numFaces][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF, gomono.TTF}

// fontFamily names each face inside the PDF.
var fontFamily = [numFaces]string{"GoRegular", "GoBold", "GoItalic", "GoBoldItalic", "GoMono"}

// faceFor picks the face for an inline style.
func faceFor(s Style) face {
	switch {
	case s&Code != 0:
		return mono
	case s&Bold != 0 && s&Italic != 0:
		return boldItalic
	case s&Bold != 0:
		return bold
	case s&Italic != 0:
		return italic
	}
	return regular
}

// tableSize is how many code points get a precomputed width: Latin, Greek,
// Cyrillic, punctuation, arrows, maths, box drawing and geometric shapes.
const tableSize = 0x2600

// metrics measures text in one face the way gopdf writes its widths:
// whole thousandths of an em, no kerning.
type metrics struct {
	data  []byte // the font as embedded: without hinting
	font  *sfnt.Font
	upem  int
	width [tableSize]uint16 // advance in 1/1000 em plus one; 0 means no glyph
}

var (
	loadOnce sync.Once
	loaded   [numFaces]*metrics
)

// fonts returns the metrics of every face, parsing the fonts once.
func fonts() *[numFaces]*metrics {
	loadOnce.Do(func() {
		for f := range numFaces {
			data := fontData[f]
			if d, err := dehint(data); err == nil {
				data = d
			}
			parsed, err := sfnt.Parse(data)
			if err != nil {
				panic("pdf: embedded font does not parse: " + err.Error())
			}
			m := &metrics{data: data, font: parsed, upem: int(parsed.UnitsPerEm())}
			var buf sfnt.Buffer
			for r := rune(0); r < tableSize; r++ {
				if w, ok := m.lookup(&buf, r); ok {
					m.width[r] = uint16(w + 1)
				}
			}
			loaded[f] = m
		}
	})
	return &loaded
}

// lookup reads a rune's advance from the font itself.
func (m *metrics) lookup(buf *sfnt.Buffer, r rune) (int, bool) {
	g, err := m.font.GlyphIndex(buf, r)
	if err != nil || g == 0 {
		return 0, false
	}
	adv, err := m.font.GlyphAdvance(buf, g, fixed.I(m.upem), font.HintingNone)
	if err != nil {
		return 0, false
	}
	return adv.Round() * 1000 / m.upem, true
}

// advance is a rune's width in thousandths of an em and whether the face
// has a glyph for it.
func (m *metrics) advance(r rune) (int, bool) {
	if r >= 0 && r < tableSize {
		w := m.width[r]
		return int(w) - 1, w != 0
	}
	var buf sfnt.Buffer
	return m.lookup(&buf, r)
}

func (m *metrics) has(r rune) bool {
	_, ok := m.advance(r)
	return ok
}

// measure is the width in points of s set in face f at size points.
func measure(f face, size float64, s string) float64 {
	m := fonts()[f]
	total := 0
	for _, r := range s {
		w, _ := m.advance(r)
		total += w
	}
	return float64(total) * size / 1000
}

// substitutes are close glyphs for characters the Go fonts lack; each is
// tried in order and the first the face has wins.
var substitutes = map[rune][]string{
	'☐': {"□"}, '❏': {"□"}, '☑': {"■"}, '☒': {"■"}, '✅': {"■"},
	'✓': {"√"}, '✔': {"√"}, '✗': {"×"}, '✘': {"×"}, '❌': {"×"},
	'\u2011': {"-"}, '\u2010': {"-"}, '\u2012': {"–"}, '\u2015': {"—"},
	'\u2212': {"−", "-"}, '\u2009': {" "}, '\u200a': {" "}, '\u202f': {" "}, '\u00a0': {" "},
	'\u2002': {" "}, '\u2003': {" "}, '\u2007': {" "}, '\u2008': {" "},
	'★': {"*"}, '☆': {"*"}, '➜': {"→"}, '➔': {"→"}, '⇒': {"→"},
	'„': {"„", "\""}, '‚': {"‚", ","}, '«': {"«", "\""}, '»': {"»", "\""},
	'\u2028': {" "}, '\u2029': {" "}, '\t': {" "},
}

// invisible characters are dropped on purpose: they draw nothing anyway.
func invisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return unicode.Is(unicode.Variation_Selector, r)
}

// fit rewrites s so that face f can draw every character: it composes
// accents first (NFC), then tries a close substitute, then the character's
// compatibility decomposition (ﬁ becomes fi, ² becomes 2). What is still
// left becomes "?" and is passed to miss so it can be reported.
func fit(f face, s string, miss func(rune)) string {
	m := fonts()[f]
	if simple(m, s) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		if invisible(r) || unicode.IsControl(r) && r != '\t' {
			continue
		}
		if m.has(r) && r != '\t' && r != '\u00a0' {
			b.WriteRune(r)
			continue
		}
		if sub, ok := substitute(m, r); ok {
			b.WriteString(sub)
			continue
		}
		miss(r)
		b.WriteByte('?')
	}
	return b.String()
}

// simple reports whether every rune of s is drawable as is, the usual case.
func simple(m *metrics, s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

func substitute(m *metrics, r rune) (string, bool) {
	for _, sub := range substitutes[r] {
		if allDrawable(m, sub) {
			return sub, true
		}
	}
	var kept strings.Builder
	for _, d := range norm.NFKD.String(string(r)) {
		if d == r {
			return "", false
		}
		if m.has(d) {
			kept.WriteRune(d)
		} else if !unicode.Is(unicode.Mn, d) {
			return "", false // a base character is missing, not just an accent
		}
	}
	if kept.Len() == 0 {
		return "", false
	}
	return kept.String(), true
}

func allDrawable(m *metrics, s string) bool {
	for _, r := range s {
		if !m.has(r) {
			return false
		}
	}
	return true
}
