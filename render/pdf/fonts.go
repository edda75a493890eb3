package pdf

import (
	"strings"
	"sync"
	"unicode"

	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// face is a font: one of the embedded Liberation faces, or above numFaces
// a system font found to draw what they cannot (see fallback.go).
type face uint8

// The embedded faces: a serif for running text, as the HTML handouts set
// their notes, a matching sans-serif for labels, headings and tables, and
// a monospace for code.
const (
	regular face = iota
	bold
	italic
	boldItalic
	sans
	sansBold
	sansItalic
	sansBoldItalic
	mono
	numFaces
)

// fontData holds the TrueType bytes of each face. Liberation (SIL Open
// Font License) covers Latin with Vietnamese and Polish, Greek, Cyrillic,
// Hebrew and the typographic punctuation; other scripts come from the
// system's fonts.
var fontData = [numFaces][]byte{
	liberationserifregular.TTF, liberationserifbold.TTF, liberationserifitalic.TTF, liberationserifbolditalic.TTF,
	liberationsansregular.TTF, liberationsansbold.TTF, liberationsansitalic.TTF, liberationsansbolditalic.TTF,
	liberationmonoregular.TTF,
}

// fontFamily names each face inside the PDF.
var fontFamily = [numFaces]string{
	"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic",
	"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic", "LiberationSans-BoldItalic",
	"LiberationMono",
}

// faceFor picks the face for an inline style.
func faceFor(s Style) face {
	if s&Code != 0 {
		return mono
	}
	f := regular
	if s&Sans != 0 {
		f = sans
	}
	switch {
	case s&Bold != 0 && s&Italic != 0:
		return f + boldItalic
	case s&Bold != 0:
		return f + bold
	case s&Italic != 0:
		return f + italic
	}
	return f
}

// tableSize is how many code points get a precomputed width: Latin, Greek,
// Cyrillic, Hebrew, Arabic, punctuation, arrows, maths, box drawing and
// geometric shapes.
const tableSize = 0x2600

// metrics measures text in one face the way gopdf writes its widths:
// whole thousandths of an em, no kerning.
type metrics struct {
	name  string // the font's name inside the PDF
	data  []byte // the font as embedded: without hinting
	font  *sfnt.Font
	upem  int
	width [tableSize]uint16 // advance in 1/1000 em plus one; 0 means no glyph
}

var (
	loadOnce sync.Once
	loaded   [numFaces]*metrics
)

// fonts returns the metrics of every embedded face, parsing the fonts once.
func fonts() *[numFaces]*metrics {
	loadOnce.Do(func() {
		for f := range numFaces {
			m, err := newMetrics(fontFamily[f], fontData[f])
			if err != nil {
				panic("pdf: embedded font does not parse: " + err.Error())
			}
			loaded[f] = m
		}
	})
	return &loaded
}

// newMetrics parses a TrueType font, without its hinting, and measures the
// common characters once.
func newMetrics(name string, data []byte) (*metrics, error) {
	if d, err := dehint(data); err == nil {
		data = d
	}
	parsed, err := sfnt.Parse(data)
	if err != nil {
		return nil, err
	}
	m := &metrics{name: name, data: data, font: parsed, upem: int(parsed.UnitsPerEm())}
	if m.upem <= 0 {
		m.upem = 1000
	}
	var buf sfnt.Buffer
	for r := rune(0); r < tableSize; r++ {
		if w, ok := m.lookup(&buf, r); ok {
			m.width[r] = uint16(min(w, 0xfffe) + 1)
		}
	}
	return m, nil
}

// metricsOf gives a face's metrics, an embedded face's or a system font's.
func metricsOf(f face) *metrics {
	if f < numFaces {
		return fonts()[f]
	}
	return systemFace(f)
}

// lookup reads a rune's advance from the font itself.
func (m *metrics) lookup(buf *sfnt.Buffer, r rune) (int, bool) {
	g, err := m.font.GlyphIndex(buf, r)
	if err != nil || g == 0 {
		return 0, false
	}
	adv, err := m.font.GlyphAdvance(buf, g, fixed.I(m.upem), font.HintingNone)
	if err != nil || adv < 0 {
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
	m := metricsOf(f)
	total := 0
	for _, r := range s {
		w, _ := m.advance(r)
		total += w
	}
	return float64(total) * size / 1000
}

// substitutes are the same characters drawn another way, for a face that
// lacks them: spaces of other widths, hyphens that only differ in where a
// line may break. Each is tried in order and the first the face has wins.
var substitutes = map[rune][]string{
	'\u2011': {"-"}, '\u2010': {"-"}, '\u2012': {"–"}, '\u2015': {"—"},
	'\u2212': {"−", "-"}, '\u2009': {" "}, '\u200a': {" "}, '\u202f': {" "}, '\u00a0': {" "},
	'\u2002': {" "}, '\u2003': {" "}, '\u2007': {" "}, '\u2008': {" "},
	'\u2028': {" "}, '\u2029': {" "}, '\t': {" "},
}

// invisible characters are dropped on purpose: they draw nothing anyway.
func invisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad',
		'\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
		'\u2066', '\u2067', '\u2068', '\u2069':
		return true
	}
	return unicode.Is(unicode.Variation_Selector, r)
}

