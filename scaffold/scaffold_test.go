package scaffold

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/rapport-coach/rapport/records"
)

var update = flag.Bool("update", false, "rewrite golden files")

var today = records.MustDate("2026-02-04")

// settings are a practice's settings as records.Open reads them from
// practice.yaml, defaults filled in.
func settings(t *testing.T, yaml string) *records.Settings {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, records.SettingsFile), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) > 0 {
		t.Fatalf("practice.yaml: %v", p.Problems)
	}
	return p.Settings
}

const plainPractice = `name: Northfield Coaching
coach: {name: Jo Bloggs, email: jo@northfield.example}
`

const feesPractice = `name: Northfield Coaching
coach: {name: Jo Bloggs, email: jo@northfield.example}
ethics: "EMCC Global Code of Ethics"
defaults:
  sessions: {count: 4, frequency: monthly, minutes: 75, mode: in-person}
  records: {held_by: both, storage: "a locked cabinet: paper only", retention: 18m}
  fees: {amount: 110.5, currency: GBP, basis: per session}
  confidentiality: "Kept between us: always."
`

// client builds a client from record texts, the way the loader would.
func client(t *testing.T, id string, files map[string]string) *records.Client {
	t.Helper()
	c := &records.Client{ID: id}
	for path, text := range files {
		rec, problems := records.Parse(path, id, []byte(text), false)
		for _, p := range problems {
			t.Fatalf("%s", p)
		}
		switch r := rec.(type) {
		case *records.Agreement:
			c.Agreements = append(c.Agreements, r)
		case *records.Session:
			c.Sessions = append(c.Sessions, r)
		case *records.Reflection:
			c.Reflections = append(c.Reflections, r)
		}
	}
	// The loader keeps sessions in number order.
	for i := range c.Sessions {
		for j := i + 1; j < len(c.Sessions); j++ {
			if c.Sessions[j].Number < c.Sessions[i].Number {
				c.Sessions[i], c.Sessions[j] = c.Sessions[j], c.Sessions[i]
			}
		}
	}
	return c
}

const activeAgreement = `---
kind: agreement
client_name: Alice Smith
date: 2026-01-07
status: active
contact: {email: alice@example.org, phone: "+44 7700 900123"}
sessions: {count: 3, frequency: fortnightly, minutes: 45, mode: video}
fees: {pro_bono: true}
goals:
  - {id: speak-up, text: "Speak up: with confidence"}
  - {id: old-goal, text: Something done, status: achieved}
  - {id: delegate, text: Delegate the reporting, status: open}
---
`

const sessionTwo = `---
kind: session
number: 2
date: 2026-01-21
goals: [speak-up]
actions:
  - {text: "Ask one question in Monday's meeting", due: 2026-01-28, set_by: client, status: open}
  - {text: Done already, due: 2026-01-25, set_by: client, status: done}
  - {text: No date yet}
---
`

const sessionFive = `---
kind: session
number: 5
date: 2026-01-14
---
`

// cases are every scaffold rendered from data worth keeping an eye on; each
// has a golden file in testdata/.
func cases(t *testing.T) []struct {
	name, file string
	data       any
} {
	plain, fees := settings(t, plainPractice), settings(t, feesPractice)
	alice := client(t, "alice-smith", map[string]string{
		"clients/alice-smith/agreement.md":              activeAgreement,
		"clients/alice-smith/sessions/2026-01-21-02.md": sessionTwo,
	})
	fresh := client(t, "bob-jones", nil)
	ses, _ := NextSession(plain, alice, today)
	first, _ := NextSession(plain, fresh, today)
	return []struct {
		name, file string
		data       any
	}{
		{"agreement-new", AgreementFile, NewAgreement(plain, "Zoë Łukasiewicz", records.Contact{Email: "zoe@example.org"}, today)},
		{"agreement-fees", AgreementFile, NewAgreement(fees, "Bob: the Builder", records.Contact{Phone: "+447700900123"}, today)},
		{"agreement-renewal", AgreementFile, Renewal(plain, alice, records.Contact{}, today)},
		{"session-carried", SessionFile, ses},
		{"session-first", SessionFile, first},
		{"reflection-client", ClientReflectionFile, NewReflection(alice, "client", 2, today)},
		{"reflection-coach", CoachReflectionFile, NewReflection(alice, "coach", 2, today)},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range cases(t) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Embedded().Render(tc.file, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test -update if the change is meant):\n%s", tc.name, golden, got)
			}
		})
	}
}

