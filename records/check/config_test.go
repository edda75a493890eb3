package check_test

import (
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
)

// draft is what an agreement looks like right after rapport new client:
// the practice's defaults filled in, placeholders for what only the
// initiation meeting decides.
const draft = `---
kind: agreement
client_name: Alice Smith
date: 2026-02-04   # the initiation meeting
status: draft   # active once you have both signed
contact:
  email: alice@example.org
sessions:
  count: 6
  frequency: fortnightly
  minutes: 60
  mode: video
start: TODO(date of the first session, YYYY-MM-DD)
end: TODO(date the engagement is planned to end, YYYY-MM-DD)
fees:
  amount: TODO(the fee, a number)
  currency: TODO(the currency, such as GBP)
goals:   # set by the client, in their own words
  - id: TODO(a short-id for the goal)
    text: TODO(the client's goal, in their words)
ethics: ICF Code of Ethics (2025)
confidentiality: Kept between us, except where the law requires or someone is at risk of harm.
records:
  held_by: coach
  storage: encrypted laptop and private git remote
  retention: 6y
  consent: TODO(date the client agreed to the records arrangement, YYYY-MM-DD)
consents:
  named_in_hours_log: TODO(true if the client agrees to be named in your coaching-hours log, else false)
signed:
  client: TODO(date the client signed, YYYY-MM-DD)
  coach: TODO(date you signed, YYYY-MM-DD)
copy_given: TODO(date the client had their copy, YYYY-MM-DD)
---

## Your goals

TODO(the client's goals, in their words)
`

// TestNewClientDraft: right after new client, check lists what is still to
// be decided, as warnings and notes that do not stop a commit; once the
// agreement says it is active, the same placeholders are errors.
func TestNewClientDraft(t *testing.T) {
	only := []edit{{"a", "", draft}, {"s1", "", removed}, {"s2", "", removed}, {"r1", "", removed}, {"r2", "", removed}}
	got := checkAll(t, writePractice(t, only...), "2026-02-04")
	counts := map[records.Severity]int{}
	rules := map[string]bool{}
	for _, p := range got {
		counts[p.Severity]++
		rules[p.Rule] = true
		if p.Severity == records.Error {
			t.Errorf("a fresh draft should have no errors: %s", p)
		}
	}
	for _, r := range []string{"placeholder-left", "unsigned"} {
		if !rules[r] {
			t.Errorf("a fresh draft should report %s; got:\n%s", r, list(got))
		}
	}
	if counts[records.Warning] < 10 {
		t.Errorf("every placeholder should be listed, got %d warnings:\n%s", counts[records.Warning], list(got))
	}
	if !strings.Contains(list(got), "agreement.md:38:1: warning: body still has a placeholder") {
		t.Errorf("the body placeholder should be reported at its line:\n%s", list(got))
	}

	active := append(only, edit{"a", "status: draft", "status: active"})
	got = checkAll(t, writePractice(t, active...), "2026-02-04")
	errs := 0
	for _, p := range got {
		if p.Severity == records.Error && p.Rule == "placeholder-left" {
			errs++
		}
	}
	if errs < 10 {
		t.Errorf("an active agreement's placeholders should be errors, got %d:\n%s", errs, list(got))
	}
}

// TestSettings: practice.yaml turns rules off and changes their severity,
// including the rules loading reports.
func TestSettings(t *testing.T) {
	typo := edit{"s1", "billing: paid", "biling: paid"}
	noCopy := edit{"a", "copy_given: 2026-01-07\n", ""}
	tests := []struct {
		name     string
		settings string
		rule     string
		want     records.Severity // "" for not reported
	}{
		{"default", "check: {disable: [uncommitted]}", "field-unknown", records.Error},
		{"loading rule off", "check: {disable: [uncommitted, field-unknown]}", "field-unknown", ""},
		{"loading rule down", "check: {disable: [uncommitted], warn: [field-unknown]}", "field-unknown", records.Warning},
		{"rule default", "check: {disable: [uncommitted]}", "copy-not-given", records.Warning},
		{"rule up", "check: {disable: [uncommitted], error: [copy-not-given]}", "copy-not-given", records.Error},
		{"rule off", "check: {disable: [uncommitted, copy-not-given]}", "copy-not-given", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePractice(t, typo, noCopy, edit{"practice.yaml", "check: {disable: [uncommitted]}", tt.settings})
			var got records.Severity
			for _, p := range checkAll(t, dir, "2026-02-04") {
				if p.Rule == tt.rule {
					got = p.Severity
				}
			}
			if got != tt.want {
				t.Errorf("%s reported as %q, want %q", tt.rule, got, tt.want)
			}
		})
	}
}
