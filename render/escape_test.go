package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
)

// TestHostileMarkdown feeds a handout body what a careless paste or a
// malicious file could hold. Nothing may run, load or link anywhere but the
// web and e-mail; the words themselves stay readable.
func TestHostileMarkdown(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    []string // must appear in the HTML
		notWant []string // must not appear in the HTML
	}{
		{"script block", "<script>alert('x')</script>\n", []string{"&lt;script&gt;alert("}, []string{"<script"}},
		{"inline script", "Hello <script>alert(1)</script> there\n", []string{"Hello &lt;script&gt;"}, []string{"<script"}},
		{"inline tag with handler", "A <b onmouseover=\"steal()\">bold</b> move\n", []string{"&lt;b onmouseover="}, []string{"<b "}},
		{"raw anchor", "<a href=\"https://evil.example\">click</a>\n", []string{"&lt;a href="}, []string{"<a href=\"https://evil"}},
		{"img with onerror", "<img src=x onerror=alert(1)>\n", []string{"&lt;img src=x"}, []string{"<img"}},
		{"iframe", "<iframe src=\"https://evil.example\"></iframe>\n", []string{"&lt;iframe"}, []string{"<iframe"}},
		{"style block", "<style>body{display:none}</style>\n", []string{"&lt;style&gt;"}, []string{"<style>body"}},
		{"html comment", "Before <!-- hidden note --> after\n\n<!--\nblock comment\n-->\n", []string{"&lt;!-- hidden note --&gt;", "block comment"}, []string{"<!--"}},
		{"javascript link", "[click me](javascript:alert(1))\n", []string{"click me"}, []string{"href=\"javascript", "javascript:alert"}},
		{"upper-case javascript link", "[x](JaVaScRiPt:alert(1))\n", []string{">x<"}, []string{"href"}},
		{"entity-encoded javascript link", "[x](&#106;avascript:alert(1))\n", []string{">x<"}, []string{"href"}},
		{"javascript reference link", "[x][1]\n\n[1]: javascript:alert(1)\n", []string{">x<"}, []string{"href"}},
		{"javascript autolink", "<javascript:alert(1)>\n", nil, []string{"href"}},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)\n", nil, []string{"href"}},
		{"vbscript link", "[x](vbscript:msgbox)\n", nil, []string{"href"}},
		{"file link", "[passwords](file:///etc/passwd)\n", []string{"passwords"}, []string{"href"}},
		{"relative link", "[notes](../coach/notes.md)\n", []string{"notes"}, []string{"href"}},
		{"remote image", "![a chart](https://tracker.example/pixel.png)\n", []string{"[a chart]"}, []string{"<img", "tracker.example"}},
		{"template syntax", "Keep {{.}} and {{template \"x\"}} and {{ .ClientName }} as text\n", []string{"{{.}}", "{{template", "{{ .ClientName }}"}, nil},
		{"web link kept", "[ICO](https://ico.org.uk/)\n", []string{`<a href="https://ico.org.uk/">ICO</a>`}, nil},
		{"mail link kept", "[write](mailto:jo@example.org)\n", []string{`href="mailto:jo@example.org"`}, nil},
		{"bare url autolinked", "See www.example.org today\n", []string{`href="http://www.example.org"`}, nil},
		{"email autolinked", "Mail jo@example.org please\n", []string{`href="mailto:jo@example.org"`}, nil},
		{"quotes in link title", "[x](https://example.org \"a\\\" onclick=\\\"evil()\")\n", []string{"https://example.org"}, []string{`" onclick="evil`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := markdownHTML(Parse([]byte(tt.src)))
			if err != nil {
				t.Fatal(err)
			}
			got := string(out)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("want %q in\n%s", w, got)
				}
			}
			for _, nw := range tt.notWant {
				if strings.Contains(got, nw) {
					t.Errorf("do not want %q in\n%s", nw, got)
				}
			}
		})
	}
}

