package pdf

import (
	"bytes"
	"slices"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/di"
	tsfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// shaper is a font ready for the text shaper, with its glyphs mapped back
// to the characters that draw them.
type shaper struct {
	face *tsfont.Face
	char map[tsfont.GID]rune
}

var shapers struct {
	mu sync.Mutex
	by map[*metrics]*shaper
}

// shapeRTL shapes Arabic text, given in logical order, with the font it
// is set in: each letter takes the form that joins it to its neighbours,
// and lam with alef becomes their ligature. The shaped glyphs are written
// as the characters (Arabic Presentation Forms) the font maps to them, in
// logical order, since the PDF writer draws characters, not glyphs. Text
// that is not Arabic, or a glyph with no character, leaves s unshaped.
func shapeRTL(f face, s string) string {
	if !hasArabic(s) {
		return s
	}
	sh := shaperFor(metricsOf(f))
	if sh == nil {
		return s
	}
	runes := []rune(s)
	var hb shaping.HarfbuzzShaper
	out := hb.Shape(shaping.Input{
		Text: runes, RunStart: 0, RunEnd: len(runes),
		Direction: di.DirectionRTL, Face: sh.face, Size: fixed.I(12),
		Script: language.Arabic, Language: language.NewLanguage("ar"),
	})
	shaped := make([]rune, 0, len(out.Glyphs))
	for _, g := range out.Glyphs {
		r, ok := sh.char[g.GlyphID]
		if !ok {
			return s
		}
		shaped = append(shaped, r)
	}
	slices.Reverse(shaped) // the shaper gives visual order
	return string(shaped)
}

func hasArabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
	}
	return false
}

// shaperFor parses a font for the shaper once.
func shaperFor(m *metrics) *shaper {
	shapers.mu.Lock()
	defer shapers.mu.Unlock()
	if sh, ok := shapers.by[m]; ok {
		return sh
	}
	if shapers.by == nil {
		shapers.by = map[*metrics]*shaper{}
	}
	var sh *shaper
	if face, err := tsfont.ParseTTF(bytes.NewReader(m.data)); err == nil {
		sh = &shaper{face: face, char: map[tsfont.GID]rune{}}
		it := face.Cmap.Iter()
		for it.Next() {
			r, g := it.Char()
			// A glyph the plain letter maps to is written as that letter,
			// which copies and searches best; a joining form only has its
			// presentation form.
			if old, ok := sh.char[g]; !ok || presentation(old) && !presentation(r) || presentation(old) == presentation(r) && r < old {
				sh.char[g] = r
			}
		}
	}
	shapers.by[m] = sh
	return sh
}

func presentation(r rune) bool { return r >= 0xfb50 && r <= 0xfeff }
