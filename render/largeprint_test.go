package render

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/chromium"
)

// TestLargePrintChoice checks who decides large print: the client's wish
// on their agreement (large_print: true) sets every one of that client's
// handouts, and nobody else's; --large-print (Job.LargePrint) sets them all.
// Both writers follow: the HTML page is marked for the large-print styles
// and the PDF document is laid out large.
func TestLargePrintChoice(t *testing.T) {
	root := copyPractice(t, "../example-practice")
	agreement := filepath.Join(root, "clients", "eleni-papadopoulou", "agreement.md")
	data, err := os.ReadFile(agreement)
	if err != nil {
		t.Fatal(err)
	}
	// As a coach types it: a capital, and a comment after it.
	data = bytes.Replace(data, []byte("\nstatus: active\n"), []byte("\nstatus: active\nlarge_print: True   # asked for at the first meeting\n"), 1)
	if err := os.WriteFile(agreement, data, 0o644); err != nil {
		t.Fatal(err)
	}
	p := openPractice(t, root)
	layouts, err := LoadLayouts("")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		client string
		flag   bool
		want   bool
	}{
		{"eleni-papadopoulou", false, true},
		{"eleni-papadopoulou", true, true},
		{"lukasz-nowak", false, false},
		{"lukasz-nowak", true, true},
		{"zoe-lukasiewicz", false, false},
	} {
		cl, err := p.LoadClient(c.client, records.LoadOptions{Bodies: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(cl.Problems) > 0 {
			t.Fatalf("%s: %v", c.client, cl.Problems)
		}
		jobs := Plan(p, cl, exampleToday)
		if len(jobs) < 3 {
			t.Fatalf("%s has %d handouts", c.client, len(jobs))
		}
		for _, job := range jobs {
			job.LargePrint = c.flag
			h, err := Make(job, nil)
			if err != nil {
				t.Fatal(err)
			}
			if h.LargePrint != c.want {
				t.Errorf("%s/%s (--large-print %v): large print %v, want %v", c.client, job.ID, c.flag, h.LargePrint, c.want)
			}
			var page bytes.Buffer
			if err := HTML(&page, h, layouts); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(page.String(), `<html lang="en" class="large-print">`); got != c.want {
				t.Errorf("%s/%s: HTML marked for large print %v, want %v", c.client, job.ID, got, c.want)
			}
			if got := PDFDocument(h).LargePrint; got != c.want {
				t.Errorf("%s/%s: PDF laid out in large print %v, want %v", c.client, job.ID, got, c.want)
			}
		}
	}
}

// TestLargePrintNotAFlagByAccident checks that only a true value asks for
// large print: a coach who writes "yes" or "large" is told, not ignored.
func TestLargePrintNotAFlagByAccident(t *testing.T) {
	for _, v := range []string{"yes", "large", "16pt"} {
		root := t.TempDir()
		writeFiles(t, root, map[string]string{
			"practice.yaml": "name: Test Coaching\ncoach: {name: Jo Bloggs, email: jo@example.org}\n",
			"clients/ann/agreement.md": "---\nkind: agreement\nclient_name: Ann Example\ndate: 2026-01-05\nstatus: active\n" +
				"large_print: " + v + "\n---\n",
		})
		p := openPractice(t, root)
		cl, err := p.LoadClient("ann", records.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, pr := range cl.Problems {
			found = found || strings.Contains(pr.String(), "large_print")
		}
		if !found {
			t.Errorf("large_print: %s gave no problem naming the field: %v", v, cl.Problems)
		}
		if a := cl.Agreement(); a != nil && a.LargePrint {
			t.Errorf("large_print: %s was read as true", v)
		}
	}
}

// TestLargePrintBothEngines prints a session handout with and without
// large print through the builtin engine and, where installed, Chromium,
// and reads the words' heights back with poppler: in large print the
// running text is 16 pt or more in both (a word's box is about 1.15 times
// its font size in these fonts), and without it stays at the usual size.
func TestLargePrintBothEngines(t *testing.T) {
	needPoppler(t)
	if testing.Short() {
		t.Skip("prints handouts in two engines")
	}
	p := openPractice(t, copyPractice(t, "../example-practice"))
	engines := []string{EngineBuiltin}
	var printer Printer
	if _, err := chromium.Find(); err == nil {
		pr, err := StartChromium()
		if err != nil {
			t.Fatal(err)
		}
		defer pr.Close()
		printer = pr
		engines = append(engines, EngineChromium)
	} else {
		t.Logf("checking the builtin engine only: %v", err)
	}
	for _, engine := range engines {
		for _, large := range []bool{false, true} {
			dest := t.TempDir()
			rep, err := ClientHandouts(p, "eleni-papadopoulou", Options{Dest: dest, Today: exampleToday, What: KindSession,
				Formats: []Format{FormatPDF}, PDFEngine: engine, Printer: printer, LargePrint: large})
			if err != nil {
				t.Fatal(err)
			}
			median := medianWordHeight(t, rep.Written[0].Path)
			switch {
			case large && median < 16*1.1:
				t.Errorf("%s engine, large print: running text %.1f pt high, want 16 pt text (%.1f or more)", engine, median, 16*1.1)
			case !large && median > 14:
				t.Errorf("%s engine, usual print: running text %.1f pt high, larger than the usual 10 to 11 pt", engine, median)
			}
		}
	}
}

// medianWordHeight is the median height of the words' boxes in a PDF, in
// points, as pdftotext -bbox measures them.
func medianWordHeight(t *testing.T, path string) float64 {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v\n%s", path, err, out)
	}
	var hs []float64
	for _, m := range regexp.MustCompile(`<word xMin="[-\d.]+" yMin="([-\d.]+)" xMax="[-\d.]+" yMax="([-\d.]+)"`).FindAllSubmatch(out, -1) {
		y0, _ := strconv.ParseFloat(string(m[1]), 64)
		y1, _ := strconv.ParseFloat(string(m[2]), 64)
		hs = append(hs, y1-y0)
	}
	if len(hs) < 50 {
		t.Fatalf("%s: only %d words", path, len(hs))
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}
