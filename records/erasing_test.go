package records

import (
	"testing"
	"time"
)

func TestParseErasingName(t *testing.T) {
	made := erasingName("alice-smith", time.Date(2026, 2, 4, 9, 0, 0, 0, time.UTC))
	tests := []struct {
		name, id string
	}{
		{made, "alice-smith"},
		{".erasing-bob-dn9x7412q0pw", "bob"},
		{".erasing-alice-smith", ""}, // "smith" reads as base 36, but as a time in 1970
		{".erasing-bob-1", ""},
		{".erasing-alice", ""},
		{".erasing-alice-", ""},
		{".erasing--dn9x7412q0pw", ""},
		{".erasing-Alice-dn9x7412q0pw", ""},
		{".erasing-../etc-dn9x7412q0pw", ""},
		{".erasing-alice-0dn9x7412q0pw", ""}, // not how erase writes a time
		{".erasing-alice-DN9X7412Q0PW", ""},
		{".erasing-alice-dn9x7412q0pw.bak", ""},
		{".erasing-alice--dn9x7412q0pw", ""},
		{".erasing-alice-zzzzzzzzzzzzzz", ""}, // beyond int64
	}
	for _, tt := range tests {
		id, ok := parseErasingName(tt.name)
		if id != tt.id || ok != (tt.id != "") {
			t.Errorf("parseErasingName(%q) = %q, %v; want %q", tt.name, id, ok, tt.id)
		}
	}
}
