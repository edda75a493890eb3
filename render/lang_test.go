package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/guard"
	"github.com/rapport-coach/rapport/render/i18n"
	"github.com/rapport-coach/rapport/render/pdf"
)

// setLanguage gives a client's agreement in a practice folder a language.
func setLanguage(t *testing.T, root, client, tag string) {
	t.Helper()
	path := filepath.Join(root, "clients", client, "agreement.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("\nclient_name:"), []byte("\nlanguage: "+tag+"\nclient_name:"), 1)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGoldenLanguages renders one client's handouts of every kind in German
// and another's in French, HTML and PDF, and compares them with
// testdata/golden-lang. The PDF's golden is the document the builtin engine
// lays out, as text, so a change of wording reads as a diff; the PDF itself
// must lay out too.
func TestGoldenLanguages(t *testing.T) {
	root := copyPractice(t, "../example-practice")
	setLanguage(t, root, "lukasz-nowak", "de-AT")
	setLanguage(t, root, "eleni-papadopoulou", "fr")
	p := openPractice(t, root)
	layouts, err := LoadLayouts(root)
	if err != nil {
		t.Fatal(err)
	}
	for client, lang := range map[string]string{"lukasz-nowak": "de", "eleni-papadopoulou": "fr"} {
		c, err := p.LoadClient(client, records.LoadOptions{Bodies: true})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[Kind]bool{}
		for _, job := range Plan(p, c, exampleToday) {
			if kinds[job.Kind] {
				continue // one handout of each kind
			}
			kinds[job.Kind] = true
			job.Catalogues = layouts.Catalogues
			t.Run(lang+"/"+job.ID, func(t *testing.T) {
				h, err := Make(job, nil)
				if err != nil {
					t.Fatal(err)
				}
				if h.Lang.Tag() != lang {
					t.Fatalf("handout in %s, want %s", h.Lang.Tag(), lang)
				}
				var page bytes.Buffer
				if err := HTML(&page, h, layouts); err != nil {
					t.Fatal(err)
				}
				var file bytes.Buffer
				if _, err := PDF(&file, h); err != nil {
					t.Fatal(err)
				}
				d := PDFDocument(h)
				if d.Lang != lang {
					t.Errorf("pdf /Lang = %q, want %q", d.Lang, lang)
				}
				dir := filepath.Join("testdata", "golden-lang", lang)
				checkGolden(t, filepath.Join(dir, job.ID+".html"), page.Bytes())
				checkGolden(t, filepath.Join(dir, job.ID+".pdf.txt"), []byte(dumpPDF(d)))
			})
		}
		if len(kinds) != len(Kinds) {
			t.Errorf("%s has %d kinds of handout, want %d", client, len(kinds), len(Kinds))
		}
	}
}

func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./render -update and review the diff\n%s", golden, firstDiff(string(got), string(want)))
	}
}

// dumpPDF writes a PDF document model as indented text: each block's type
// and every string in it.
func dumpPDF(d *pdf.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Title: %s\nSubject: %s\nLang: %s\nFooter: %s | %s | %s\n", d.Title, d.Subject, d.Lang, d.Footer.Left, d.Footer.Centre, d.Footer.Pages)
	var walk func(v reflect.Value, depth int)
	walk = func(v reflect.Value, depth int) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem(), depth)
			}
		case reflect.String:
			if s := v.String(); s != "" {
				fmt.Fprintf(&b, "%s%q\n", strings.Repeat("  ", depth), s)
			}
		case reflect.Slice, reflect.Array:
			if v.Type() == runsType {
				var s strings.Builder
				for _, r := range v.Interface().(pdf.Text) {
					s.WriteString(r.Text)
				}
				if s.Len() > 0 {
					fmt.Fprintf(&b, "%s%q\n", strings.Repeat("  ", depth), s.String())
				}
				return
			}
			for i := range v.Len() {
				walk(v.Index(i), depth)
			}
		case reflect.Struct:
			if strings.HasPrefix(v.Type().PkgPath(), "github.com/rapport-coach/rapport/render/pdf") && depth > 0 {
				fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", depth-1), v.Type().Name())
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i), depth+1)
				}
			}
		}
	}
	for _, blk := range d.Blocks {
		walk(reflect.ValueOf(blk), 1)
	}
	return b.String()
}

