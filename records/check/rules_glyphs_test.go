package check

import "testing"

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
