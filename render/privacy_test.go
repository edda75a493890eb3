package render

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/body"
)

// TestPrivateNeverReachesAHandout plants a distinct secret in every place
// that is the coach's alone, renders every handout of one client, and
// searches every file written for it.
func TestPrivateNeverReachesAHandout(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"practice.yaml": "name: Test Coaching\ncoach: {name: Jo Bloggs, email: jo@example.org}\n",
		"clients/ann/agreement.md": `---
kind: agreement
client_name: Ann Example
date: 2026-01-05
status: active
sessions: {count: 6, frequency: fortnightly, minutes: 60, mode: video}
goals:
  - {id: voice, text: Find my voice}
records: {held_by: coach, storage: encrypted laptop, retention: 6y, consent: 2026-01-05}
signed: {client: 2026-01-05, coach: 2026-01-05}
---

## How we will work

VISIBLE-AGREEMENT

## Private

SECRET-AGREEMENT-H2
`,
		"clients/ann/sessions/2026-01-12-01.md": `---
kind: session
number: 1
date: 2026-01-12
goals: [voice]
actions:
  - {text: Speak first on Monday, due: 2026-01-19, set_by: client, status: open}
next: 2026-01-26
---

## What we discussed

VISIBLE-SESSION-1

## Private

SECRET-H2-PLAIN

### A sub-heading of the private section

SECRET-H3-UNDER-H2

- SECRET-IN-LIST

| a | b |
| - | - |
| SECRET-IN-TABLE | x |

## Insights

VISIBLE-AFTER-PRIVATE

### private:

SECRET-H3-COLON

### Still shared

VISIBLE-H3-AFTER

> quoted
>
> #### PRIVATE
>
> SECRET-IN-QUOTE

- a list item

  ##### Private

  SECRET-IN-LIST-ITEM

# **Private**

SECRET-H1-EMPHASIS

## still under the level-one private section

SECRET-H2-UNDER-H1
`,
		"clients/ann/sessions/2026-01-26-02.md": `---
kind: session
number: 2
date: 2026-01-26
goals: [voice]
---

VISIBLE-SESSION-2

Private
-------

SECRET-SETEXT

Shared again
------------

VISIBLE-SETEXT-AFTER
`,
		"clients/ann/reflections/2026-01-13-01-client.md": `---
kind: reflection
author: client
session: 1
date: 2026-01-13
---

## What I learned

VISIBLE-CLIENT-REFLECTION

## PRIVATE

SECRET-IN-CLIENT-REFLECTION
`,
		"clients/ann/reflections/2026-01-13-01-coach.md": `---
kind: reflection
author: coach
session: 1
date: 2026-01-13
cpd_minutes: 30
---

SECRET-COACH-REFLECTION
`,
		"clients/ann/reflections/2026-01-27-02-unsure.md": `---
kind: reflection
session: 2
date: 2026-01-27
---

SECRET-REFLECTION-WITHOUT-AUTHOR
`,
		"clients/ann/reflections/2026-01-28-02-typo.md": `---
kind: reflection
author: clinet
session: 2
date: 2026-01-28
---

SECRET-REFLECTION-MISSPELT-AUTHOR
`,
		"clients/bob/agreement.md": `---
kind: agreement
client_name: SECRET-OTHER-CLIENT-NAME
date: 2026-01-05
status: active
goals:
  - {id: voice, text: SECRET-OTHER-CLIENT-GOAL}
---

SECRET-OTHER-CLIENT-AGREEMENT
`,
		"clients/bob/sessions/2026-01-12-01.md": `---
kind: session
number: 1
date: 2026-01-12
goals: [voice]
actions:
  - {text: SECRET-OTHER-CLIENT-ACTION, due: 2026-01-19, set_by: client, status: open}
---

SECRET-OTHER-CLIENT-SESSION
`,
		"clients/bob/reflections/r.md": "---\nkind: reflection\nauthor: client\nsession: 1\ndate: 2026-01-13\n---\n\nSECRET-OTHER-CLIENT-REFLECTION\n",
	})
	p := openPractice(t, dir)
	dest := filepath.Join(dir, "public")
	rep, err := ClientHandouts(p, "ann", Options{Dest: dest, Today: records.MustDate("2026-02-01")})
	if err != nil {
		t.Fatal(err)
	}
	written := rep.Written
	if len(written) != 6 {
		t.Errorf("wrote %d handouts, want 6 (agreement, two sessions, one client reflection, progress, privacy)", len(written))
	}
	var all bytes.Buffer
	err = filepath.WalkDir(filepath.Join(dest), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasPrefix(path, filepath.Join(dest, "ann")+string(filepath.Separator)) {
			t.Errorf("%s was written outside public/ann", path)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte("SECRET")) {
			i := bytes.Index(data, []byte("SECRET"))
			end := min(i+40, len(data))
			t.Errorf("%s holds %q", filepath.Base(path), data[i:end])
		}
		all.Write(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"VISIBLE-AGREEMENT", "VISIBLE-SESSION-1", "VISIBLE-AFTER-PRIVATE", "VISIBLE-H3-AFTER",
		"VISIBLE-SESSION-2", "VISIBLE-SETEXT-AFTER", "VISIBLE-CLIENT-REFLECTION", "Speak first on Monday"} {
		if !strings.Contains(all.String(), v) {
			t.Errorf("%s is missing: stripping private sections removed too much", v)
		}
	}
}