// germanPractice is a practice whose records are written in German, so
// that any English word on its handouts came from rapport.
var germanPractice = map[string]string{
	"practice.yaml": "name: Praxis Sonnenberg\ncoach: {name: Jo Beispiel, email: jo@beispiel.example, credential: ICF PCC}\nethics: Ethikkodex der ICF\nhandouts: {language: de}\n",
	"clients/anna/agreement.md": `---
kind: agreement
client_name: Anna Muster
date: 2026-01-05
status: active
contact: {email: anna@beispiel.example}
sessions: {count: 6, frequency: alle zwei Wochen, minutes: 60, mode: video}
start: 2026-01-12
end: 2026-06-30
fees: {amount: 1500.5, currency: EUR, basis: package}
goals:
  - {id: stimme, text: Meine Stimme in Besprechungen finden}
  - {id: balance, text: Feierabend ernst nehmen, status: achieved}
  - {id: wechsel, text: Über einen Wechsel nachdenken, status: dropped}
confidentiality: Bleibt unter uns.
records: {held_by: both, storage: verschlüsselter Laptop, retention: 6y, consent: 2026-01-05}
sponsor: {name: Firma Beispiel, reporting: nur die Anwesenheit}
signed: {client: 2026-01-05}
---

## Wie wir arbeiten

Wir treffen uns online.
`,
	"clients/anna/sessions/2026-01-12-01.md": `---
kind: session
number: 1
date: 2026-01-12
minutes: 60
goals: [stimme]
actions:
  - {text: Montags als Erste sprechen, due: 2026-01-19, set_by: client, status: done}
  - {text: Zwei Fragen vorbereiten, due: 2026-01-20, set_by: client, status: open}
next: 2026-01-26
---

## Worüber wir sprachen

Über Besprechungen.
`,
	"clients/anna/sessions/2026-01-26-02.md": `---
kind: session
number: 2
date: 2026-01-26
minutes: 90
format: group
group_size: 4
goals: [stimme, balance]
actions:
  - {text: Zwei Fragen vorbereiten, due: 2026-01-20, set_by: client, status: open}
next: 2026-02-09
---

## Worüber wir sprachen

Über Pausen.
`,
	"clients/anna/reflections/2026-01-14-01-client.md": `---
kind: reflection
author: client
session: 1
date: 2026-01-14
---

## Was ich gelernt habe

Zuerst atmen.
`,
}

// TestNoEnglishOnGermanHandout renders every handout of a client whose
// records are in German and looks for words of the English catalogue that
// the German one does not use and the records do not contain: a label left
// in English. The page's text, its attributes read aloud, its title and its
// @page rules are searched, and every string of the PDF.
func TestNoEnglishOnGermanHandout(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, germanPractice)
	p := openPractice(t, root)
	layouts, err := LoadLayouts(root)
	if err != nil {
		t.Fatal(err)
	}
	cats := layouts.Catalogues
	en, _ := cats.Match("en")
	de, _ := cats.Match("de")
	// Words the records contain may appear in any language.
	var recordText strings.Builder
	for _, text := range germanPractice {
		recordText.WriteString(text)
	}
	allowed := wordSet(recordText.String())
	for w := range wordSet(strings.Join(de.OwnLiterals(), " ")) {
		allowed[w] = true
	}
	english := map[string]bool{}
	for w := range wordSet(strings.Join(englishOnly(en), " ")) {
		if !allowed[w] {
			english[w] = true
		}
	}
	if len(english) < 100 {
		t.Fatalf("only %d English words to look for: the test would find nothing", len(english))
	}
	c, err := p.LoadClient("anna", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	jobs := Plan(p, c, records.MustDate("2026-02-04"))
	if len(jobs) < 5 {
		t.Fatalf("%d handouts, want one of each kind", len(jobs))
	}
	for _, job := range jobs {
		job.Catalogues = cats
		h, err := Make(job, nil)
		if err != nil {
			t.Fatal(err)
		}
		var page bytes.Buffer
		if err := HTML(&page, h, layouts); err != nil {
			t.Fatal(err)
		}
		var texts []string
		z := html.NewTokenizer(&page)
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			tok := z.Token()
			switch tok.Type {
			case html.TextToken:
				texts = append(texts, tok.Data)
			case html.StartTagToken, html.SelfClosingTagToken:
				for _, a := range tok.Attr {
					if a.Key == "aria-label" || a.Key == "title" || a.Key == "alt" || a.Key == "lang" {
						texts = append(texts, a.Val)
					}
				}
			}
		}
		var shown, held guard.Text
		d := PDFDocument(h)
		// The page number's placeholders are not words; the rest of it is.
		texts = append(texts, d.Footer.Pages)
		d.Footer.Pages = ""
		pdfStrings(reflect.ValueOf(d), &shown, &held)
		texts = append(texts, string(shown.Bytes()))
		for _, text := range texts {
			text = placeholder.ReplaceAllString(text, "")
			// The style sheet's own words (font names, properties) are not
			// messages; the content of its @page boxes is.
			if strings.Contains(text, "@page") {
				var boxes []string
				for _, m := range pageContent.FindAllStringSubmatch(text, -1) {
					boxes = append(boxes, m[1])
				}
				text = strings.Join(boxes, " ")
			}
			for w := range wordSet(text) {
				if english[w] {
					t.Errorf("%s: English %q on a German handout, in %.120q", job.ID, w, text)
				}
			}
		}
	}
}

