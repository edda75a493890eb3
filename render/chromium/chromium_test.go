package chromium

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"html"
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

	"github.com/rapport-coach/rapport/render/pdf"
)

var keep = flag.String("keep", "", "write the printed PDFs into this folder to look at them")

// handout is the content of one test handout, printed by both engines.
type handout struct {
	name     string
	title    string
	markdown string // a file of the pdf package's test data
	terms    [][2]string
	prompts  []pdf.Prompt
}

var reflectionLog = []pdf.Prompt{
	{Text: "What I learned in this session", Lines: 3},
	{Text: "What I will do differently", Lines: 3},
	{Text: "My targets before next time", Lines: 3},
	{Text: "How confident I feel (1–10), and why", Lines: 2},
}

var (
	// everyBlock uses every block type and inline style.
	everyBlock = handout{
		name: "every-block", title: "Session 3 — Zoë Łukasiewicz", markdown: "../pdf/testdata/session.md",
		terms: [][2]string{
			{"Date", "Wednesday 4 February 2026"}, {"Session", "3 of 6, 60 minutes, video"},
			{"Goals", "Speak up with confidence in leadership meetings; delegate the monthly report"},
			{"Next session", "Wednesday 18 February 2026"},
		},
		prompts: reflectionLog,
	}
	// typical is a real-sized session handout from the example practice.
	typical = handout{
		name: "typical", title: "Session 3 — Ελένη Παπαδοπούλου", markdown: "../pdf/testdata/typical.md",
		terms: [][2]string{
			{"Date", "Wednesday 30 September 2026, 55 minutes"},
			{"Goals", "Speak up in leadership meetings; protect time to focus"},
			{"Next session", "Wednesday 28 October 2026, 8:00"},
		},
		prompts: reflectionLog,
	}
)