// TestScaffoldsLoad renders every scaffold, checks that a fresh one has
// placeholders and nothing else wrong, then fills the placeholders the way a
// coach would and checks that the record loads cleanly.
func TestScaffoldsLoad(t *testing.T) {
	for _, tc := range cases(t) {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Embedded().Render(tc.file, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			rel := "clients/alice-smith/" + tc.name + ".md"
			if !bytes.Contains(out, []byte(records.PlaceholderPrefix)) {
				t.Errorf("a fresh scaffold has no placeholder for check to report")
			}
			_, problems := records.Parse(rel, "alice-smith", out, true)
			for _, p := range problems {
				if p.Rule != records.RulePlaceholderLeft {
					t.Errorf("fresh scaffold: %s", p)
				}
			}

			filled := fill(t, out)
			if bytes.Contains(filled, []byte(records.PlaceholderPrefix)) {
				t.Fatalf("placeholders left after filling:\n%s", filled)
			}
			rec, problems := records.Parse(rel, "alice-smith", filled, true)
			for _, p := range problems {
				t.Errorf("filled scaffold: %s\n%s", p, filled)
			}
			if rec == nil {
				t.Fatalf("filled scaffold did not load")
			}
		})
	}
}

var placeholderRE = regexp.MustCompile(`TODO\([^)]*\)`)

// filledValues are what a coach would write in place of a placeholder, by
// the field it stands in for.
var filledValues = map[string]string{
	"email": "alice@example.org", "phone": `"+44 7700 900123"`,
	"amount": "900", "currency": "GBP", "basis": "package",
	"id": "speak-up", "text": "Speak up in leadership meetings",
	"named_in_hours_log": "true", "cpd_minutes": "30", "session": "2",
}

// fill replaces every placeholder with a valid value for its field: a date
// for anything asking for YYYY-MM-DD, a goal id for a list item, a sentence
// in the body.
func fill(t *testing.T, data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	inFrontmatter := false
	for i, line := range lines {
		if line == "---" {
			inFrontmatter = !inFrontmatter
			continue
		}
		if !placeholderRE.MatchString(line) {
			continue
		}
		value := "Filled in after the session."
		if inFrontmatter {
			key := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))
			if k, _, ok := strings.Cut(key, ":"); ok {
				key = k
			} else {
				key = "id" // a list item: a goal id
			}
			switch v, ok := filledValues[key]; {
			case strings.Contains(line, "YYYY-MM-DD"):
				value = "2026-02-04"
			case ok:
				value = v
			default:
				t.Fatalf("no value to fill %q with", line)
			}
		}
		lines[i] = placeholderRE.ReplaceAllString(line, value)
	}
	return []byte(strings.Join(lines, "\n"))
}

func TestPracticeOverridesFileByFile(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "templates", "scaffolds")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	own := "---\nkind: session\nnumber: {{.Number}}\n---\nOur own session {{.Number}}.\n"
	if err := os.WriteFile(filepath.Join(dir, SessionFile), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	set := ForPractice(root)
	tests := []struct {
		file, source, contains string
		data                   any
	}{
		{SessionFile, "templates/scaffolds/session.md", "Our own session 7.", &Session{Number: 7}},
		{ClientReflectionFile, "embedded", "## What I learned", &Reflection{Session: 7, Date: today}},
	}
	for _, tc := range tests {
		if got := set.Source(tc.file); got != tc.source {
			t.Errorf("Source(%s) = %q, want %q", tc.file, got, tc.source)
		}
		out, err := set.Render(tc.file, tc.data)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), tc.contains) {
			t.Errorf("%s rendered without %q:\n%s", tc.file, tc.contains, out)
		}
	}
}

func TestBrokenOverrideNamesItsFile(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "templates", "scaffolds")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SessionFile), []byte("{{.Nmber}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ForPractice(root).Render(SessionFile, &Session{})
	if err == nil || !strings.Contains(err.Error(), "templates/scaffolds/session.md") {
		t.Errorf("error %v does not name the practice's scaffold", err)
	}
}

