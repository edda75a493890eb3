package check_test

import (
	"testing"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
)

// TestExamplePractice: the README's demo practice checks clean on the day
// its README is written for. (uncommitted is left out: it depends on the
// checkout, not on the records.)
func TestExamplePractice(t *testing.T) {
	p, err := records.Open("../../example-practice")
	if err != nil {
		t.Fatal(err)
	}
	cfg := check.ConfigFrom(p.Settings)
	cfg.Disable(check.RuleUncommitted)
	today := records.MustDate("2026-11-29")
	clients, _, err := p.LoadAll(records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	got := check.Practice(p, today, cfg)
	for _, c := range clients {
		got = append(got, check.Run(p, c, today, cfg)...)
	}
	if len(clients) != 3 {
		t.Errorf("want the 3 clients of the example practice, got %d", len(clients))
	}
	if len(got) > 0 {
		t.Errorf("example-practice should check clean on 2026-11-29, got:\n%s", list(got))
	}
}
