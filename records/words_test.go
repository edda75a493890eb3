package records

import "testing"

func TestWords(t *testing.T) {
	tests := []struct{ got, want string }{
		{CountWords(6, "session"), "six sessions"},
		{CountWords(1, "session"), "one session"},
		{CountWords(0, "action"), "no actions"},
		{CountWords(20, "session"), "20 sessions"},
		{ModeWords("in-person"), "in person"},
		{ModeWords("Zoom"), "by video"},
		{ModeWords("telephone"), "by phone"},
		{ModeWords("walking"), "walking"},
		{ModeWords(""), ""},
		{Money(900, "GBP"), "£900"},
		{Money(110.5, "EUR"), "€110.50"},
		{Money(1200, "CHF"), "1,200 CHF"},
		{Money(1500, ""), "1,500"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
