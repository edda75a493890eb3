package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-coach/rapport/templates"
)

// Every shipped catalogue has every message English has, with no key and
// no placeholder English does not know.
func TestCataloguesComplete(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	en := c.embedded[Source]
	want := []string{"en", "de", "es", "fr", "it", "nl", "pl", "pt"}
	if got := strings.Join(c.Supported(), " "); got != strings.Join(want, " ") {
		t.Errorf("supported = %s, want %s", got, strings.Join(want, " "))
	}
	for _, tag := range want {
		if missing := c.Missing(tag); len(missing) > 0 {
			t.Errorf("%s.yaml misses %d messages English has: %s", tag, len(missing), strings.Join(missing, ", "))
		}
		data, err := fs.ReadFile(templates.FS, Dir+"/"+tag+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		if _, probs := parseFile(tag+".yaml", data, en); len(probs) > 0 {
			t.Errorf("%s.yaml: %v", tag, probs)
		}
	}
}

func TestMatch(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, want, err string }{
		{"", "en", ""},
		{"de", "de", ""},
		{"de-AT", "de", ""},
		{"DE-at", "de", ""},
		{" fr-CA ", "fr", ""},
		{"pt-BR", "pt", ""},
		{"en-GB", "en", ""},
		{"sv", "en", `there are no handouts in "sv"`},
		{"german", "en", `"german" is not a language tag`},
		{"de_AT", "de", ""},
	} {
		l, err := c.Match(tt.in)
		if got := l.Tag(); got != tt.want {
			t.Errorf("Match(%q) = %s, want %s", tt.in, got, tt.want)
		}
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("Match(%q): %v", tt.in, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("Match(%q) error = %v, want %q", tt.in, err, tt.err)
		}
	}
}

func TestFormats(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ tag, long, short, money, minutes string }{
		{"en", "Wednesday 2 December 2026", "2 Dec 2026", "€1,500.50", "5 minutes"},
		{"de", "Mittwoch, 2. Dezember 2026", "2. Dez. 2026", "1.500,50 €", "5 Minuten"},
		{"fr", "mercredi 2 décembre 2026", "2 déc. 2026", "1\u00a0500,50 €", "5 minutes"},
		{"pl", "2 grudnia 2026 (środa)", "2 gru 2026", "1\u00a0500,50 €", "5 minut"},
		{"nl", "woensdag 2 december 2026", "2 dec 2026", "€ 1.500,50", "5 minuten"},
	} {
		l, _ := c.Match(tt.tag)
		if got := l.LongDate(day); got != tt.long {
			t.Errorf("%s long date = %q, want %q", tt.tag, got, tt.long)
		}
		if got := l.ShortDate(day); got != tt.short {
			t.Errorf("%s short date = %q, want %q", tt.tag, got, tt.short)
		}
		if got := l.Money(1500.5, "eur"); got != tt.money {
			t.Errorf("%s money = %q, want %q", tt.tag, got, tt.money)
		}
		if got := l.T("session.minutes", "n", 5); got != tt.minutes {
			t.Errorf("%s minutes = %q, want %q", tt.tag, got, tt.minutes)
		}
	}
	pl, _ := c.Match("pl")
	for n, want := range map[int]string{1: "1 rok", 2: "2 lata", 5: "5 lat", 22: "22 lata"} {
		if got := pl.T("period.y", "n", n); got != want {
			t.Errorf("pl period %d = %q, want %q", n, got, want)
		}
	}
}

// A practice's catalogue overrides one message, may add a language, and is
// untrusted: every mistake is reported with its file and line, and the
// message it concerns is left out.
func TestPracticeCatalogue(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "templates", Dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("de.yaml", "agreement.title: Coachingvertrag\r\nagreement.titel: Tippfehler\nsession.title: \"Termin {nummer}\"\nsession.minutes:\n  one: eine\n  several: x\nhandout.by: 12\n")
	write("sv.yaml", "agreement.title: Coachingavtal\n")
	write("fr.yaml", "\xff\xfe")
	write("README.txt", "notes")
	write("es.yaml", "\ufeffhandout.for: \"<script>x</script> {client}\"\n")
	if err := os.WriteFile(filepath.Join(root, "outside.yaml"), []byte("agreement.title: Von draußen\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "outside.yaml"), filepath.Join(dir, "it.yaml")); err != nil {
		t.Log("symlinks not available:", err)
	}
	write("Bad_Tag.yaml", "a: b")
	c, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.Problems {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"templates/i18n/de.yaml:2: agreement.titel is not a message rapport has",
		"templates/i18n/de.yaml:3: session.title: {nummer} is not a value this message has (it has {n})",
		"templates/i18n/de.yaml:6: session.minutes: a counted message gives its text for",
		"templates/i18n/de.yaml:7: handout.by: write the message as text",
		"templates/i18n/sv.yaml:1: misses",
		"templates/i18n/fr.yaml:1: is not UTF-8 text",
		"templates/i18n/README.txt:1: is not a catalogue",
		"templates/i18n/Bad_Tag.yaml:1: is not named",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q; got:\n%s", want, all)
		}
	}
	de, _ := c.Match("de-CH")
	en, _ := c.Match("en")
	for code, want := range map[string]string{"GBP": "£1,500", "CHF": "1,500 CHF", "XYZ": "1,500 XYZ", "": "1,500"} {
		if got := en.Money(1500, code); got != want {
			t.Errorf("en money %q = %q, want %q", code, got, want)
		}
	}
	if got := de.T("agreement.title"); got != "Coachingvertrag" {
		t.Errorf("overridden title = %q", got)
	}
	if got := de.T("session.title", "n", 3); got != "Sitzung 3" {
		t.Errorf("a rejected override should leave the embedded message: %q", got)
	}
	it, _ := c.Match("it")
	if got := it.T("agreement.title"); got != "Accordo di coaching" {
		t.Errorf("a linked catalogue was read: %q", got)
	}
	es, _ := c.Match("es")
	if got := string(es.HTML("handout.for", "client", "Ana")); got != "&lt;script&gt;x&lt;/script&gt; Ana" {
		t.Errorf("a practice's message is not escaped on the page: %q", got)
	}
	sv, err := c.Match("sv")
	if err != nil {
		t.Fatalf("a practice's own language is supported: %v", err)
	}
	if got := sv.T("agreement.title") + " / " + sv.T("agreement.signed"); got != "Coachingavtal / Signed" {
		t.Errorf("sv = %q, want its own message and English for the rest", got)
	}
}

func TestHTMLEscapes(t *testing.T) {
	c, _ := Load("")
	l, _ := c.Match("en")
	got := string(l.HTML("handout.for", "client", "<b>Ann & Bo</b>"))
	if got != "for &lt;b&gt;Ann &amp; Bo&lt;/b&gt;" {
		t.Errorf("HTML = %q", got)
	}
}
