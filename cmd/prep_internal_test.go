package cmd

import "testing"

// TestCapitalise: the first letter is made a capital whole, whatever its
// length in bytes, so a word in another language is never garbled.
func TestCapitalise(t *testing.T) {
	for in, want := range map[string]string{
		"":        "",
		"active":  "Active",
		"ébauche": "Ébauche",
		"ñ":       "Ñ",
		"İpek":    "İpek",
		"łódź":    "Łódź",
	} {
		if got := capitalise(in); got != want {
			t.Errorf("capitalise(%q) = %q, want %q", in, got, want)
		}
	}
}
