package check

import (
	"testing"

	"github.com/rapport-coach/rapport/records"
)

func TestMayLackGlyph(t *testing.T) {
	latin := func(r rune) bool { return r < 0x250 }
	for _, tt := range []struct {
		runes []rune
		want  bool
	}{
		{nil, false},
		{[]rune{'é', 'ß'}, false},
		{[]rune{'é', '\u00a0', '\u2028'}, false}, // spaces and separators are not drawn
		{[]rune{'é', '山'}, true},
		{[]rune{'e', '\u0301'}, true}, // a mark: composed, it may be a letter no font has
	} {
		if got := mayLackGlyph(tt.runes, latin); got != tt.want {
			t.Errorf("mayLackGlyph(%q) = %v, want %v", tt.runes, got, tt.want)
		}
	}
}

// drawsNoSyllables draws Latin, Greek and the Hangul letters (jamo) but not
// the syllables they compose into, nor the Ohm sign's letter.
func drawsNoSyllables(r rune) bool {
	return r < 0x3a9 || r > 0x3a9 && r < 0x400 || r >= 0x1100 && r <= 0x11ff || r == 0x2126
}

// FuzzMayLackGlyph: whenever glyph-missing would name a character of a
// record, the characters the record was parsed to hold let it through.
func FuzzMayLackGlyph(f *testing.F) {
	for _, s := range []string{"café", "cafe\u0301", "\u1100\u1161", "Ohm: \u2126", "Å\u212b", "e\u0301\u0302",
		"山", "\u00a0\u2028\u200b", "ǅ ẞ Ⱥ İ", "\uac00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		data := []byte("---\nkind: session\n---\n" + s + "\n")
		v, _ := records.Parse("clients/a/sessions/s.md", "a", data, false)
		var rec *records.Record
		switch v := v.(type) {
		case *records.Session:
			rec = v.Record
		default:
			return
		}
		var found []records.Problem
		missingGlyphs(rec.Path, data, drawsNoSyllables, Report{rule: &Rule{Name: RuleGlyphMissing}, out: &found})
		if len(found) > 0 && !mayLackGlyph(rec.NonASCII, drawsNoSyllables) {
			t.Fatalf("mayLackGlyph(%q) is false, but glyph-missing finds %s", rec.NonASCII, found[0].Message)
		}
	})
}
