package cmd

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
)

// yamlHostile are values a coach may type that YAML would read as something
// else, or that would end or cut short a plain scalar.
var yamlHostile = []string{
	"yes", "no", "on", "off", "null", "~", "123", "0x1F", "1e3", ".inf", "2026-01-01",
	`"quoted"`, "'single'", "#hash", "name #not a comment", ": colon", "a: b", "- dash", "-", "[x]", "{x}",
	"&anchor", "*alias", "!tag", "!!str", "|", ">", "%YAML", "@at", "`tick", "<<", "?", "? x", ",",
	"  leading", "trailing  ", "O'Brien", "Zoë Łukasiewicz", "🧭 Jo 👩‍💻", "محمد عبد الله", "שרה כהן",
	"TODO-free", "---", "...", `back\slash`, strings.Repeat("long name ", 30),
}

// TestInitNewRoundTrip writes every hostile value with init and new, reads
// the practice and the client back with the records loader, and expects
// each value exactly as typed (names without the spaces at either end,
// which init and new trim).
func TestInitNewRoundTrip(t *testing.T) {
	for _, v := range yamlHostile {
		t.Run(v, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "p")
			if code, _, stderr := run(t, filepath.Dir(dir), "init", dir, "--coach", "Jo "+v, "--email", v,
				"--credential", v, "--ethics", v, "--name", v); code != 0 {
				t.Fatalf("init exit %d: %s", code, stderr)
			}
			if code, _, stderr := run(t, dir, "new", "client", "--id", "c", "--email", v, "--phone", v, "--", v+" Smith"); code != 0 {
				t.Fatalf("new client exit %d: %s", code, stderr)
			}
			if code, _, stderr := run(t, dir, "new", "agreement", "c", "--email", v+"2"); code != 0 {
				t.Fatalf("new agreement exit %d: %s", code, stderr)
			}
			p, err := records.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, pr := range p.Problems {
				t.Errorf("practice.yaml: %s", pr.Message)
			}
			s := p.Settings
			name := strings.TrimSpace(v)
			if name == "" {
				name = s.Coach.Name + " Coaching"
			}
			for _, f := range []struct{ field, got, want string }{
				{"coach.name", s.Coach.Name, "Jo " + strings.TrimRight(v, " ")},
				{"coach.email", s.Coach.Email, v},
				{"coach.credential", s.Coach.Credential, v},
				{"ethics", s.Ethics, v},
				{"name", s.Name, name},
			} {
				if f.got != f.want {
					t.Errorf("practice.yaml %s = %q, want %q", f.field, f.got, f.want)
				}
			}
			c, err := p.LoadClient("c", records.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, pr := range c.Problems {
				if !strings.Contains(pr.Message, "placeholder") {
					t.Errorf("%s: %s [%s]", pr.Path, pr.Message, pr.Rule)
				}
			}
			if len(c.Agreements) != 2 {
				t.Fatalf("%d agreements read back, want 2", len(c.Agreements))
			}
			for _, a := range c.Agreements {
				want := v
				if a.Path != "clients/c/agreement.md" {
					want += "2"
				}
				if a.ClientName != strings.TrimLeft(v, " ")+" Smith" {
					t.Errorf("%s client_name = %q, want %q", a.Path, a.ClientName, strings.TrimLeft(v, " ")+" Smith")
				}
				if a.Contact.Email != want {
					t.Errorf("%s contact.email = %q, want %q", a.Path, a.Contact.Email, want)
				}
				if a.Contact.Phone != v {
					t.Errorf("%s contact.phone = %q, want %q", a.Path, a.Contact.Phone, v)
				}
				if a.Ethics != v {
					t.Errorf("%s ethics = %q, want %q", a.Path, a.Ethics, v)
				}
			}
		})
	}
}

// TestControlCharactersRefused checks that every value init and new write
// is refused, as a usage error naming it, when it holds a character that
// would break the line or hide what it says, and that nothing is written.
func TestControlCharactersRefused(t *testing.T) {
	bad := []string{"a\nb", "a\rb", "a\tb", "a\x00b", "a\x1b[2Jb", "a\x7fb", "a\u0085b", "a\u009bb",
		"a\u2028b", "a\u2029b", "a\u202eb", "a\u2066b", "a\u202ab", "a\xffb"}
	for _, v := range bad {
		for _, c := range []struct {
			args []string
			flag string
		}{
			{[]string{"init", "x", "--coach", v}, "--coach"},
			{[]string{"init", "x", "--coach", "Jo", "--email", v}, "--email"},
			{[]string{"init", "x", "--coach", "Jo", "--credential", v}, "--credential"},
			{[]string{"init", "x", "--coach", "Jo", "--ethics", v}, "--ethics"},
			{[]string{"init", "x", "--coach", "Jo", "--name", v}, "--name"},
			{[]string{"new", "client", v, "--id", "c"}, "the client's name"},
			{[]string{"new", "client", "Ann", "--email", v}, "--email"},
			{[]string{"new", "client", "Ann", "--phone", v}, "--phone"},
			{[]string{"new", "agreement", "ann", "--email", v}, "--email"},
			{[]string{"new", "agreement", "ann", "--phone", v}, "--phone"},
		} {
			dir := t.TempDir()
			if c.args[0] == "new" {
				dir = newPractice(t)
				if c.args[1] == "agreement" {
					if code, _, stderr := run(t, dir, "new", "client", "Ann"); code != 0 {
						t.Fatalf("new client: %s", stderr)
					}
				}
			}
			code, _, stderr := run(t, dir, c.args...)
			if code != ExitUsage || !strings.HasPrefix(stderr, "rapport: "+c.flag+" holds ") && !strings.HasPrefix(stderr, "rapport: "+c.flag+" is not valid") {
				t.Errorf("%q: exit %d, stderr %q; want exit 2 naming %s", c.args, code, stderr, c.flag)
			}
			if strings.ContainsAny(stderr, "\x00\x1b\x7f\u0085\u009b\u2028\u2029\u202e\u2066\u202a\r") {
				t.Errorf("%q: stderr repeats the character raw: %q", c.args, stderr)
			}
			if matches, _ := filepath.Glob(filepath.Join(dir, "x")); len(matches) > 0 {
				t.Errorf("%q: init wrote %v", c.args, matches)
			}
			if _, err := filepath.Glob(filepath.Join(dir, "clients", "c")); c.args[0] == "new" && err == nil {
				if m, _ := filepath.Glob(filepath.Join(dir, "clients", "c", "*")); len(m) > 0 {
					t.Errorf("%q: new wrote %v", c.args, m)
				}
			}
		}
	}
}
