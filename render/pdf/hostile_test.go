package pdf_test

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/rapport-coach/rapport/internal/hostile"
	"github.com/rapport-coach/rapport/render"
	"github.com/rapport-coach/rapport/render/pdf"
)

// uriRE finds the targets of the PDF's link annotations.
var uriRE = regexp.MustCompile(`/URI ?\(([^)]*)\)`)

// writeBody lays out a record's body as a handout would and writes the PDF.
func writeBody(t *testing.T, md, title string) []byte {
	t.Helper()
	d := render.Parse([]byte(md))
	doc := &pdf.Document{
		Title: title, Author: title, Created: time.Date(2026, 2, 4, 9, 0, 0, 0, time.UTC),
		Footer: pdf.Footer{Left: title, Centre: title},
		Blocks: pdf.FromMarkdown(d.Source, d.Root),
	}
	var b bytes.Buffer
	if err := pdf.Write(&b, doc); err != nil {
		t.Fatalf("%s: %v", title, err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || !bytes.Contains(b.Bytes()[max(0, b.Len()-64):], []byte("%%EOF")) {
		t.Fatalf("%s: not a whole PDF", title)
	}
	return b.Bytes()
}

// TestHostileBodies writes the hostile corpus's bodies as PDFs: deep
// nesting, half a million list items, the largest Markdown tree per byte,
// raw HTML and javascript: links. None may panic or hang, and no link but
// http, https and mailto may reach the PDF.
func TestHostileBodies(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out several megabytes of Markdown")
	}
	for _, b := range hostile.Bodies() {
		t.Run(b.Name, func(t *testing.T) {
			out := writeBody(t, b.Markdown, "Alice \u202eecila\u202c <script>{{.}}")
			for _, m := range uriRE.FindAllSubmatch(out, -1) {
				if !render.SafeURL(string(m[1])) {
					t.Errorf("a link to %q reached the PDF", m[1])
				}
			}
		})
	}
}

// FuzzPDF writes any body as a PDF: it never panics and always ends whole.
func FuzzPDF(f *testing.F) {
	for _, s := range []string{"# a\n\n- [ ] b\n\n> c\n\n| x |\n|---|\n| y |\n", "[x](javascript:alert(1))", "<script>", "> > > > deep", "\u202e\u200b\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		writeBody(t, s, s)
	})
}

// TestTypographerMarks: the quotes and dashes render.Parse makes typographic
// reach the PDF as characters, not as the HTML entities goldmark writes.
func TestTypographerMarks(t *testing.T) {
	d := render.Parse([]byte("He said \"hi\" -- it's done --- really...\n"))
	blocks := pdf.FromMarkdown(d.Source, d.Root)
	p, ok := blocks[0].(pdf.Paragraph)
	if !ok || len(blocks) != 1 {
		t.Fatalf("blocks = %#v", blocks)
	}
	var got string
	for _, r := range p.Text {
		got += r.Text
	}
	if want := "He said “hi” – it’s done — really…"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
