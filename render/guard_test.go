package render

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/guard"
)

// leakPractice is a practice of two clients. Ann's second session repeats,
// in its shared part, whatever the test puts in SHARED; her first session
// and her coach reflection hold the private text a leak would carry.
func leakPractice(t *testing.T, shared string, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"practice.yaml": "name: Test Coaching\ncoach: {name: Jo Bloggs, email: jo@example.org}\n",
		"clients/ann/agreement.md": `---
kind: agreement
client_name: Ann Example
date: 2026-01-05
status: active
contact: {email: ann@example.org}
goals:
  - {id: voice, text: Find my voice}
signed: {client: 2026-01-05, coach: 2026-01-05}
---
We will work together.
`,
		"clients/ann/sessions/2026-01-12-01.md": `---
kind: session
number: 1
date: 2026-01-12
goals: [voice]
---
## What we discussed

Meetings and how to speak in them. SHARED1

## Private

She fears her manager will hear about the tribunal claim.
PRIVDEF`,
		"clients/ann/sessions/2026-01-26-02.md": `---
kind: session
number: 2
date: 2026-01-26
goals: [voice]
---
## What we discussed

SHARED
`,
		"clients/ann/reflections/2026-01-13-01-coach.md": `---
kind: reflection
author: coach
session: 1
date: 2026-01-13
---
## What went well

I held the silence longer than usual and it paid off.

## Supervision topics

Whether my own redundancy last year colours how I hear her.
`,
		"clients/bob/agreement.md": `---
kind: agreement
client_name: Bob Jones
date: 2026-01-05
contact: {email: bob.jones@example.com}
---
`,
	}
	for k, v := range extra {
		if k != "SHARED1" && k != "PRIVDEF" {
			files[k] = v
		}
	}
	files["clients/ann/sessions/2026-01-12-01.md"] = strings.Replace(files["clients/ann/sessions/2026-01-12-01.md"], "SHARED1", extra["SHARED1"], 1)
	files["clients/ann/sessions/2026-01-12-01.md"] = strings.Replace(files["clients/ann/sessions/2026-01-12-01.md"], "PRIVDEF", extra["PRIVDEF"], 1)
	files["clients/ann/sessions/2026-01-26-02.md"] = strings.Replace(files["clients/ann/sessions/2026-01-26-02.md"], "SHARED", shared, 1)
	writeFiles(t, dir, files)
	return dir
}

