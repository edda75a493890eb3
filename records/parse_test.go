package records

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// TestParse reads every fixture in testdata/parse and compares what was
// understood, and every problem found, with the fixture's .golden file.
func TestParse(t *testing.T) {
	files, err := filepath.Glob("testdata/parse/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".md")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			rec, problems := Parse("clients/alice-smith/"+name+".md", "alice-smith", data, true)
			got := describe(rec, problems)
			golden := strings.TrimSuffix(file, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./records -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("parse %s:\ngot:\n%s\nwant:\n%s", file, got, want)
			}
		})
	}
}

// describe prints what a parse produced in a stable, readable form.
func describe(rec any, problems []Problem) string {
	var b strings.Builder
	switch r := rec.(type) {
	case *Agreement:
		fmt.Fprintf(&b, "agreement %q date=%s status=%s goals=%d consent=%s retention=%s body-line=%d\n",
			r.ClientName, r.Date, r.State(), len(r.Goals), r.Records.Consent, r.Records.Retention, r.BodyLine)
	case *Session:
		fmt.Fprintf(&b, "session %d date=%s minutes=%d goals=%v actions=%d next=%s body-line=%d\n",
			r.Number, r.Date, r.Minutes, r.Goals, len(r.Actions), r.Next, r.BodyLine)
	case *Reflection:
		fmt.Fprintf(&b, "reflection by %s session=%d date=%s cpd=%d private=%v body=%q\n",
			r.Author, r.Session, r.Date, r.CPDMinutes, r.IsPrivate(), strings.TrimSpace(string(r.Body)))
	case nil:
		b.WriteString("not understood\n")
	}
	for _, p := range problems {
		fmt.Fprintf(&b, "%s\n  hint: %s\n", p, p.Hint)
	}
	return b.String()
}

func TestPositions(t *testing.T) {
	data, err := os.ReadFile("testdata/parse/agreement-valid.md")
	if err != nil {
		t.Fatal(err)
	}
	rec, problems := Parse("a.md", "zoe", data, false)
	if len(problems) != 0 {
		t.Fatalf("unexpected problems: %v", problems)
	}
	a := rec.(*Agreement)
	tests := []struct {
		field string
		want  Pos
	}{
		{"kind", Pos{2, 1}},
		{"client_name", Pos{3, 1}},
		{"contact.phone", Pos{6, 35}},
		{"goals.0", Pos{11, 5}},
		{"goals.0.text", Pos{11, 20}},
		{"records.consent", Pos{15, 3}},
		{"signed.coach", Pos{16, 30}},
		{"ended", Pos{1, 1}}, // absent: the frontmatter block
	}
	for _, tt := range tests {
		if got := a.Pos(tt.field); got != tt.want {
			t.Errorf("Pos(%q) = %v, want %v", tt.field, got, tt.want)
		}
	}
	if a.Body != nil {
		t.Errorf("body kept although keepBody was false")
	}
	if a.Has("ended") || !a.Has("records.consent") {
		t.Errorf("Has is wrong: ended=%v records.consent=%v", a.Has("ended"), a.Has("records.consent"))
	}
}

func TestParseHugeRecord(t *testing.T) {
	data := []byte("---\nkind: session\nnumber: 1\n---\n" + strings.Repeat("notes ", MaxRecordSize/6+1))
	rec, problems := Parse("big.md", "c", data, true)
	if rec != nil || len(problems) != 1 || problems[0].Rule != RuleFileUnreadable {
		t.Fatalf("huge record: got %v, %v", rec, problems)
	}
}

func TestParseSettings(t *testing.T) {
	s, rec, problems := ParseSettings([]byte("name: Northfield\ncoach: {name: Jo, emial: jo@x}\nhandouts: {paper: A4}\n"))
	if s.Name != "Northfield" || s.Coach.Name != "Jo" || s.Handouts.Paper != "A4" {
		t.Errorf("settings not read: %+v", s)
	}
	if len(problems) != 1 || problems[0].Rule != RuleFieldUnknown || problems[0].Line != 2 || problems[0].Message != "unknown field coach.emial; did you mean coach.email?" {
		t.Errorf("problems = %v (hint %q)", problems, problems[0].Hint)
	}
	if rec.Pos("handouts.paper") != (Pos{3, 12}) {
		t.Errorf("handouts.paper at %v", rec.Pos("handouts.paper"))
	}
}

func TestParseSettingsPrivacy(t *testing.T) {
	s, _, problems := ParseSettings([]byte("name: N\nprivacy: {headings: [private, coach only]}\n"))
	if len(problems) != 0 {
		t.Errorf("problems = %v", problems)
	}
	if !s.PrivacyRule().Private("Coach only: notes") || s.PrivacyRule().Private("Coaching notes") {
		t.Errorf("privacy.headings not read: %+v", s.Privacy)
	}
	_, _, problems = ParseSettings([]byte("privacy: {heading: [coach only]}\n"))
	if len(problems) != 1 || problems[0].Rule != RuleFieldUnknown {
		t.Errorf("misspelt privacy key: problems = %v", problems)
	}
}

func TestNonASCII(t *testing.T) {
	var many strings.Builder
	var want []rune
	for r := rune(0x4e00); r < 0x4e00+40; r++ {
		many.WriteString(string(r) + "a" + string(r))
		want = append(want, r)
	}
	tests := []struct {
		in   string
		want []rune
	}{
		{"plain ASCII\n", nil},
		{"Zoë’s “notes” – Zoë", []rune{'ë', '’', '“', '”', '–'}},
		{"e\u0301 and \xff", []rune{'\u0301', utf8.RuneError}},
		{many.String(), want}, // past 32 kept in a map, still in order
	}
	for _, tt := range tests {
		if got := nonASCII([]byte(tt.in)); !slices.Equal(got, tt.want) {
			t.Errorf("nonASCII(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
