package pdf

import (
	"reflect"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestDehintKeepsOutlines checks that removing hinting changes neither the
// shape nor the width of any glyph, simple or composite (ë, Ł, ά).
func TestDehintKeepsOutlines(t *testing.T) {
	for f := range numFaces {
		orig, err := sfnt.Parse(fontData[f])
		if err != nil {
			t.Fatal(err)
		}
		data, err := dehint(fontData[f])
		if err != nil {
			t.Fatalf("%s: %v", fontFamily[f], err)
		}
		if len(data) >= len(fontData[f]) {
			t.Errorf("%s: %d bytes after dehinting, %d before", fontFamily[f], len(data), len(fontData[f]))
		}
		stripped, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("%s: dehinted font does not parse: %v", fontFamily[f], err)
		}
		if orig.NumGlyphs() != stripped.NumGlyphs() {
			t.Fatalf("%s: %d glyphs, want %d", fontFamily[f], stripped.NumGlyphs(), orig.NumGlyphs())
		}
		var b1, b2 sfnt.Buffer
		ppem := fixed.I(int(orig.UnitsPerEm()))
		for g := range sfnt.GlyphIndex(orig.NumGlyphs()) {
			s1, err1 := orig.LoadGlyph(&b1, g, ppem, nil)
			s2, err2 := stripped.LoadGlyph(&b2, g, ppem, nil)
			if (err1 == nil) != (err2 == nil) || !reflect.DeepEqual(s1, s2) {
				t.Fatalf("%s: glyph %d differs after dehinting (%v, %v)", fontFamily[f], g, err1, err2)
			}
			a1, _ := orig.GlyphAdvance(&b1, g, ppem, font.HintingNone)
			a2, _ := stripped.GlyphAdvance(&b2, g, ppem, font.HintingNone)
			if a1 != a2 {
				t.Fatalf("%s: glyph %d advance %v, want %v", fontFamily[f], g, a2, a1)
			}
		}
	}
	if _, err := dehint([]byte("not a font")); err == nil {
		t.Error("dehint accepted garbage")
	}
}
