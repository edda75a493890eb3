package pdf

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

var keep = flag.String("keep", "", "write the test PDFs into this folder to look at them")

// markdownBlocks parses Markdown the way the handouts do.
func markdownBlocks(t testing.TB, src []byte) []Block {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	doc := md.Parser().Parse(text.NewReader(src))
	return FromMarkdown(src, doc)
}

// sessionDoc is a typical two-page session handout with every block type.
func sessionDoc(t testing.TB, paper string) *Document {
	t.Helper()
	src, err := os.ReadFile("testdata/session.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := []Block{
		Heading{Level: 1, Text: Plain("Session 3 — Zoë Łukasiewicz")},
		KeyValue{Rows: []Pair{
			{Label: "Date", Value: Plain("Wednesday 4 February 2026")},
			{Label: "Session", Value: Plain("3 of 6, 60 minutes, video")},
			{Label: "Goals", Value: Text{{Text: "Speak up with confidence in leadership meetings; "}, {Text: "delegate", Style: Bold}, {Text: " the monthly report"}}},
			{Label: "Next session", Value: Plain("Wednesday 18 February 2026")},
		}},
	}
	blocks = append(blocks, markdownBlocks(t, src)...)
	blocks = append(blocks,
		Spacer{Height: 6},
		Form{Title: "Reflection log", Prompts: []Prompt{
			{Text: "What I learned in this session", Lines: 3},
			{Text: "What I will do differently", Lines: 3},
			{Text: "My targets before next time", Lines: 3},
			{Text: "How confident I feel (1–10), and why", Lines: 2},
		}},
	)
	return &Document{
		Title:   "Session 3 — Zoë Łukasiewicz",
		Author:  "Jo Bloggs",
		Subject: "Session handout",
		Creator: "rapport",
		Created: time.Date(2026, 2, 4, 0, 0, 0, 0, time.UTC),
		Paper:   paper,
		Footer:  Footer{Left: "Northfield Coaching", Centre: "Zoë Łukasiewicz · rev 1a2b3c4"},
		Blocks:  blocks,
	}
}

// render writes d and, with -keep, saves it for a look.
func render(t testing.TB, d *Document, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		t.Fatalf("write: %v", err)
	}
	path := filepath.Join(t.TempDir(), name)
	if *keep != "" {
		path = filepath.Join(*keep, name)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// poppler runs a poppler-utils tool on PDF bytes, skipping the test when
// the tools are not installed.
func poppler(t testing.TB, tool string, data []byte, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not found: install poppler-utils to check the PDF (apt-get install poppler-utils)", tool)
	}
	path := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, path)
	if tool == "pdftotext" {
		args = append(args, "-")
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	return string(out), err
}

// info returns pdfinfo's fields.
func info(t testing.TB, data []byte, args ...string) map[string]string {
	t.Helper()
	out, err := poppler(t, "pdfinfo", data, args...)
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := map[string]string{}
	for _, ln := range strings.Split(out, "\n") {
		k, v, ok := strings.Cut(ln, ":")
		if ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

func TestSessionHandout(t *testing.T) {
	tests := []struct {
		paper string
		size  string
	}{
		{"A4", "595 x 842 pts (A4)"},
		{"Letter", "612 x 792 pts (letter)"},
	}
	for _, tt := range tests {
		t.Run(tt.paper, func(t *testing.T) {
			d := sessionDoc(t, tt.paper)
			data := render(t, d, "session-"+tt.paper+".pdf")
			m := info(t, data)
			if m["Page size"] != tt.size {
				t.Errorf("page size = %q, want %q", m["Page size"], tt.size)
			}
			if m["Pages"] != "2" {
				t.Errorf("pages = %q, want 2", m["Pages"])
			}
			if m["Title"] != d.Title || m["Author"] != "Jo Bloggs" || m["Subject"] != "Session handout" {
				t.Errorf("metadata = %q / %q / %q", m["Title"], m["Author"], m["Subject"])
			}
			text := plainText(t, data)
			for _, want := range []string{
				"Zoë Łukasiewicz", "Ελένη Παπαδοπούλου", "“small wins” — two meetings", "didn't",
				"preparing one question in advance", "Ask one question in Monday's meeting",
				"Speak up with confidence", "Agree a hand-over date with Corwin",
				"<b>not bold</b> & <script>alert(1)</script>", `<div class="x">a block of html</div>`,
				"What I will do differently", "page 1 of 2", "page 2 of 2", "Northfield Coaching",
				"GROW", "indented line",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q", want)
				}
			}
			if len(d.Missing) != 0 {
				t.Errorf("missing glyphs: %q", d.Missing)
			}
		})
	}
}

// plainText extracts a PDF's text with runs of white space made one space,
// so phrases match wherever the lines were wrapped.
func plainText(t testing.TB, data []byte, args ...string) string {
	t.Helper()
	out, err := poppler(t, "pdftotext", data, args...)
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(out), " ")
}