// TestCoachReflectionRefused makes sure Make itself refuses a coach
// reflection, even when a caller builds the job by hand.
func TestCoachReflectionRefused(t *testing.T) {
	p := openPractice(t, copyPractice(t, "../example-practice"))
	c, err := p.LoadClient("eleni-papadopoulou", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	r := c.CoachReflections()[0]
	_, err = Make(Job{ID: "reflection-01", Kind: KindReflection, Practice: p, Client: c, Reflection: r}, nil)
	if err == nil || !strings.Contains(err.Error(), "never given to the client") {
		t.Errorf("Make of a coach reflection: err = %v, want a refusal", err)
	}
	other, err := p.LoadClient("lukasz-nowak", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Make(Job{ID: "session-01", Kind: KindSession, Practice: p, Client: c, Session: other.Sessions[0], Agreement: c.Agreement()}, nil)
	if err == nil || !strings.Contains(err.Error(), "belongs to lukasz-nowak") {
		t.Errorf("Make with another client's session: err = %v, want a refusal", err)
	}
}

func TestParseStripsPrivate(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"none", "# A\n\ntext\n", "# A|text"},
		{"h2 to next h2", "## A\n\na\n\n## Private\n\nsecret\n\n## B\n\nb\n", "## A|a|## B|b"},
		{"to the end", "a\n\n## private\n\nsecret\n\nmore secret\n", "a"},
		{"lower headings inside", "## Private\n\n### Sub\n\nsecret\n\n## B\n", "## B"},
		{"higher heading ends it", "### Private\n\nsecret\n\n# Top\n\nt\n", "# Top|t"},
		{"case and colon", "## PRIVATE:\n\nsecret\n\n## ok\n", "## ok"},
		{"emphasis in heading", "## *Private*\n\nsecret\n\n## ok\n", "## ok"},
		{"setext", "Private\n=======\n\nsecret\n\nPublic\n======\n", "# Public"},
		{"two private sections", "## Private\n\ns1\n\n## A\n\na\n\n## Private\n\ns2\n", "## A|a"},
		{"not a heading", "Private\n\nnot secret\n", "Private|not secret"},
		{"private in a word", "## Privately speaking\n\nfine\n", "## Privately speaking|fine"},
		{"private notes", "## Private notes\n\nsecret\n\n## ok\n", "## ok"},
		{"coach only in brackets", "### PRIVATE (coach only)\n\nsecret\n\n## ok\n", "## ok"},
		{"old Mac line endings", "## A\r\ra\r\r## Private\r\rsecret\r\r## B\r\rb\r", "## A|a|## B|b"},
		{"in a quote", "> ## Private\n>\n> secret\n\nafter\n", "after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse([]byte(tt.src))
			if got := outline(d.Root, d.Source); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// outline is a compact form of a tree: top-level blocks joined by |, with
// headings written as #s.
func outline(root ast.Node, src []byte) string {
	var parts []string
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		s := strings.TrimSpace(plainText(n, src))
		if h, ok := n.(*ast.Heading); ok {
			s = strings.Repeat("#", h.Level) + " " + s
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "|")
}

// FuzzStripPrivate checks that, whatever the Markdown, stripping never
// panics and leaves no private heading anywhere in the tree, and that a
// secret written under a Private heading of its own never survives.
func FuzzStripPrivate(f *testing.F) {
	for _, s := range []string{"## Private\n\nx\n", "# a\n\n> ## private\n> s\n", "- a\n\n  ### PRIVATE\n  b\n", "Private\n---\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte(s + "\n\n## Private\n\nZQXSECRET\n")
		d := Parse(src)
		_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.Heading); ok && entering && body.PrivateHeading(body.HeadingText(h, d.Source), nil) {
				t.Fatalf("a Private heading survived in %q", src)
			}
			return ast.WalkContinue, nil
		})
		html, err := markdownHTML(d)
		if err != nil {
			t.Fatal(err)
		}
		// The planted section is only a heading when the fuzzed text has not
		// swallowed it into a code block, an HTML block or a quote.
		if !strings.Contains(s, "ZQXSECRET") && !strings.ContainsAny(s, "`~<>|") && !strings.Contains(s, "    ") &&
			!strings.Contains(s, "\t") && strings.Contains(string(html), "ZQXSECRET") && plantedIsHeading(src) {
			t.Fatalf("the planted secret survived in %q:\n%s", s, html)
		}
	})
}

// plantedIsHeading reports whether the planted "## Private" line was parsed
// as a heading at the top level of the document.
func plantedIsHeading(src []byte) bool {
	root, src := body.Full(src)
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && body.PrivateHeading(body.HeadingText(h, src), nil) {
			return true
		}
	}
	return false
}
