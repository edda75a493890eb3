package render

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/chromium"
)

// needPoppler skips a test when pdfinfo and pdftotext are missing.
func needPoppler(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("skipping: %s is not installed (Debian package poppler-utils)", tool)
		}
	}
}

// pdfInfo runs pdfinfo on a file and returns its fields.
func pdfInfo(t testing.TB, path string, args ...string) (map[string]string, error) {
	t.Helper()
	out, err := exec.Command("pdfinfo", append(args, path)...).CombinedOutput()
	if err != nil {
		return nil, errors.New(strings.TrimSpace(string(out)))
	}
	info := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info, nil
}

var spaces = regexp.MustCompile(`\s+`)

// pdfText is the text of pages first to last (0 for the last page), with
// runs of white space made one space so wrapped lines still match.
func pdfText(t testing.TB, path string, first, last int, args ...string) string {
	t.Helper()
	args = append(args, "-f", strconv.Itoa(first))
	if last > 0 {
		args = append(args, "-l", strconv.Itoa(last))
	}
	out, err := exec.Command("pdftotext", append(args, path, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", path, err, out)
	}
	return spaces.ReplaceAllString(string(out), " ")
}

func oneLine(s string) string { return spaces.ReplaceAllString(strings.TrimSpace(s), " ") }

// exampleNames are the clients' names as the example practice spells them;
// a PDF must keep every letter.
var exampleNames = map[string]string{
	"eleni-papadopoulou": "Ελένη Παπαδοπούλου",
	"lukasz-nowak":       "Łukasz Nowak",
	"zoe-lukasiewicz":    "Zoë Łukasiewicz",
}

// TestPDFExampleHandouts writes every handout of the example practice as
// PDF and reads it back as a client's viewer would.
func TestPDFExampleHandouts(t *testing.T) {
	needPoppler(t)
	for _, paper := range []string{"A4", "Letter"} {
		t.Run(paper, func(t *testing.T) {
			root := copyPractice(t, "../example-practice")
			if paper == "Letter" {
				yaml := filepath.Join(root, "practice.yaml")
				data, err := os.ReadFile(yaml)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(yaml, bytes.Replace(data, []byte("paper: A4"), []byte("paper: Letter"), 1), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			p := openPractice(t, root)
			if p.Settings.Handouts.Paper != paper {
				t.Fatalf("paper is %q, want %q", p.Settings.Handouts.Paper, paper)
			}
			dest := t.TempDir()
			ids, _, _ := p.ClientIDs()
			handouts := 0
			for _, id := range ids {
				rep, err := ClientHandouts(p, id, Options{Dest: dest, Today: exampleToday, Formats: []Format{FormatPDF}})
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range rep.Written {
					handouts++
					checkPDFHandout(t, p, w, paper)
				}
			}
			if handouts < 20 {
				t.Errorf("only %d handouts were written", handouts)
			}
		})
	}
}

func checkPDFHandout(t *testing.T, p *records.Practice, w Written, paper string) {
	t.Helper()
	name := w.Job.Client.ID + "/" + w.Job.ID
	if len(w.Paths) != 1 || filepath.Ext(w.Path) != ".pdf" {
		t.Fatalf("%s: wrote %v, want one .pdf", name, w.Paths)
	}
	if len(w.Warnings) > 0 {
		t.Errorf("%s: %v", name, w.Warnings)
	}
	info, err := pdfInfo(t, w.Path)
	if err != nil {
		t.Fatalf("%s is not a valid PDF: %v", name, err)
	}
	size := map[string]string{"A4": "595 x 842 pts (A4)", "Letter": "612 x 792 pts (letter)"}[paper]
	if info["Page size"] != size {
		t.Errorf("%s: page size %q, want %q", name, info["Page size"], size)
	}
	if info["Tagged"] != "yes" {
		t.Errorf("%s: not a tagged PDF: a screen reader would get its glyphs in no order", name)
	}
	clientName := exampleNames[w.Job.Client.ID]
	if info["Author"] != p.Settings.Coach.Name || !strings.Contains(info["Title"], clientName) {
		t.Errorf("%s: author %q, title %q", name, info["Author"], info["Title"])
	}
	pages, _ := strconv.Atoi(info["Pages"])
	text := pdfText(t, w.Path, 1, 0)
	want := []string{clientName, p.Settings.Name}
	h, err := Make(w.Job, nil)
	if err != nil {
		t.Fatal(err)
	}
	var actions []ActionLine
	switch w.Job.Kind {
	case KindAgreement:
		for _, g := range h.Agreement.Goals {
			want = append(want, g.Text)
		}
		if pages > 3 {
			t.Errorf("%s: %d pages, want at most 3", name, pages)
		}
	case KindSession:
		for _, g := range h.Session.Goals {
			want = append(want, g.Text)
		}
		actions = h.Session.Actions
		// The reflection log is the last page, and all of it.
		last := pdfText(t, w.Path, pages, pages)
		for _, s := range []string{"Reflection log", "What I learned", "How confident I feel"} {
			if !strings.Contains(last, s) {
				t.Errorf("%s: the last page lacks %q: the reflection log is not on a page of its own", name, s)
			}
		}
		if pages < 2 || strings.Contains(pdfText(t, w.Path, 1, pages-1), "Reflection log") {
			t.Errorf("%s: the reflection log does not start a page (%d pages)", name, pages)
		}
	case KindProgress:
		for _, g := range h.Progress.Goals {
			want = append(want, g.Text)
		}
		actions = slices.Concat(h.Progress.Done, h.Progress.Open, h.Progress.Overdue)
		if pages > 2 {
			t.Errorf("%s: %d pages, want at most 2", name, pages)
		}
	case KindPrivacy:
		want = append(want, "Your rights", "How to ask")
		if pages != 1 && paper == "A4" {
			t.Errorf("%s: %d pages, want a one-pager", name, pages)
		}
	case KindReflection:
		if pages > 2 {
			t.Errorf("%s: %d pages, want at most 2", name, pages)
		}
	}
	for _, a := range actions {
		want = append(want, a.Text, ShortDate(a.Due))
	}
	for _, s := range want {
		if !strings.Contains(text, oneLine(s)) {
			t.Errorf("%s: the PDF's text lacks %q", name, s)
		}
	}
	for _, s := range coachOnly {
		if strings.Contains(text, s) {
			t.Errorf("%s: the PDF holds the coach-only %q", name, s)
		}
	}
	for _, s := range []string{"&rsquo;", "&ldquo;", "&mdash;", "&ndash;"} {
		if strings.Contains(text, s) {
			t.Errorf("%s: the PDF prints the entity %s", name, s)
		}
	}
}

// TestPDFDeterministic: the same records give the same bytes, run after run.
func TestPDFDeterministic(t *testing.T) {
	p := openPractice(t, copyPractice(t, "../example-practice"))
	var runs [2]map[string][]byte
	for i := range runs {
		dest := t.TempDir()
		if _, err := ClientHandouts(p, "eleni-papadopoulou", Options{Dest: dest, Today: exampleToday, Formats: []Format{FormatPDF}}); err != nil {
			t.Fatal(err)
		}
		runs[i] = map[string][]byte{}
		files, _ := filepath.Glob(filepath.Join(dest, "eleni-papadopoulou", "*.pdf"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			runs[i][filepath.Base(f)] = data
		}
	}
	if len(runs[0]) < 10 {
		t.Fatalf("only %d PDFs", len(runs[0]))
	}
	for f, data := range runs[0] {
		if !bytes.Equal(data, runs[1][f]) {
			t.Errorf("%s differs between two runs", f)
		}
		if !bytes.Contains(data, []byte("/CreationDate(D:2026")) {
			t.Errorf("%s: no creation date from the record", f)
		}
	}
}

// TestPDFPassword: a locked PDF does not open without its password and
// opens with it.
func TestPDFPassword(t *testing.T) {
	needPoppler(t)
	p := openPractice(t, copyPractice(t, "../example-practice"))
	dest := t.TempDir()
	rep, err := ClientHandouts(p, "zoe-lukasiewicz", Options{Dest: dest, Today: exampleToday, What: KindAgreement,
		Formats: []Format{FormatHTML, FormatPDF}, Password: "kettle drum 42"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Written) != 1 || len(rep.Written[0].Paths) != 2 {
		t.Fatalf("wrote %+v", rep.Written)
	}
	path := rep.Written[0].Paths[1]
	if _, err := pdfInfo(t, path); err == nil {
		t.Errorf("%s opens without the password", path)
	}
	if _, err := pdfInfo(t, path, "-upw", "kettle drum"); err == nil {
		t.Errorf("%s opens with the wrong password", path)
	}
	info, err := pdfInfo(t, path, "-upw", "kettle drum 42")
	if err != nil {
		t.Fatalf("%s does not open with its password: %v", path, err)
	}
	if !strings.HasPrefix(info["Encrypted"], "yes") || !strings.Contains(info["Encrypted"], "AES") {
		t.Errorf("encryption: %q, want AES", info["Encrypted"])
	}
	if info["Author"] != "Rhiannon Pryce" || !strings.Contains(info["Title"], "Zoë Łukasiewicz") {
		t.Errorf("metadata lost in encryption: author %q, title %q", info["Author"], info["Title"])
	}
	if text := pdfText(t, path, 1, 0, "-upw", "kettle drum 42"); !strings.Contains(text, "Zoë Łukasiewicz") {
		t.Errorf("the unlocked text lacks the client's name: %q", text)
	}
	html, err := os.ReadFile(rep.Written[0].Paths[0])
	if err != nil || bytes.Contains(html, []byte("kettle")) {
		t.Errorf("the HTML handout: %v, or it holds the password", err)
	}
}

// TestPDFMissingGlyphs: a character no font can draw, embedded or
// installed, is reported, naming it and the record and line it came from,
// rather than silently dropped.
func TestPDFMissingGlyphs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"practice.yaml": "name: Test Coaching\ncoach: {name: Jo Bloggs}\n",
		"clients/wang-fang/agreement.md": "---\nkind: agreement\nclient_name: Wáng Fāng \U000F0001\ndate: 2026-01-05\nstatus: active\n" +
			"goals:\n  - {id: calm, text: Lead calmly}\n---\nWe will work together.\n\nMeet at \U0010FFFD each week.\n",
	})
	p := openPractice(t, dir)
	rep, err := ClientHandouts(p, "wang-fang", Options{Dest: filepath.Join(dir, "public"), Today: exampleToday, What: KindAgreement, Formats: []Format{FormatPDF}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Written) != 1 {
		t.Fatalf("wrote %d handouts", len(rep.Written))
	}
	warn := strings.Join(rep.Written[0].Warnings, "\n")
	for _, s := range []string{`(U+F0001) in clients/wang-fang/agreement.md:3,`, `(U+10FFFD) in clients/wang-fang/agreement.md:11,`} {
		if !strings.Contains(warn, s) {
			t.Errorf("warnings %q do not name %s", warn, s)
		}
	}
	if strings.Contains(warn, "ā") || strings.Contains(warn, "á") {
		t.Errorf("warnings %q name letters the fonts have", warn)
	}
}

// TestPDFChromium prints handouts through Chromium when it is installed.
func TestPDFChromium(t *testing.T) {
	if _, err := chromium.Find(); err != nil {
		t.Skipf("skipping the chromium pdf engine: %v (Debian package chromium)", err)
	}
	if testing.Short() {
		t.Skip("skipping the chromium pdf engine in -short mode")
	}
	needPoppler(t)
	p := openPractice(t, copyPractice(t, "../example-practice"))
	printer, err := StartChromium()
	if err != nil {
		t.Fatal(err)
	}
	defer printer.Close()
	dest := t.TempDir()
	for _, id := range []string{"eleni-papadopoulou", "zoe-lukasiewicz"} {
		rep, err := ClientHandouts(p, id, Options{Dest: dest, Today: exampleToday, Formats: []Format{FormatPDF},
			PDFEngine: EngineChromium, Printer: printer})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range rep.Written {
			info, err := pdfInfo(t, w.Path)
			if err != nil {
				t.Fatalf("%s: %v", w.Path, err)
			}
			if !strings.HasSuffix(info["Page size"], "(A4)") {
				t.Errorf("%s: page size %q", w.Path, info["Page size"])
			}
			text := pdfText(t, w.Path, 1, 0)
			if !strings.Contains(text, exampleNames[id]) {
				t.Errorf("%s lacks %q", w.Path, exampleNames[id])
			}
			for _, s := range coachOnly {
				if strings.Contains(text, s) {
					t.Errorf("%s holds the coach-only %q", w.Path, s)
				}
			}
		}
	}
}

// TestChromiumMissing: without a browser the chromium engine says how to
// get one and that the builtin engine needs none, and writes nothing.
func TestChromiumMissing(t *testing.T) {
	if runtime.GOOS == "darwin" {
		t.Skip("macOS finds browsers outside PATH")
	}
	t.Setenv("PATH", t.TempDir())
	p := openPractice(t, copyPractice(t, "../example-practice"))
	dest := t.TempDir()
	_, err := ClientHandouts(p, "zoe-lukasiewicz", Options{Dest: dest, Today: exampleToday, PDFEngine: EngineChromium, Formats: DefaultFormats})
	var ee *EngineError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v, want an EngineError", err)
	}
	if !strings.Contains(ee.Hint, chromium.InstallHint) || !strings.Contains(ee.Hint, "builtin") {
		t.Errorf("hint %q", ee.Hint)
	}
	if files, _ := filepath.Glob(filepath.Join(dest, "*", "*")); len(files) > 0 {
		t.Errorf("wrote %v", files)
	}
}

func TestParseFormats(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Format
		err  bool
	}{
		{"html", []Format{FormatHTML}, false},
		{"pdf", []Format{FormatPDF}, false},
		{"html,pdf", []Format{FormatHTML, FormatPDF}, false},
		{" PDF , html ", []Format{FormatPDF, FormatHTML}, false},
		{"pdf,pdf", []Format{FormatPDF}, false},
		{"", nil, true},
		{"docx", nil, true},
		{"html,docx", nil, true},
	} {
		got, err := ParseFormats(tc.in)
		if (err != nil) != tc.err || !slices.Equal(got, tc.want) {
			t.Errorf("ParseFormats(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestPDFRefusesNotesTooLongToLayOut(t *testing.T) {
	src := []byte(strings.Repeat("*a* ", MaxPDFNotes/4+1))
	h := &Handout{ID: "session-04", Kind: KindSession, Body: &Doc{Source: src}}
	_, err := PDF(io.Discard, h)
	if err == nil || !strings.Contains(err.Error(), "the HTML handout has them all") {
		t.Fatalf("PDF of %d KB of notes: %v", len(src)>>10, err)
	}
}
