package records

import "testing"

func TestSlug(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Alice Smith", "alice-smith"},
		{"Zoë Łukasiewicz", "zoe-lukasiewicz"},
		{"Ελένη Παπαδοπούλου", "eleni-papadopoulou"},
		{"Łukasz Nowak", "lukasz-nowak"},
		{"Søren Kierkegaard", "soren-kierkegaard"},
		{"  Mary-Jane   O'Neill  ", "mary-jane-o-neill"},
		{"Jürgen Groß", "jurgen-gross"},
		{"Наталья Иванова", "natalia-ivanova"},
		{"../../etc/passwd", "etc-passwd"},
		{"李雷", ""},
		{"Con", "con-client"},
		{"Index", "index-client"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slug(tt.name); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.name, got, tt.want)
		}
		if got := Slug(tt.name); got != "" {
			if err := ValidID(got); err != nil {
				t.Errorf("Slug(%q) = %q is not a valid id: %v", tt.name, got, err)
			}
		}
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"alice-smith", true},
		{"client-7", true},
		{"", false},
		{"..", false},
		{"../alice", false},
		{"alice/smith", false},
		{".hidden", false},
		{"Alice", false},
		{"alice--smith", false},
		{"-alice", false},
		{"coach", false}, // public/coach/ holds coach-only documents
		{"con", false},
		{"alice smith", false},
		{"a\x00b", false},
	}
	for _, tt := range tests {
		if err := ValidID(tt.id); (err == nil) != tt.ok {
			t.Errorf("ValidID(%q) = %v, want ok=%v", tt.id, err, tt.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"2026-01-07", true},
		{"2024-02-29", true},
		{"2026-02-29", false},
		{"2026-02-30", false},
		{"26/02/2026", false},
		{"2026-1-7", false},
		{"2026-01-07T10:00:00Z", false},
		{"", false},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseDate(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
		}
		if err == nil && d.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, d)
		}
	}
	a, b := MustDate("2026-01-30"), MustDate("2026-02-02")
	if !a.Before(b) || a.DaysUntil(b) != 3 || a.AddDays(3) != b {
		t.Errorf("date arithmetic is wrong: %s %s", a, b)
	}
}

func TestRetention(t *testing.T) {
	tests := []struct {
		in, words, until string
	}{
		{"6y", "6 years", "2032-04-01"},
		{"1y", "1 year", "2027-04-01"},
		{"18m", "18 months", "2027-10-01"},
		{"90d", "90 days", "2026-06-30"},
	}
	for _, tt := range tests {
		r, err := ParseRetention(tt.in)
		if err != nil {
			t.Fatalf("ParseRetention(%q): %v", tt.in, err)
		}
		if r.Words() != tt.words || r.From(MustDate("2026-04-01")).String() != tt.until || r.String() != tt.in {
			t.Errorf("%q: words %q, until %s", tt.in, r.Words(), r.From(MustDate("2026-04-01")))
		}
	}
	for _, bad := range []string{"", "6", "y", "six years", "-1y", "0y", "6w"} {
		if _, err := ParseRetention(bad); err == nil {
			t.Errorf("ParseRetention(%q) accepted", bad)
		}
	}
}
