package check

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/records"
)

func TestDrifts(t *testing.T) {
	a := &records.Agreement{
		Sessions: records.Terms{Count: 8, Frequency: "monthly", Minutes: 60},
		Fees:     records.Fees{Amount: 900, Currency: "GBP", Basis: "package"},
	}
	tests := []struct {
		line string
		want []string // the start of each finding's message, in order
	}{
		// The issue's own case: count and frequency changed in the frontmatter only.
		{"We will meet fortnightly, by video, for 60 minutes each time: six sessions in all.",
			[]string{"the prose says six sessions, but the frontmatter agrees eight sessions", "the prose says fortnightly, but the frontmatter agrees monthly"}},
		{"We will meet monthly for 60 minutes: eight sessions in all.", nil},
		{"Eight Sessions of 90-minute coaching.", []string{"the prose says 90-minute"}},
		{"We meet once a month.", nil},
		{"We meet every two weeks.", []string{"the prose says every two weeks"}},
		{"The fee is £900 for the whole package.", nil},
		{"That is £112.50 a session, paid in advance.", nil},
		{"That is £150 a session, paid in advance.", []string{"the prose names a fee of £150"}},
		{"The fee is 1,200 GBP.", []string{"the prose names a fee of 1,200 GBP"}},
		{"The fee is £1,000 for the package.", []string{"the prose names a fee of £1,000"}},
		// Not terms: a moment, a notice period, a cancellation charge,
		// a weekly meeting at work.
		{"After two sessions we will review how it is going.", nil},
		{"If you are more than 15 minutes late to a session, we finish on time.", nil},
		{"A session cancelled with less than 48 hours' notice is charged at £150.", nil},
		{"You want to speak up in the weekly team meeting.", nil},
	}
	for _, tt := range tests {
		got := drifts(tt.line, a)
		if len(got) != len(tt.want) {
			t.Errorf("%q: got %d findings %v, want %d", tt.line, len(got), got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if !strings.HasPrefix(got[i].msg, w) {
				t.Errorf("%q: finding %d = %q, want %q...", tt.line, i, got[i].msg, w)
			}
		}
	}
	// The column points at the contradicting words.
	if got := drifts("Plan: ten sessions.", a); len(got) != 1 || got[0].col != 7 {
		t.Errorf("column: got %v, want one finding at 7", got)
	}
}

// Letters whose lower case is longer or shorter in UTF-8 (Ⱥ, İ) must not
// move the positions found in a sentence: the finding quotes and points at
// what was written.
func TestDriftsNonASCIICase(t *testing.T) {
	a := &records.Agreement{Sessions: records.Terms{Count: 8, Frequency: "monthly", Minutes: 60},
		Fees: records.Fees{Amount: 900, Currency: "GBP", Basis: "package"}}
	tests := []struct {
		line, quote string
		col         int
	}{
		{"ȺȺȺȺ we meet weekly", "weekly", 14},
		{"İpek and I meet weekly", "weekly", 17},
		{"İİİİ: we meet every two weeks.", "every two weeks", 15},
		{"ȺȺȺȺȺȺȺȺȺȺȺȺ we meet Weekly", "Weekly", 22},
		{"ẞẞ İpek: six sessions in all.", "six sessions", 10},
		{"İİ Kelvin meets for 90 minutes per session.", "90 minutes", 21},
	}
	for _, tt := range tests {
		got := drifts(tt.line, a)
		if len(got) != 1 || !strings.Contains(got[0].msg, "says "+tt.quote+",") || got[0].col != tt.col {
			t.Errorf("%q: got %+v, want one finding quoting %q at column %d", tt.line, got, tt.quote, tt.col)
		}
	}
}

// FuzzDrifts: no prose makes terms-drift panic, and each finding points at
// a character of the line and quotes what is written there.
func FuzzDrifts(f *testing.F) {
	for _, s := range []string{"ȺȺȺȺ we meet weekly", "İpek and I meet weekly", "We meet every two weeks.",
		"Eight Sessions of 90-minute coaching.", "The fee is £1,000 for the package.", "ſix ſessions, KELVIN meets weekly.",
		"ǅ Ω ẞ: we meet fortnightly for 45 mins; six sessions at €200."} {
		f.Add(s)
	}
	a := &records.Agreement{Sessions: records.Terms{Count: 8, Frequency: "monthly", Minutes: 60},
		Fees: records.Fees{Amount: 900, Currency: "GBP", Basis: "package"}}
	f.Fuzz(func(t *testing.T, line string) {
		if !utf8.ValidString(line) {
			return
		}
		runes := []rune(line)
		for _, d := range drifts(line, a) {
			if d.col < 1 || d.col > len(runes) {
				t.Fatalf("%q: column %d outside the line", line, d.col)
			}
			quote, ok := strings.CutPrefix(d.msg, "the prose says ")
			if !ok {
				continue // a fee: its quote is trimmed
			}
			quote, _, _ = strings.Cut(quote, ", but the frontmatter")
			if !strings.HasPrefix(string(runes[d.col-1:]), quote) {
				t.Fatalf("%q: finding %q is not at column %d", line, d.msg, d.col)
			}
		}
	})
}
