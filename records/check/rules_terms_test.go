package check

import (
	"strings"
	"testing"

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
