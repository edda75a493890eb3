package cmd

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/internal/termtext"
	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/body"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runExample runs rapport over the example practice with the clock fixed at
// 2026-11-29, the "today" the example practice is written for.
func runExample(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"RAPPORT_NOW": "2026-11-29"}
	a := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] },
		Getwd:  os.Getwd}
	code = a.Run(append([]string{"--practice", "../example-practice"}, args...))
	return out.String(), errOut.String(), code
}

// TestWeekGolden compares the output of the coach's weekly commands over the
// example practice with golden files in testdata/golden; go test -update
// rewrites them.
func TestWeekGolden(t *testing.T) {
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"status.txt", []string{"status"}},
		{"status.json", []string{"status", "--format", "json"}},
		{"prep-eleni.txt", []string{"prep", "eleni-papadopoulou"}},
		{"prep-eleni.md", []string{"prep", "eleni-papadopoulou", "--format", "markdown"}},
		{"prep-zoe.txt", []string{"prep", "zoe-lukasiewicz"}},
		{"prep-lukasz.txt", []string{"prep", "lukasz-nowak"}},
		{"hours.md", []string{"hours"}},
		{"hours.csv", []string{"hours", "--format", "csv"}},
		{"hours-range.csv", []string{"hours", "--format", "csv", "--bom=false", "--from", "2026-04-01", "--to", "2026-09-30"}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			out, errOut, code := runExample(t, c.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("rapport %s: exit %d, stderr:\n%s", strings.Join(c.args, " "), code, errOut)
			}
			path := filepath.Join("testdata", "golden", c.golden)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if out != string(want) {
				t.Errorf("rapport %s differs from %s (go test -update rewrites it)\n--- got\n%s\n--- want\n%s",
					strings.Join(c.args, " "), path, out, want)
			}
		})
	}
}

// TestPrepFitsTerminal keeps every line of the text refresher within 80
// columns, except words too long to break.
func TestPrepFitsTerminal(t *testing.T) {
	for _, id := range []string{"eleni-papadopoulou", "zoe-lukasiewicz", "lukasz-nowak"} {
		out, _, _ := runExample(t, "prep", id)
		for i, line := range strings.Split(out, "\n") {
			if n := termtext.Width(line); n > prepWidth && strings.Contains(strings.TrimSpace(line), " ") {
				t.Errorf("prep %s line %d is %d columns: %q", id, i+1, n, line)
			}
		}
	}
}

// TestPrepShowsPrivateLabelled checks that prep, which is for the coach,
// shows a last session's Private section and the coach's own reflection,
// each labelled private.
func TestPrepShowsPrivateLabelled(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../example-practice")); err != nil {
		t.Fatal(err)
	}
	// Make session 3, which has a Private section, the latest.
	if err := os.Remove(filepath.Join(dir, "clients/eleni-papadopoulou/sessions/2026-10-28-04.md")); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	a := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out,
		Getenv: func(k string) string { return map[string]string{"RAPPORT_NOW": "2026-10-20"}[k] },
		Getwd:  os.Getwd}
	if code := a.Run([]string{"--practice", dir, "prep", "eleni-papadopoulou"}); code != 0 {
		t.Fatalf("exit %d:\n%s", code, &out)
	}
	for _, want := range []string{"  Private notes (coach only)\n", "dreading Tuesdays", "YOUR REFLECTION  after session 3, 2026-10-02 (private)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("prep lacks %q:\n%s", want, &out)
		}
	}
}

// TestPrepColour styles headings and overdue actions only when asked to.
func TestPrepColour(t *testing.T) {
	out, _, _ := runExample(t, "prep", "eleni-papadopoulou")
	if strings.Contains(out, "\x1b[") {
		t.Errorf("prep to a buffer is coloured")
	}
	p, err := records.Open("../example-practice")
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.LoadClient("eleni-papadopoulou", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writePrepText(&b, gatherPrep(c, records.MustDate("2026-11-29"), body.Rule{}), true, prepWidth); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), styleRed+"due 2026-11-13, overdue by 16 days"+styleReset) {
		t.Errorf("overdue action not in red:\n%q", b.String())
	}
}

// BenchmarkStatus runs status over the practice in RAPPORT_BENCH_PRACTICE,
// such as one made by ../shared/tools/gencorpus -clients 1000 -sessions 20.
func BenchmarkStatus(b *testing.B) {
	dir := os.Getenv("RAPPORT_BENCH_PRACTICE")
	if dir == "" {
		b.Skip("set RAPPORT_BENCH_PRACTICE to a practice folder")
	}
	for b.Loop() {
		a := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
			Getenv: func(string) string { return "" }, Getwd: os.Getwd}
		if code := a.Run([]string{"--practice", dir, "status"}); code != 0 {
			b.Fatalf("status exited %d", code)
		}
	}
}

// TestPrepReadsThePrivacyRule: prep marks private what handouts hide, by
// the same rule, practice words included, and never takes its summary
// from a private section.
func TestPrepReadsThePrivacyRule(t *testing.T) {
	rec, problems := records.Parse("clients/ann/sessions/s1.md", "ann", []byte("---\nkind: session\nnumber: 1\ndate: 2026-01-12\n---\n"+
		"## PRIVATE: first thoughts\nSECRET one\n\n## Coach only\nSECRET two\n\n## What we discussed\nShared summary.\n"), true)
	if rec == nil {
		t.Fatal(problems)
	}
	c := &records.Client{ID: "ann", Sessions: []*records.Session{rec.(*records.Session)}}
	s := gatherPrep(c, records.MustDate("2026-01-13"), body.NewRule([]string{"coach only"}))
	if len(s.lastPrivate) != 2 || strings.Join(s.lastSummary, "") != "Shared summary." {
		t.Errorf("private %+v, summary %q", s.lastPrivate, s.lastSummary)
	}
}
