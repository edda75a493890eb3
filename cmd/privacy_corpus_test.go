package cmd

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// privacyVariants are the ways a coach writes a private section, by intent or
// by accident (copy and paste, another editor's line endings), and the ways
// a private passage could travel into shared text. Each becomes one session;
// its CANARY text must never reach any client-facing output, and its SHARED
// text must.
var privacyVariants = []struct{ name, body string }{
	{"private notes", "## Private notes\n\nCANARY\n"},
	{"trailing colon", "## Private:\n\nCANARY\n"},
	{"capitals and more words", "### PRIVATE (coach only)\n\nCANARY\n"},
	{"no-break space", "## Private\u00a0notes\n\nCANARY\n"},
	{"zero-width space", "## \u200bPrivate\n\nCANARY\n"},
	{"soft hyphen", "## Pri\u00advate\n\nCANARY\n"},
	{"full-width letters", "## Ｐｒｉｖａｔｅ\n\nCANARY\n"},
	{"character reference", "## &#80;rivate\n\nCANARY\n"},
	{"emphasis", "## **Private**\n\nCANARY\n"},
	{"setext heading", "Private\n-------\n\nCANARY\n"},
	{"practice's own words", "## Coach only\n\nCANARY\n"},
	{"deeper heading inside", "## Private\n\n### Detail\n\nCANARY\n"},
	{"inside a block quote", "> ## Private\n>\n> CANARY\n"},
	{"inside a list item", "- a point\n\n  ## Private\n\n  CANARY\n"},
	{"link definition used from shared text", "See [the list][r].\n\n## Private\n\n[r]: https://CANARY.example/list \"CANARY\"\n"},
	{"CRLF line endings", "## Private\r\n\r\nCANARY\r\n"},
	{"old Mac line endings", "## Private\r\rCANARY\r"},
}

// TestPrivacyCorpus writes a practice with every variant and runs every
// command that makes something a client (or a supervisor) receives: render
// in HTML and PDF, build, portfolio and export. No canary may appear in the
// HTML bytes (attributes included), in the PDF's raw objects (link
// annotations) or its text, or in the handouts an export carries; every
// shared passage must.
func TestPrivacyCorpus(t *testing.T) {
	bin := rapportBin(t)
	dir := t.TempDir()
	files := map[string]string{
		"practice.yaml": "name: Test Coaching\ncoach: {name: Jo Bloggs, email: jo@example.org}\n" +
			"privacy: {headings: [private, coach only]}\n",
		"clients/ann/agreement.md": "---\nkind: agreement\nclient_name: Ann Example\ndate: 2026-01-05\nstatus: active\n" +
			"contact: {email: ann@example.org}\nsessions: {count: 30, frequency: weekly, minutes: 60}\nstart: 2026-01-05\n" +
			"goals:\n  - {id: voice, text: Find my voice}\nsigned: {client: 2026-01-05, coach: 2026-01-05}\n---\nWe will work together.\n",
		"clients/ann/reflections/coach-01.md": "---\nkind: reflection\nauthor: coach\nsession: 1\ndate: 2026-01-06\ncpd_minutes: 30\n---\n" +
			"## What went well\n\nREFLECTION-SHARED-WITH-SUPERVISOR\n\n## Private:\n\nCANARY-PORTFOLIO\n\n## Supervision topics\n\n- TOPIC-SHARED\n",
		"clients/bob/agreement.md": "---\nkind: agreement\nclient_name: Bob Jones\ndate: 2026-01-05\nstatus: active\n" +
			"contact: {email: bob@example.org}\ngoals:\n  - {id: calm, text: BOBCANARY goal}\n---\nBOBCANARY agreement.\n",
	}
	for i, v := range privacyVariants {
		n := i + 1
		body := "## What we discussed\n\nSHARED-" + fmt.Sprint(n) + "\n\n" + strings.ReplaceAll(v.body, "CANARY", fmt.Sprintf("CANARY-%d", n))
		files[fmt.Sprintf("clients/ann/sessions/%02d.md", n)] = fmt.Sprintf(
			"---\nkind: session\nnumber: %d\ndate: 2026-01-%02d\nminutes: 60\ngoals: [voice]\n---\n%s", n, n+5, body)
	}
	for name, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	outside := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd, out := startRapport(t.Context(), bin, dir, args...)
		if err := cmd.Run(); err != nil {
			t.Fatalf("rapport %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("render", "ann", "-d", filepath.Join(outside, "render"), "--format", "html,pdf")
	run("build", "--format", "html,pdf")
	run("portfolio")
	run("export", "ann", "-o", filepath.Join(outside, "ann.zip"))

	canary := func(b []byte) string {
		for _, c := range [][]byte{[]byte("CANARY"), []byte("canary")} {
			if i := bytes.Index(b, c); i >= 0 {
				return string(b[max(0, i-60):min(len(b), i+30)])
			}
		}
		return ""
	}
	var shared bytes.Buffer
	check := func(name string, data []byte) {
		t.Helper()
		if strings.HasSuffix(name, ".html") {
			shared.Write(data)
		}
		if hit := canary(data); hit != "" {
			t.Errorf("%s holds private text: ...%q...", name, hit)
		}
		if strings.HasSuffix(name, ".pdf") {
			if text := pdfText(t, data); text != nil {
				shared.Write(text)
				if hit := canary(text); hit != "" {
					t.Errorf("%s (pdftotext) holds private text: ...%q...", name, hit)
				}
			}
		}
	}
	for _, root := range []string{filepath.Join(outside, "render", "ann"), filepath.Join(dir, "public", "ann"), filepath.Join(dir, "public", "coach")} {
		entries, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(root, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			check(filepath.Join(filepath.Base(root), e.Name()), data)
		}
	}
	zr, err := zip.OpenReader(filepath.Join(outside, "ann.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	handouts := 0
	for _, f := range zr.File {
		// The export holds the raw records, private ones too, by right of
		// access; what it renders for the client must hold none of them.
		if !strings.Contains(f.Name, "handouts/") {
			continue
		}
		handouts++
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		check("export:"+f.Name, data)
	}
	if handouts == 0 {
		t.Errorf("the export carries no handouts to check")
	}
	for i := range privacyVariants {
		if want := fmt.Sprintf("SHARED-%d\n", i+1); !bytes.Contains(shared.Bytes(), []byte(strings.TrimSpace(want))) {
			t.Errorf("%s: the shared notes are missing from the handouts", privacyVariants[i].name)
		}
	}
	for _, want := range []string{"REFLECTION-SHARED-WITH-SUPERVISOR", "TOPIC-SHARED"} {
		if !bytes.Contains(shared.Bytes(), []byte(want)) {
			t.Errorf("the portfolio lost %s", want)
		}
	}
	if bytes.Contains(shared.Bytes(), []byte("BOBCANARY")) {
		t.Errorf("another client's text reached ann's handouts")
	}
}

// pdfText is a PDF's text by pdftotext, or nil where poppler is missing.
func pdfText(t *testing.T, data []byte) []byte {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return nil
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("pdftotext: %v", err)
		return nil
	}
	return out
}