// seg is a stretch of text one face draws.
type seg struct {
	face face
	text string
}

// fit splits s into stretches that a face can draw, preferring face f:
// accents are composed first (NFC); a character f lacks is taken from the
// other embedded faces of its kind, then from a system font that has it,
// then drawn as the same character another way (a space, a hyphen) or by
// its compatibility decomposition (ﬁ becomes fi, ² becomes 2). What no
// font draws becomes "?" and is passed to miss, so it can be reported.
func fit(f face, s string, miss func(rune)) []seg {
	m := metricsOf(f)
	if simple(s) {
		return []seg{{f, s}}
	}
	s = norm.NFC.String(s)
	var out []seg
	add := func(g face, t string) {
		if n := len(out); n > 0 && out[n-1].face == g {
			out[n-1].text += t
			return
		}
		out = append(out, seg{g, t})
	}
	for _, r := range s {
		if invisible(r) || unicode.IsControl(r) && r != '\t' {
			continue
		}
		if r != '\t' && r != '\u00a0' {
			if m.has(r) {
				add(f, string(r))
				continue
			}
			if g, ok := sibling(f, r); ok {
				add(g, string(r))
				continue
			}
		}
		if sub, ok := substitute(m, r); ok {
			add(f, sub)
			continue
		}
		if g, ok := fallback(f, r); ok {
			add(g, string(r))
			continue
		}
		if sub, ok := decompose(m, r); ok {
			add(f, sub)
			continue
		}
		miss(r)
		add(f, "?")
	}
	if out == nil {
		out = []seg{{f, ""}}
	}
	return out
}

// sibling is the embedded face of the same weight and slant in the other
// family (the serif for code), if it draws r: Liberation Sans has a few
// letters its serif lacks.
func sibling(f face, r rune) (face, bool) {
	if f >= numFaces {
		return 0, false
	}
	g := regular
	switch {
	case f < sans:
		g = f + sans
	case f < mono:
		g = f - sans
	}
	return g, fonts()[g].has(r)
}

// simple reports whether every rune of s is printable ASCII, the usual
// case, which every embedded face draws.
func simple(s string) bool {
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
	return "", false
}

// decompose draws r by its compatibility decomposition, dropping accents
// the face lacks but never a base character.
func decompose(m *metrics, r rune) (string, bool) {
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

// Drawable reports whether some font, embedded or installed, draws r, or
// the engine sets it another way without a "?" (a space, a hyphen).
func Drawable(r rune) bool {
	ok := true
	fit(regular, string(r), func(rune) { ok = false })
	return ok
}
