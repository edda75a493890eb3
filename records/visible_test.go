package records

import "testing"

func TestVisible(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Zoë Łukasiewicz", "Zoë Łukasiewicz"},
		{"Ελένη Παπαδοπούλου", "Ελένη Παπαδοπούλου"},
		{"tab\tand\nnew line", "tab\tand\nnew line"},
		{"Alice \u202eecila\u202c", `Alice \u202eecila\u202c`},
		{"zero\u200bwidth\u200d", `zero\u200bwidth\u200d`},
		{"\x1b[2Jwiped", `\u001b[2Jwiped`},
		{"Alice\rMallory", `Alice\rMallory`},
		{"bell\a", `bell\u0007`},
		{"\u2066isolate\u2069 \u061c", `\u2066isolate\u2069 \u061c`},
		{"\ufeffbom", `\ufeffbom`},
		{"c1\u009b31m", `c1\u009b31m`},
		{"line\u2028sep", `line\u2028sep`},
	}
	for _, tt := range tests {
		if got := Visible(tt.in); got != tt.want {
			t.Errorf("Visible(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestProblemStringIsVisible(t *testing.T) {
	p := Problem{Path: "clients/a/\x1b[31m.md", Line: 2, Col: 1, Severity: Error, Rule: RuleFieldUnknown, Message: "unknown field \u202eevil"}
	want := `clients/a/\u001b[31m.md:2:1: error: unknown field \u202eevil [field-unknown]`
	if got := p.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestVisibleLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"clients/ann/sessions/2026-01-01-01.md", "clients/ann/sessions/2026-01-01-01.md"},
		{"clients/a\nclients/b.md:1:1: error: forged", `clients/a\nclients/b.md:1:1: error: forged`},
		{"tab\there", `tab\there`},
		{"cr\rlf\n", `cr\rlf\n`},
		{"\x1b]0;title\a", `\u001b]0;title\u0007`},
		{"Zoë \u202eevil", `Zoë \u202eevil`},
		{`already\nescaped`, `already\nescaped`},
	}
	for _, tt := range tests {
		if got := VisibleLine(tt.in); got != tt.want {
			t.Errorf("VisibleLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestProblemStringIsOneLine(t *testing.T) {
	p := Problem{Path: "clients/a/x\nclients/b/y.md", Line: 1, Col: 1, Severity: Error, Rule: RuleFileUnreadable, Message: "cannot read x\ty\nz"}
	want := `clients/a/x\nclients/b/y.md:1:1: error: cannot read x\ty\nz [file-unreadable]`
	if got := p.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