// TestGuardRefusesLeaks plants a leak by each way one could reach a
// handout, and checks that the guard refuses the file, names the record and
// line the text came from, and leaves the earlier file as it was.
func TestGuardRefusesLeaks(t *testing.T) {
	printSource := map[string]string{
		// A practice's own layout that prints the record's whole Markdown.
		"templates/layouts/session.html": `{{define "content"}}<pre>{{with .Body}}{{printf "%s" .Source}}{{end}}</pre>{{end}}`,
	}
	tests := []struct {
		name    string
		shared  string
		extra   map[string]string
		session int
		formats []Format
		path    string
		line    int
		what    string
	}{
		{"private sentence repeated in shared text", "She fears her manager will hear about the tribunal claim!", nil, 2,
			[]Format{FormatHTML, FormatPDF}, "clients/ann/sessions/2026-01-12-01.md", 13, whatPrivate},
		{"repeated with curly quotes and capitals", "SHE FEARS HER MANAGER WILL HEAR ABOUT THE TRIBUNAL “CLAIM”", nil, 2,
			[]Format{FormatPDF}, "clients/ann/sessions/2026-01-12-01.md", 13, whatPrivate},
		{"split by emphasis", "She fears her *manager* will **hear** about the tribunal claim.", nil, 2,
			[]Format{FormatHTML}, "clients/ann/sessions/2026-01-12-01.md", 13, whatPrivate},
		{"private text written with character references", "Her brother's lawyer looks after the whole family estate now.",
			map[string]string{"PRIVDEF": "\nHer brother&rsquo;s lawyer &#108;ooks after the whole family estate now.\n"}, 2,
			[]Format{FormatHTML}, "clients/ann/sessions/2026-01-12-01.md", 15, whatPrivate},
		{"coach reflection repeated", "Whether my own redundancy last year colours how I hear her.", nil, 2,
			[]Format{FormatHTML, FormatPDF}, "clients/ann/reflections/2026-01-13-01-coach.md", 13, whatReflection},
		{"another client's e-mail", "Write to bob.jones@example.com about it.", nil, 2,
			[]Format{FormatHTML}, "clients/bob/agreement.md", 5, whatEmail},
		{"another client's name in the PDF", "Bob Jones joined us.", nil, 2,
			[]Format{FormatPDF}, "clients/bob/agreement.md", 3, whatName},
		{"a private link's address in a shared link", "Read [this](https://private.example/coach/notes/ann-tribunal) first.",
			map[string]string{"PRIVDEF": "\nSee [my notes](https://private.example/coach/notes/ann-tribunal).\n"}, 2,
			[]Format{FormatHTML, FormatPDF}, "clients/ann/sessions/2026-01-12-01.md", 15, whatPrivate},
		{"text under a private heading Markdown does not make", "Fine.\n\n#Private\nShe is thinking of leaving her husband after the summer holidays.", nil, 2,
			[]Format{FormatHTML, FormatPDF}, "clients/ann/sessions/2026-01-26-02.md", 12, whatUnmade},
		{"text with character references under a private heading Markdown does not make", "Fine.\n\n#Private\nShe is thinking of leaving her husband after the summer holid&#97;ys &amp; more.", nil, 2,
			[]Format{FormatHTML, FormatPDF}, "clients/ann/sessions/2026-01-26-02.md", 12, whatUnmade},
		{"text under a full-width private heading", "Fine.\n\n＃＃ Private notes\n\nShe is thinking of leaving her husband after the summer holidays.", nil, 2,
			[]Format{FormatHTML}, "clients/ann/sessions/2026-01-26-02.md", 13, whatUnmade},
		{"layout printing the record's source", "Nothing to see.", printSource, 1,
			[]Format{FormatHTML}, "clients/ann/sessions/2026-01-12-01.md", 13, whatPrivate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := leakPractice(t, tt.shared, tt.extra)
			p, err := records.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			dest := filepath.Join(dir, "public")
			id := "session-0" + string(rune('0'+tt.session))
			writeFiles(t, dest, map[string]string{"ann/" + id + ".html": "earlier", "ann/" + id + ".pdf": "earlier"})
			l, err := LoadLayouts(dir)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := ClientHandouts(p, "ann", Options{Dest: dest, What: KindSession, N: tt.session, Layouts: l, Formats: tt.formats})
			var le *LeakError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a LeakError", err)
			}
			if le.Path != tt.path || le.Line != tt.line || le.What != tt.what {
				t.Errorf("refused for %s:%d (%s), want %s:%d (%s)", le.Path, le.Line, le.What, tt.path, tt.line, tt.what)
			}
			want := "ann/" + id + "." + string(tt.formats[0]) + ": refused: it contains text from " + tt.path
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("message %q, want it to start %q", err, want)
			}
			if len(rep.Written) > 0 {
				t.Errorf("wrote %v", rep.Written[0].Paths)
			}
			for _, ext := range []string{".html", ".pdf"} {
				if b, err := os.ReadFile(filepath.Join(dest, "ann", id+ext)); err != nil || string(b) != "earlier" {
					t.Errorf("%s%s was replaced or removed: %q, %v", id, ext, b, err)
				}
			}
		})
	}
}

// TestGuardPassesCleanHandouts renders every handout of both clients of
// the leak practice, with nothing repeated, in both formats: the guard must
// not refuse what is the client's own (their name, their goals) or common
// phrases.
func TestGuardPassesCleanHandouts(t *testing.T) {
	dir := leakPractice(t, "We came back to how Ann Example speaks in meetings, and to Find my voice. I would like to see what we can do with it.", nil)
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ann", "bob"} {
		rep, err := ClientHandouts(p, id, Options{Dest: filepath.Join(dir, "public"), Formats: DefaultFormats, Today: records.MustDate("2026-02-01")})
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if len(rep.Written) == 0 {
			t.Errorf("%s: nothing written", id)
		}
	}
}

// TestGuardSharedReference checks that a private paragraph's [text][ref],
// which resolves from the whole body, does not make the visible part's
// address a private one: the handout that shows it is not refused.
func TestGuardSharedReference(t *testing.T) {
	dir := leakPractice(t, "Nothing new.", map[string]string{
		"SHARED1": "See [the guide][g].\n\n[g]: https://shared.example/guides/speaking-up-in-meetings",
		"PRIVDEF": "\nI pointed her to [the guide][g] again, since she had not read it.\n",
	})
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "public")
	if _, err := ClientHandouts(p, "ann", Options{Dest: dest, What: KindSession, N: 1, Formats: []Format{FormatHTML}}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dest, "ann", "session-01.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`href="https://shared.example/guides/speaking-up-in-meetings"`)) {
		t.Error("the shared link is missing from the handout")
	}
	if bytes.Contains(b, []byte("pointed her")) {
		t.Error("the private paragraph reached the handout")
	}
}

