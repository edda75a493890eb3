package render

import (
	"testing"

	"github.com/rapport-coach/rapport/render/pdf"
)

func TestTypographic(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ask one question on Monday", "Ask one question on Monday"},
		{`Say "no" to one meeting`, "Say “no” to one meeting"},
		{"Read Amir's report -- then reply", "Read Amir’s report – then reply"},
		{"Try it --- really...", "Try it — really…"},
		{"'Tis the 'quiet' hour", "‘Tis the ‘quiet’ hour"},
		{`"Why?" she asked.`, "“Why?” she asked."},
		{"a half-day, jo@north-field.example", "a half-day, jo@north-field.example"},
		{`("quoted")`, "(“quoted”)"},
	}
	for _, tt := range tests {
		if got := Typographic(tt.in); got != tt.want {
			t.Errorf("Typographic(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTypographicMatchesNotes: a line set by Typographic reads as the same
// line in the notes, set by the Markdown typographer.
func TestTypographicMatchesNotes(t *testing.T) {
	for _, s := range []string{`Say "no" to one meeting`, "Read Amir's report -- then reply", "Try it --- really...", `He said "hi" -- it's done`} {
		d := Parse([]byte(s + "\n"))
		got := plainOf(d)
		if want := Typographic(s); got != want {
			t.Errorf("notes set %q as %q, Typographic as %q", s, got, want)
		}
	}
}

func plainOf(d *Doc) string {
	var s string
	for _, b := range pdf.FromMarkdown(d.Source, d.Root) {
		if p, ok := b.(pdf.Paragraph); ok {
			for _, r := range p.Text {
				s += r.Text
			}
		}
	}
	return s
}