func (h handout) source(t testing.TB) []byte {
	t.Helper()
	src, err := os.ReadFile(h.markdown)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// html is the handout as a self-contained HTML page, styled much like the
// builtin engine's layout.
func (h handout) html(t testing.TB, paper string) []byte {
	t.Helper()
	var body bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(h.source(t), &body); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
<style>
@page { size: %s; margin: 20mm 22mm 24mm; }
body { font-family: "Go", "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.42; color: #222428; }
h1, h2, h3 { color: #1d3557; break-after: avoid; }
table { border-collapse: collapse; width: 100%%; } th, td { padding: 4pt 6pt; border-bottom: 0.5pt solid #d5d9de; text-align: left; }
tr { break-inside: avoid; } thead { display: table-header-group; }
.prompt { border: 0.7pt solid #b8bec6; margin: 8pt 0; break-inside: avoid; }
.prompt h4 { background: #f1f3f5; margin: 0; padding: 6pt 10pt; }
.prompt div { border-bottom: 0.5pt solid #b8bec6; height: 24pt; margin: 0 10pt; }
</style></head><body>
<h1>%s</h1>
<table>
`, html.EscapeString(h.title), paper, html.EscapeString(h.title))
	for _, kv := range h.terms {
		fmt.Fprintf(&b, "<tr><th>%s</th><td>%s</td></tr>\n", html.EscapeString(kv[0]), html.EscapeString(kv[1]))
	}
	b.WriteString("</table>\n")
	b.Write(body.Bytes())
	b.WriteString("<h3>Reflection log</h3>\n")
	for _, p := range h.prompts {
		fmt.Fprintf(&b, `<section class="prompt"><h4>%s</h4>%s</section>`+"\n", html.EscapeString(p.Text), strings.Repeat("<div></div>", p.Lines))
	}
	b.WriteString("</body></html>\n")
	return b.Bytes()
}

// doc is the same handout for the builtin engine.
func (h handout) doc(t testing.TB) *pdf.Document {
	t.Helper()
	src := h.source(t)
	ast := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	terms := pdf.KeyValue{}
	for _, kv := range h.terms {
		terms.Rows = append(terms.Rows, pdf.Pair{Label: kv[0], Value: pdf.Plain(kv[1])})
	}
	blocks := []pdf.Block{pdf.Heading{Level: 1, Text: pdf.Plain(h.title)}, terms}
	blocks = append(blocks, pdf.FromMarkdown(src, ast)...)
	blocks = append(blocks, pdf.Form{Title: "Reflection log", Prompts: h.prompts})
	return &pdf.Document{
		Title: h.title, Author: "Jo Bloggs", Creator: "rapport",
		Created: time.Date(2026, 2, 4, 0, 0, 0, 0, time.UTC), Paper: "A4",
		Footer: pdf.Footer{Left: "Northfield Coaching", Centre: "rev 1a2b3c4"},
		Blocks: blocks,
	}
}

// printer starts a browser, or skips the test when none is installed.
func printer(t testing.TB) *Printer {
	t.Helper()
	if _, err := Find(); err != nil {
		t.Skipf("chromium engine not tested: %v; %s", err, InstallHint)
	}
	p, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return p
}

func pdfinfo(t *testing.T, data []byte, tool string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not found: install poppler-utils to check the PDF", tool)
	}
	path := filepath.Join(t.TempDir(), "h.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{path}
	if tool == "pdftotext" {
		args = append(args, "-")
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

func TestPrint(t *testing.T) {
	p := printer(t)
	tests := []struct{ paper, size string }{
		{"A4", "pts (A4)"},
		{"letter", "612 x 792 pts (letter)"},
	}
	// Both prints reuse the one browser and tab.
	for _, tt := range tests {
		t.Run(tt.paper, func(t *testing.T) {
			out, err := p.Print(everyBlock.html(t, tt.paper))
			if err != nil {
				t.Fatal(err)
			}
			if *keep != "" {
				if err := os.WriteFile(filepath.Join(*keep, "chromium-"+tt.paper+".pdf"), out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			info := pdfinfo(t, out, "pdfinfo")
			if !strings.Contains(info, tt.size) {
				t.Errorf("pdfinfo lacks page size %q:\n%s", tt.size, info)
			}
			text := strings.Join(strings.Fields(pdfinfo(t, out, "pdftotext")), " ")
			for _, want := range []string{"Zoë Łukasiewicz", "Ελένη Παπαδοπούλου", "Speak up with confidence", "What I will do differently"} {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q", want)
				}
			}
		})
	}
}

func TestFindMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := New(""); !errors.Is(err, ErrNotFound) && !strings.Contains(fmt.Sprint(err), "Chromium.app") {
		t.Errorf("New with no browser: %v, want ErrNotFound", err)
	}
}

// BenchmarkEngines prints the same two-page handout with each engine, side
// by side: the builtin engine must be at least 20 times faster. Wall time
// flatters the browser, which prints with several processes, and suffers
// on a busy machine, so each engine also reports handouts per CPU-second,
// the browser's own processes included (startup and shutdown excluded).
func BenchmarkEngines(b *testing.B) {
	for _, h := range []handout{typical, everyBlock} {
		b.Run(h.name+"/builtin", func(b *testing.B) {
			d := h.doc(b)
			cpu := cpuTime()
			for b.Loop() {
				if err := pdf.Write(io.Discard, d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "handouts/s")
			if used := cpuTime() - cpu; used > 0 {
				b.ReportMetric(float64(b.N)/used.Seconds(), "handouts/cpu-s")
			}
		})
		b.Run(h.name+"/builtin-all-cores", func(b *testing.B) {
			d := h.doc(b)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					// Write records missing glyphs in the document: one each.
					d := *d
					if err := pdf.Write(io.Discard, &d); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "handouts/s")
		})
		b.Run(h.name+"/chromium", func(b *testing.B) {
			if _, err := Find(); err != nil {
				b.Skipf("chromium engine not measured: %v", err)
			}
			page := h.html(b, "A4")
			p, err := New("")
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			// Measured from here, so the browser's start is left out.
			cpu := cpuTime()
			for b.Loop() {
				if _, err := p.Print(page); err != nil {
					b.Fatal(err)
				}
			}
			used := cpuTime() - cpu
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "handouts/s")
			if used > 0 {
				b.ReportMetric(float64(b.N)/used.Seconds(), "handouts/cpu-s")
			}
		})
	}
}

// TestEncryptPrinted locks a browser-printed handout the way the builtin
// engine's are locked: its title survives and it opens only with the
// password.
func TestEncryptPrinted(t *testing.T) {
	p := printer(t)
	out, err := p.Print(typical.html(t, "A4"))
	if err != nil {
		t.Fatal(err)
	}
	locked, err := pdf.Encrypt(out, "tuesday-42")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo not found: install poppler-utils to check the PDF")
	}
	path := filepath.Join(t.TempDir(), "locked.pdf")
	if err := os.WriteFile(path, locked, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdfinfo", path).CombinedOutput(); err == nil {
		t.Errorf("opened without the password:\n%s", out)
	}
	info, err := exec.Command("pdfinfo", "-upw", "tuesday-42", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo with the password: %v\n%s", err, info)
	}
	if !strings.Contains(string(info), typical.title) {
		t.Errorf("title lost in encryption:\n%s", info)
	}
}