func TestNextSession(t *testing.T) {
	plain := settings(t, plainPractice)
	tests := []struct {
		name    string
		files   map[string]string
		date    string
		number  int
		goals   []string
		actions []string
		billing string
		minutes int
		notes   []string
	}{
		{
			name:    "first session, no agreement",
			date:    "2026-02-04",
			number:  1,
			billing: "paid",
			minutes: 60,
			notes:   []string{"has no agreement"},
		},
		{
			name: "after a gap the number follows the highest",
			files: map[string]string{
				"clients/a/agreement.md":     activeAgreement,
				"clients/a/sessions/s2.md":   sessionTwo,
				"clients/a/sessions/s5.md":   sessionFive,
				"clients/a/sessions/zero.md": "---\nkind: session\nnumber: 1\ndate: 2026-01-08\n---\n",
			},
			date:    "2026-02-04",
			number:  6,
			goals:   []string{"speak-up", "delegate"},
			billing: "pro-bono",
			minutes: 45,
			notes:   []string{"beyond what was agreed"},
		},
		{
			name: "open actions of the latest session carry forward",
			files: map[string]string{
				"clients/a/agreement.md":   activeAgreement,
				"clients/a/sessions/s2.md": sessionTwo,
			},
			date:    "2026-02-04",
			number:  3,
			goals:   []string{"speak-up", "delegate"},
			actions: []string{"Ask one question in Monday's meeting 2026-01-28 client", "No date yet  client"},
			billing: "pro-bono",
			minutes: 45,
		},
		{
			name: "back-dated before the agreement",
			files: map[string]string{
				"clients/a/agreement.md": activeAgreement,
			},
			date:    "2026-01-01",
			number:  1,
			goals:   []string{"speak-up", "delegate"},
			billing: "pro-bono",
			minutes: 45,
			notes:   []string{"is dated after 2026-01-01"},
		},
		{
			name: "draft agreement",
			files: map[string]string{
				"clients/a/agreement.md": strings.Replace(activeAgreement, "status: active", "status: draft", 1),
			},
			date:    "2026-02-04",
			number:  1,
			goals:   []string{"speak-up", "delegate"},
			billing: "pro-bono",
			minutes: 45,
			notes:   []string{"is still a draft"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := client(t, "a", tc.files)
			s, notes := NextSession(plain, c, records.MustDate(tc.date))
			if s.Number != tc.number {
				t.Errorf("number %d, want %d", s.Number, tc.number)
			}
			if strings.Join(s.Goals, ",") != strings.Join(tc.goals, ",") {
				t.Errorf("goals %v, want %v", s.Goals, tc.goals)
			}
			var actions []string
			for _, a := range s.Actions {
				actions = append(actions, a.Text+" "+a.Due.String()+" "+a.SetBy)
			}
			if strings.Join(actions, "|") != strings.Join(tc.actions, "|") {
				t.Errorf("actions %q, want %q", actions, tc.actions)
			}
			if s.Billing != tc.billing || s.Minutes != tc.minutes {
				t.Errorf("billing %s, minutes %d; want %s, %d", s.Billing, s.Minutes, tc.billing, tc.minutes)
			}
			if len(notes) != len(tc.notes) {
				t.Fatalf("notes %q, want ones containing %q", notes, tc.notes)
			}
			for i := range notes {
				if !strings.Contains(notes[i], tc.notes[i]) {
					t.Errorf("note %q does not say %q", notes[i], tc.notes[i])
				}
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct{ got, want string }{
		{mode("in-person"), "in person"},
		{mode("video"), "by video"},
		{mode(""), "in the way we agree"},
		{fee(records.Fees{Amount: 900, Currency: "GBP", Basis: "package"}, records.Terms{Count: 6}), "The fee is £900 for the whole package of six sessions."},
		{fee(records.Fees{Amount: 110, Currency: "GBP", Basis: "per session"}, records.Terms{Count: 6}), "The fee is £110 a session."},
		{fee(records.Fees{ProBono: true}, records.Terms{}), "This coaching is pro bono: there is no fee."},
		{Scalar("Bob: the Builder"), `'Bob: the Builder'`},
		{Scalar("+447700900123"), `"+447700900123"`},
		{Scalar("Zoë Łukasiewicz"), "Zoë Łukasiewicz"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestScalarOneLine checks that a value read from a record, which may hold
// what a coach cannot type (line breaks, a line separator), is written on
// one line and reads back exactly wherever a scaffold puts it, even nested
// under a list item, where a block scalar would be cut short.
func TestScalarOneLine(t *testing.T) {
	for _, s := range []string{
		"two\nlines", "trailing\n", "\nleading", "a\r\nb", "tab\there", "line\u2028separator",
		"para\u2029graph", "next\u0085line", "bom\ufeff", "<<", "yes", "- dash", "  spaced  ", "O'Brien",
		"quote ' and \" both", "#hash", "a: b", "🧭", "",
	} {
		v := Scalar(s)
		if strings.ContainsAny(v, "\n\r\u2028\u2029\u0085") {
			t.Errorf("Scalar(%q) = %q spans lines", s, v)
			continue
		}
		doc := "goals:\n  - id: x\n    text: " + v + "   # comment\n"
		var m struct {
			Goals []struct{ Text string }
		}
		if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
			t.Errorf("Scalar(%q) = %q: %v", s, v, err)
			continue
		}
		if len(m.Goals) != 1 || m.Goals[0].Text != s {
			t.Errorf("Scalar(%q) = %q reads back as %+v", s, v, m.Goals)
		}
	}
}