// TestHostileFrontmatter checks that values from the frontmatter are escaped
// by the layouts, and that template syntax in them stays text.
func TestHostileFrontmatter(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"practice.yaml": "name: \"<script>alert('practice')</script>\"\ncoach: {name: \"Jo {{.ClientName}}\", email: \"jo@example.org\"}\n",
		"clients/mal/agreement.md": "---\nkind: agreement\nclient_name: \"<img src=x onerror=alert(1)>\"\ndate: 2026-01-05\nstatus: active\n" +
			"sessions: {count: 6, frequency: \"</style><script>x()</script>\", minutes: 60, mode: video}\n" +
			"goals:\n  - {id: g, text: \"<b>bold</b> {{template \\\"x\\\"}}\"}\n" +
			"records: {held_by: coach, storage: \"\\\" onload=\\\"evil()\", retention: 6y, consent: 2026-01-05}\n---\nBody\n",
		"clients/mal/sessions/s1.md": "---\nkind: session\nnumber: 1\ndate: 2026-01-12\ngoals: [g]\n" +
			"actions:\n  - {text: \"<script>alert('action')</script>\", due: 2026-01-19, set_by: client, status: open}\n---\nNotes\n",
	})
	p := openPractice(t, dir)
	c, err := p.LoadClient("mal", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	layouts, err := LoadLayouts("")
	if err != nil {
		t.Fatal(err)
	}
	for _, job := range Plan(p, c, records.MustDate("2026-02-01")) {
		h, err := Make(job, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := HTML(&b, h, layouts); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		for _, bad := range []string{"<script", "<img", "<b>bold", "onload=\"evil", "</style><script"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s: %q got through unescaped", job.ID, bad)
			}
		}
		if job.Kind == KindSession && !strings.Contains(got, "&lt;script&gt;alert(‘action’)&lt;/script&gt;") {
			t.Errorf("%s: the action text should be shown, escaped", job.ID)
		}
		if job.Kind == KindAgreement && !strings.Contains(got, "{{template") {
			t.Errorf("%s: template syntax in a goal should stay text", job.ID)
		}
	}
}

func TestLinksSayWhereTheyLeadInPrint(t *testing.T) {
	tests := []struct{ src, want string }{
		{"[ICO](https://ico.org.uk/)", `<a href="https://ico.org.uk/">ICO</a>`},
		{"[ico.org.uk](https://ico.org.uk/)", `<a href="https://ico.org.uk/" class="bare">ico.org.uk</a>`},
		{"<https://example.org>", `<a href="https://example.org" class="bare">https://example.org</a>`},
	}
	for _, tt := range tests {
		out, err := markdownHTML(Parse([]byte(tt.src)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), tt.want) {
			t.Errorf("%s: got %s, want %s in it", tt.src, out, tt.want)
		}
	}
}

// TestNamesAreIsolated checks that a client's name is set apart from the
// words around it, so that a direction mark in it (here a right-to-left
// override, pasted or planted) turns only the name around, never the
// sentence it sits in. The <title> and the printed footer are plain text.
func TestNamesAreIsolated(t *testing.T) {
	const name = "Ana \u202eSilva"
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"practice.yaml": "name: Harbour Coaching\ncoach: {name: Jo Coach, email: jo@example.org}\n",
		"clients/ana-silva/agreement.md": "---\nkind: agreement\nclient_name: \"" + name + "\"\ndate: 2026-01-05\nstatus: active\n" +
			"sessions: {count: 6, frequency: fortnightly, minutes: 60, mode: video}\n" +
			"records: {held_by: coach, storage: encrypted drive, retention: 6y, consent: 2026-01-05}\n---\nBody\n",
		"clients/ana-silva/sessions/s1.md": "---\nkind: session\nnumber: 1\ndate: 2026-01-12\n---\nNotes\n",
	})
	p := openPractice(t, dir)
	c, err := p.LoadClient("ana-silva", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	layouts, err := LoadLayouts("")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, job := range Plan(p, c, records.MustDate("2026-02-01")) {
		h, err := Make(job, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := HTML(&b, h, layouts); err != nil {
			t.Fatal(err)
		}
		body := b.String()
		body = body[strings.Index(body, "<body"):]
		body = body[:strings.Index(body, `<p class="trace">`)]
		seen += strings.Count(body, name)
		if n, isolated := strings.Count(body, name), strings.Count(body, "<bdi>"+name+"</bdi>"); n != isolated {
			t.Errorf("%s: the name appears %d times, %d of them in <bdi>", job.ID, n, isolated)
		}
	}
	if seen == 0 {
		t.Fatal("the name appears in no handout")
	}
}
