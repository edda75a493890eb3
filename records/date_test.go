package records

import "testing"

func TestParseDateSaysWhatIsWrong(t *testing.T) {
	tests := []struct {
		in, want string // want is the error, "" for a valid date
	}{
		{"2026-02-04", ""},
		{"2028-02-29", ""},
		{"2026-13-01", "2026-13-01: there is no month 13"},
		{"2026-00-10", "2026-00-10: there is no month 0"},
		{"2026-04-00", "2026-04-00: there is no day 0"},
		{"2026-04-31", "2026-04-31: April has 30 days"},
		{"2026-02-29", "2026-02-29: February 2026 has 28 days"},
		{"2026-02-30", "2026-02-30: February 2026 has 28 days"},
		{"2028-02-30", "2028-02-30: February 2028 has 29 days"},
		{"2026-01-32", "2026-01-32: January has 31 days"},
		{"26/02/2026", `"26/02/2026" is not a date in the form YYYY-MM-DD`},
		{"2026-2-4", `"2026-2-4" is not a date in the form YYYY-MM-DD`},
		{"2026-02-04 ", `"2026-02-04 " is not a date in the form YYYY-MM-DD`},
		{"２０２６-02-04", `"２０２６-02-04" is not a date in the form YYYY-MM-DD`},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("ParseDate(%q): %v", tt.in, err)
		case tt.want == "" && d.String() != tt.in:
			t.Errorf("ParseDate(%q) = %s", tt.in, d)
		case tt.want != "" && (err == nil || err.Error() != tt.want):
			t.Errorf("ParseDate(%q) error = %v, want %s", tt.in, err, tt.want)
		}
	}
}