var (
	pageContent = regexp.MustCompile(`@bottom-[a-z]+ \{ content: ([^;}]*)`)
	placeholder = regexp.MustCompile(`\{[a-z_]+\}|counter\([a-z]+\)`)
)

// englishOnly are the literal runs of the English catalogue.
func englishOnly(en *i18n.Lang) []string { return en.OwnLiterals() }

// wordSet is the lower-case words of s.
func wordSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range regexp.MustCompile(`[\p{L}\p{N}]+`).FindAllString(s, -1) {
		out[strings.ToLower(w)] = true
	}
	return out
}

// A language a practice adds that is written right to left gets dir="rtl"
// and its tag on the page and in the PDF; what it does not translate falls
// back to English.
func TestRightToLeft(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{}
	for k, v := range germanPractice {
		files[k] = v
	}
	files["practice.yaml"] = "name: Praxis\ncoach: {name: Jo Beispiel}\nhandouts: {language: ar}\n"
	files["templates/i18n/ar.yaml"] = "session.checklist: قائمتك\n"
	writeFiles(t, root, files)
	p := openPractice(t, root)
	layouts, err := LoadLayouts(root)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.LoadClient("anna", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	job := Plan(p, c, records.MustDate("2026-02-04"))[1]
	job.Catalogues = layouts.Catalogues
	h, err := Make(job, nil)
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := HTML(&page, h, layouts); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<html lang="ar" dir="rtl">`, "قائمتك", "What you will do"} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("%s lacks %q", job.ID, want)
		}
	}
	if d := PDFDocument(h); d.Lang != "ar" {
		t.Errorf("pdf /Lang = %q", d.Lang)
	}
	if !slices.Contains(layouts.Files, "templates/i18n/ar.yaml") {
		t.Errorf("the practice's catalogue is not among the files a build depends on: %v", layouts.Files)
	}
}

// A private note that quotes a sentence of the German privacy notice must
// not refuse the notice: the fixed text is the handout's by right.
func TestGuardAllowsFixedTextInTheClientsLanguage(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{}
	for k, v := range germanPractice {
		files[k] = v
	}
	files["clients/anna/agreement.md"] += "\n## Privat\n\nSie können eine Kopie von allem verlangen, was ich über Sie aufbewahre.\n"
	files["practice.yaml"] += "privacy: {headings: [Privat]}\n"
	writeFiles(t, root, files)
	p := openPractice(t, root)
	c, err := p.LoadClient("anna", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.PrivatePassages(p.Settings.PrivacyRule())) == 0 {
		t.Fatal("the note is not private: the test would prove nothing")
	}
	rep, err := ClientHandouts(p, "anna", Options{Dest: t.TempDir(), What: KindPrivacy, Today: records.MustDate("2026-02-04"), Formats: []Format{FormatHTML, FormatPDF}})
	if err != nil {
		t.Fatalf("the German privacy notice was refused: %v", err)
	}
	if len(rep.Written) != 1 {
		t.Fatalf("wrote %d handouts", len(rep.Written))
	}
}

// The page counter's words go into a style sheet: nothing a catalogue says
// can end the string or the rule.
func TestPagesCSS(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"\x00page of \x00pages", `counter(page) " of " counter(pages)`},
		{"Seite \x00page/\x00pages", `"Seite " counter(page) "\00002f" counter(pages)`},
		{`"; } body { display: none`, `"\000022\00003b \00007d body \00007b display\00003a none"`},
	} {
		if got := string(pagesCSS(tt.in)); got != tt.want {
			t.Errorf("pagesCSS(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
