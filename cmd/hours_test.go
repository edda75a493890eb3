package cmd

import "testing"

func TestCSVText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Alice Smith", "Alice Smith"},
		{"", ""},
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+44 7700 900123", "'+44 7700 900123"},
		{"-2+3", "'-2+3"},
		{"-5", "'-5"}, // a name, even one that looks like a number
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\r=1", "'\r=1"},
		{"＝1+1", "'＝1+1"},
		{"＋1", "'＋1"},
		{"－1", "'－1"},
		{"＠A1", "'＠A1"},
		{"﹦1", "'﹦1"},
		{"\u22121", "'\u22121"},
		{"  =1+1", "'  =1+1"},
		{"\u00a0=1", "'\u00a0=1"},
		{"\u200b=1", "'\u200b=1"},
		{"\n=1", "'\n=1"},
		{"Jo = Bloggs", "Jo = Bloggs"},
		{"alice@example.org", "alice@example.org"},
		{"Anne-Marie", "Anne-Marie"},
		{"'quoted'", "'quoted'"},
		{"Zoë", "Zoë"},
	} {
		if got := csvText(c.in); got != c.want {
			t.Errorf("csvText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
