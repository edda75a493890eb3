package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
)

// TestPracticeOverridesLayouts checks that a practice's own templates/
// replace the embedded layouts and styles file by file, and may add styles.
func TestPracticeOverridesLayouts(t *testing.T) {
	dir := copyPractice(t, "../example-practice")
	writeFiles(t, dir, map[string]string{
		"templates/layouts/privacy.html": `{{define "content"}}<p class="own-privacy">Our own privacy words for {{.ClientName}}</p>{{end}}`,
		"templates/css/handout.css":      "body { color: #123456; }\n",
		"templates/css/zz-brand.css":     ".brand { color: #654321; }\n",
	})
	p := openPractice(t, dir)
	l, err := LoadLayouts(p.Root)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.LoadClient("zoe-lukasiewicz", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[Kind]string{}
	for _, job := range Plan(p, c, exampleToday) {
		h, err := Make(job, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := HTML(&b, h, l); err != nil {
			t.Fatal(err)
		}
		out[job.Kind] = b.String()
	}
	if !strings.Contains(out[KindPrivacy], `<p class="own-privacy">Our own privacy words for Zoë Łukasiewicz</p>`) {
		t.Error("the practice's privacy layout was not used")
	}
	if strings.Contains(out[KindAgreement], "own-privacy") || !strings.Contains(out[KindAgreement], "At a glance") {
		t.Error("the agreement should still use the embedded layout")
	}
	for kind, html := range out {
		if !strings.Contains(html, "#123456") || strings.Contains(html, "--accent: #2e5e63") {
			t.Errorf("%s: the practice's handout.css should replace the embedded one", kind)
		}
		if !strings.Contains(html, ".brand { color: #654321; }") {
			t.Errorf("%s: the practice's extra style sheet is missing", kind)
		}
		if !strings.Contains(html, "@media print") {
			t.Errorf("%s: the embedded print.css should still be there", kind)
		}
	}
	want := []string{"templates/layouts/privacy.html", "templates/css/handout.css", "templates/css/zz-brand.css", "embedded:css/print.css", "embedded:layouts/base.html"}
	for _, w := range want {
		found := false
		for _, f := range l.Files {
			found = found || f == w
		}
		if !found {
			t.Errorf("Files = %v, want %s in it", l.Files, w)
		}
	}
}

func TestBrokenLayoutNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"templates/layouts/session.html": `{{define "content"}}{{if}}{{end}}`})
	_, err := LoadLayouts(dir)
	if err == nil || !strings.Contains(err.Error(), "templates/layouts/session.html") {
		t.Errorf("err = %v, want it to name templates/layouts/session.html", err)
	}
	writeFiles(t, dir, map[string]string{
		"templates/layouts/session.html": `{{define "content"}}{{end}}`,
		"templates/css/x.css":            "</style><script>alert(1)</script>",
	})
	_, err = LoadLayouts(dir)
	if err == nil || !strings.Contains(err.Error(), "templates/css/x.css") {
		t.Errorf("err = %v, want a refusal naming templates/css/x.css", err)
	}
}

func TestPaperFromPractice(t *testing.T) {
	for _, tt := range []struct{ setting, want string }{{"A4", "size: A4;"}, {"letter", "size: letter;"}, {"", "size: A4;"}, {"A5; } body { display: none", "size: A4;"}} {
		h := &Handout{Kind: KindPrivacy, Paper: Paper(tt.setting), Privacy: &PrivacyPart{}}
		l, err := LoadLayouts("")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := HTML(&b, h, l); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "@page { "+tt.want) {
			t.Errorf("paper %q: want %q in the page style", tt.setting, tt.want)
		}
	}
}