func TestDeterministic(t *testing.T) {
	a := render(t, sessionDoc(t, "A4"), "a.pdf")
	// Several rounds, so that a map iterated in random order would show.
	for range 8 {
		b := render(t, sessionDoc(t, "A4"), "b.pdf")
		if !bytes.Equal(a, b) {
			t.Fatal("the same document gave different bytes")
		}
	}
	if !bytes.Contains(a, []byte("/CreationDate(D:20260204")) {
		t.Error("creation date is not the document's")
	}
}

// typicalDoc is a real-sized session handout: the terms, the notes of
// example-practice's session with Eleni, actions and the reflection log.
func typicalDoc(t testing.TB) *Document {
	t.Helper()
	src, err := os.ReadFile("testdata/typical.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := []Block{
		Heading{Level: 1, Text: Plain("Session 3 — Ελένη Παπαδοπούλου")},
		KeyValue{Rows: []Pair{
			{Label: "Date", Value: Plain("Wednesday 30 September 2026, 55 minutes")},
			{Label: "Goals", Value: Plain("Speak up in leadership meetings; protect time to focus")},
			{Label: "Next session", Value: Plain("Wednesday 28 October 2026, 8:00")},
		}},
	}
	blocks = append(blocks, markdownBlocks(t, src)...)
	blocks = append(blocks, Form{Title: "Reflection log", Prompts: []Prompt{
		{Text: "What I learned in this session", Lines: 4},
		{Text: "What I will do differently", Lines: 4},
		{Text: "My targets before next time", Lines: 4},
		{Text: "How confident I feel (1–10), and why", Lines: 3},
	}})
	return &Document{
		Title: "Session 3 — Ελένη Παπαδοπούλου", Author: "Jo Bloggs", Creator: "rapport",
		Created: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC),
		Footer:  Footer{Left: "Northfield Coaching", Centre: "Ελένη Παπαδοπούλου · rev 9f8e7d6"},
		Blocks:  blocks,
	}
}

func TestTypicalHandout(t *testing.T) {
	d := typicalDoc(t)
	data := render(t, d, "typical.pdf")
	if m := info(t, data); m["Pages"] != "2" {
		t.Errorf("pages = %q, want 2", m["Pages"])
	}
	text := plainText(t, data)
	for _, want := range []string{"Ελένη Παπαδοπούλου", "Both experiments happened", "Block Tuesday and Thursday mornings", "page 2 of 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

// BenchmarkBuiltin writes two-page handouts: a typical session handout and
// one using every block type and style. Besides wall time it reports
// documents per second of CPU time, which is the per-core figure even when
// other work shares the machine.
func BenchmarkBuiltin(b *testing.B) {
	for _, bc := range []struct {
		name string
		doc  *Document
	}{
		{"typical", typicalDoc(b)},
		{"every-block", sessionDoc(b, "A4")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if err := Write(io.Discard, bc.doc); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			if used := cpuTime() - cpu; used > 0 {
				b.ReportMetric(float64(b.N)/used.Seconds(), "docs/cpu-s")
			}
		})
	}
}

// TestConcurrentWrite guards the shared font tables: a build writes many
// handouts at once (run with -race).
func TestConcurrentWrite(t *testing.T) {
	want := render(t, typicalDoc(t), "want.pdf")
	errs := make(chan error, 4)
	for range 4 {
		d := typicalDoc(t)
		go func() {
			var buf bytes.Buffer
			err := Write(&buf, d)
			if err == nil && !bytes.Equal(buf.Bytes(), want) {
				err = errors.New("concurrent write gave different bytes")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