// TestPrivatePassagesLines checks that the passages the guard learns name
// the line they start on.
func TestPrivatePassagesLines(t *testing.T) {
	dir := leakPractice(t, "x", nil)
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.LoadClient("ann", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, pp := range c.PrivatePassages(p.Settings.PrivacyRule()) {
		got[pp.Path+" "+strings.TrimSpace(strings.SplitN(pp.Markdown, "\n", 2)[0])] = pp.Line
	}
	for key, line := range map[string]int{
		"clients/ann/sessions/2026-01-12-01.md ## Private":                 11,
		"clients/ann/reflections/2026-01-13-01-coach.md ## What went well": 7,
	} {
		if got[key] != line {
			t.Errorf("%s: line %d, want %d (all: %v)", key, got[key], line, got)
		}
	}
}

// TestGuardStyleSheets checks that a style sheet, which the guard checks
// once per client and then passes over, is still checked when it differs.
func TestGuardStyleSheets(t *testing.T) {
	dir := leakPractice(t, "x", nil)
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.LoadClient("ann", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	jobs := Plan(p, c, records.MustDate("2026-02-01"))
	h, err := Make(jobs[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	page := func(css string) []byte { return []byte("<html><style>" + css + "</style><p>Hello</p></html>") }
	for _, tt := range []struct {
		css  string
		leak bool
	}{
		{"p { color: red }", false},
		{"p { color: red }", false},
		{`p::after { content: "She fears her manager will hear about the tribunal claim" }`, true},
		{`p::after { content: "Bob Jones" }`, true},
		{"p { color: red }", false},
	} {
		err := h.guard.checkHTML(page(tt.css))
		if _, leak := IsLeak(err); leak != tt.leak || (err != nil && !leak) {
			t.Errorf("style %q: err = %v, want a leak: %v", tt.css, err, tt.leak)
		}
	}
}

// TestPrivateLinkDefinitionNeverReachesHandout: a link reference definition
// written under a private heading and used from a shared paragraph resolves
// from the visible part only (the body model parses it again without the
// private passage), so neither its address nor its title reaches the
// handout, in HTML or PDF, and nothing is left for the guard to refuse.
func TestPrivateLinkDefinitionNeverReachesHandout(t *testing.T) {
	dir := leakPractice(t, "x", map[string]string{
		"SHARED1": "See [the list][r].",
		"PRIVDEF": "\n[r]: https://tribunal.example/case/2231 \"The tribunal hearing list\"\n",
	})
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "public")
	if _, err := ClientHandouts(p, "ann", Options{Dest: dest, What: KindSession, N: 1, Formats: []Format{FormatHTML}}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dest, "ann", "session-01.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"tribunal.example", "hearing list", "tribunal claim"} {
		if strings.Contains(string(page), secret) {
			t.Errorf("the handout holds %q from the private section", secret)
		}
	}
	if !strings.Contains(string(page), "See [the list][r].") && !strings.Contains(string(page), "the list") {
		t.Errorf("the shared paragraph is missing")
	}
}

// TestGuardRefreshReadsChangedClients: a guard kept between builds, as
// serve keeps it, learns a client's new name, a client come and a client
// gone, and forgets a name no longer anyone's, once told which changed.
func TestGuardRefreshReadsChangedClients(t *testing.T) {
	dir := leakPractice(t, "Nothing.", nil)
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	g := NewGuard(p)
	if err := g.Prepare(); err != nil {
		t.Fatal(err)
	}
	// found is the other client's name or address that ann's file with
	// text would be refused for, or "".
	found := func(text string) string {
		t.Helper()
		names, err := g.load()
		if err != nil {
			t.Fatal(err)
		}
		var tx guard.Text
		tx.Add(text)
		if hit := names.Find(tx.Bytes(), "ann", nil); hit != nil {
			return hit.Path
		}
		return ""
	}
	if got := found("Bob Jones joined us."); got != "clients/bob/agreement.md" {
		t.Fatalf("Bob's name found in %q before any change", got)
	}
	agreement := func(name string) string {
		return "---\nkind: agreement\nclient_name: " + name + "\ndate: 2026-01-05\n---\n"
	}

	// Bob's agreement gains a new name; the guard is told bob changed.
	writeFiles(t, dir, map[string]string{"clients/bob/agreement.md": agreement("Robert Quincey-Harlow")})
	g.Refresh(p, map[string]bool{"bob": true})
	if got := found("We met Robert Quincey-Harlow."); got != "clients/bob/agreement.md" {
		t.Errorf("Bob's new name: found in %q, want his agreement", got)
	}
	if got := found("Bob Jones joined us."); got != "" {
		t.Errorf("Bob's old name is still refused, from %s", got)
	}

	// A client comes without the caller naming them: the clients folder
	// says so.
	writeFiles(t, dir, map[string]string{"clients/cat/agreement.md": agreement("Catherine Oyelaran")})
	g.Refresh(p, map[string]bool{})
	if got := found("Catherine Oyelaran called."); got != "clients/cat/agreement.md" {
		t.Errorf("a new client's name: found in %q, want her agreement", got)
	}

	// A client gone is forgotten.
	if err := os.RemoveAll(filepath.Join(dir, "clients", "cat")); err != nil {
		t.Fatal(err)
	}
	g.Refresh(p, map[string]bool{})
	if got := found("Catherine Oyelaran called."); got != "" {
		t.Errorf("a gone client's name is still refused, from %s", got)
	}

	// Told that anything may have changed, the guard reads every client.
	writeFiles(t, dir, map[string]string{"clients/bob/agreement.md": agreement("Bob Jones")})
	g.Refresh(p, nil)
	if got := found("Bob Jones joined us."); got != "clients/bob/agreement.md" {
		t.Errorf("after a full refresh, Bob's name found in %q", got)
	}
}

// TestGuardRefreshLooksForItself: a guard kept between builds reads again an
// agreement that changed even when the caller (serve's file watcher, which
// can miss events) does not name its client, so a handout of another
// client carrying the new name is refused.
func TestGuardRefreshLooksForItself(t *testing.T) {
	dir := leakPractice(t, "Nothing.", nil)
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	g := NewGuard(p)
	if err := g.Prepare(); err != nil {
		t.Fatal(err)
	}
	l, err := LoadLayouts("")
	if err != nil {
		t.Fatal(err)
	}
	agreement := func(name string) string {
		return "---\nkind: agreement\nclient_name: " + name + "\ndate: 2026-01-05\n---\n"
	}
	session := "clients/ann/sessions/2026-01-26-02.md"
	// refused reports the error drawing ann's second session handout, which
	// mentions name, with the guard kept.
	refused := func(name string) error {
		t.Helper()
		writeFiles(t, dir, map[string]string{session: "---\nkind: session\nnumber: 2\ndate: 2026-01-26\ngoals: [voice]\n---\nWe spoke of " + name + " at length.\n"})
		g.Refresh(p, map[string]bool{"ann": true}) // the watcher saw only ann's save
		c, err := p.LoadClient("ann", records.LoadOptions{Bodies: true})
		if err != nil {
			t.Fatal(err)
		}
		jobs, err := Select(c, Plan(p, c, exampleToday), KindSession, 2)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("planning ann's second session: %v", err)
		}
		jobs[0].Guard = g
		jobs[0].Catalogues = l.Catalogues
		h, err := Make(jobs[0], nil)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		err = HTML(&buf, h, l)
		if err == nil && strings.Contains(buf.String(), name) {
			return nil
		}
		return err
	}
	if err := refused("Bob Jones"); err == nil || !strings.Contains(err.Error(), "clients/bob/agreement.md") {
		t.Fatalf("Bob's name in ann's handout: %v, want it refused for his agreement", err)
	}

	// Bob's agreement gains a new name, written in place.
	writeFiles(t, dir, map[string]string{"clients/bob/agreement.md": agreement("Robert Quincey-Harlow")})
	if err := refused("Robert Quincey-Harlow"); err == nil || !strings.Contains(err.Error(), "clients/bob/agreement.md") {
		t.Errorf("Bob's new name in ann's handout: %v, want it refused for his agreement", err)
	}

	// And again, saved over by renaming a file of the same size and time:
	// only the file's identity differs.
	bob := filepath.Join(dir, "clients", "bob", "agreement.md")
	fi, err := os.Stat(bob)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "clients", "bob", ".agreement.md.tmp")
	if err := os.WriteFile(tmp, []byte(agreement("Roland Quincey-Harlow")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tmp, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, bob); err != nil {
		t.Fatal(err)
	}
	if now, err := os.Stat(bob); err != nil || now.Size() != fi.Size() || !now.ModTime().Equal(fi.ModTime()) {
		t.Fatalf("the new agreement is not of the same size and time: %v", err)
	}
	if err := refused("Roland Quincey-Harlow"); err == nil || !strings.Contains(err.Error(), "clients/bob/agreement.md") {
		t.Errorf("Bob's renamed-in name in ann's handout: %v, want it refused for his agreement", err)
	}
}

// BenchmarkGuardRefresh measures what a kept guard's look at every client's
// agreements costs each rebuild, when nothing changed, on the practice in
// RAPPORT_BENCH_PRACTICE.
func BenchmarkGuardRefresh(b *testing.B) {
	root := os.Getenv("RAPPORT_BENCH_PRACTICE")
	if root == "" {
		b.Skip("set RAPPORT_BENCH_PRACTICE to a generated practice")
	}
	p, err := records.Open(root)
	if err != nil {
		b.Fatal(err)
	}
	g := NewGuard(p)
	if err := g.Prepare(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		g.Refresh(p, map[string]bool{})
	}
}
