package records

import (
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestWalkDecodesLikeYAML holds the walker to yaml.v3's own decoding: for
// frontmatter with no mistakes, the values it fills in must be exactly what
// Node.Decode would give, including the scalar forms it passes on to yaml.v3.
func TestWalkDecodesLikeYAML(t *testing.T) {
	cases := []struct {
		name, yaml string
		target     func() any
	}{
		{"session", `
number: 3
date: 2026-02-03
minutes: 60
billing: paid
format: group
group_size: 4
goals: [g1, "g2", 3, true]
actions:
  - text: Ask my manager for a stretch project
    due: 2026-02-17
    set_by: client
    status: open
  - text: "Read: Time to Think"
next: 2026-02-17
`, func() any { return &Session{} }},
		{"forms yaml.v3 decodes", `
number: 0x1F
minutes: 1_000
group_size: +7
goals: [2026-01-01, 1.5, null, ~, yes]
`, func() any { return &Session{} }},
		{"agreement", `
client_name: Zoë Łukasiewicz
date: 2026-01-07
status: active
contact: {email: zoe@example.org, phone: "+44 7700 900123"}
sessions: {count: 6, frequency: fortnightly, minutes: 60, mode: video}
fees: {amount: 1.2e3, currency: GBP, basis: package, pro_bono: False}
pro_bono: TRUE
goals:
  - {id: g1, text: Lead with confidence}
  - id: g2
    text: Balance work and family
    status: achieved
records: {held_by: coach, storage: encrypted drive, retention: 6y, consent: 2026-01-07}
consents: {named_in_hours_log: true}
signed: {client: 2026-01-07, coach: 2026-01-08}
`, func() any { return &Agreement{} }},
		{"amount written as an integer", `
fees: {amount: 900}
`, func() any { return &Agreement{} }},
		{"reflection", `
author: client
session: 2
date: 2026-02-10
cpd_minutes: 45
`, func() any { return &Reflection{} }},
		{"settings", `
name: Harbour Coaching
coach: {name: Ada Example, email: ada@example.org}
defaults:
  sessions: {count: 6, minutes: 60}
  records: {held_by: client, retention: 18m}
  fees: {amount: 850.50, currency: EUR}
check: {disable: [uncommitted], warn: [action-set-by-coach]}
`, func() any { return &Settings{} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(c.yaml), &doc); err != nil {
				t.Fatal(err)
			}
			root := doc.Content[0]
			want := c.target()
			if err := root.Decode(want); err != nil {
				t.Fatalf("yaml.v3 refuses the fixture: %v", err)
			}
			got := c.target()
			w := &walker{rec: &Record{Path: "x.md", fields: map[string]Pos{}}}
			w.walk(root, reflect.ValueOf(got).Elem(), "")
			if len(w.problems) > 0 {
				t.Fatalf("walker found problems in valid frontmatter: %v", w.problems)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("walker filled in\n%+v\nyaml.v3 decodes\n%+v", got, want)
			}
		})
	}
}

// TestWalkDropsWhatItReports checks that a value reported as wrong is left
// out rather than half-filled, while the fields around it are kept.
func TestWalkDropsWhatItReports(t *testing.T) {
	var doc yaml.Node
	src := "number: two\nminutes: 50\ngoals: [g1, {a: b}, g3]\ndate: 2026-02-30\nnext: 2026-03-01\n"
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	var s Session
	w := &walker{rec: &Record{Path: "x.md", fields: map[string]Pos{}}}
	w.walk(doc.Content[0], reflect.ValueOf(&s).Elem(), "")
	if s.Number != 0 || s.Minutes != 50 || !s.Date.IsZero() || s.Next != MustDate("2026-03-01") {
		t.Errorf("got number=%d minutes=%d date=%s next=%s", s.Number, s.Minutes, s.Date, s.Next)
	}
	if !reflect.DeepEqual(s.Goals, []string{"g1", "g3"}) {
		t.Errorf("goals = %q, want the two written as text", s.Goals)
	}
	rules := map[string]int{}
	for _, p := range w.problems {
		rules[p.Rule]++
	}
	if rules[RuleFieldType] != 2 || rules[RuleDateInvalid] != 1 || len(w.problems) != 3 {
		t.Errorf("problems = %v", w.problems)
	}
}
