package pdf

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestLargePrint lays out the session handout with every block type in
// large print and checks it as a reader with low vision would: running text
// at 16 pt or more, no text at all below 12 pt (the footer), tick boxes and
// the lines to write on grown with the text, and still nothing outside the
// margins. The layout's account is kept as a golden file.
func TestLargePrint(t *testing.T) {
	for _, paper := range []string{"A4", "Letter"} {
		t.Run(paper, func(t *testing.T) {
			normal := sessionDoc(t, paper)
			large := sessionDoc(t, paper)
			large.LargePrint = true
			np, _, err := layout(normal)
			if err != nil {
				t.Fatal(err)
			}
			lp, _, err := layout(large)
			if err != nil {
				t.Fatal(err)
			}
			if len(lp) <= len(np) {
				t.Errorf("large print takes %d pages, the normal handout %d: the text did not grow", len(lp), len(np))
			}
			checkInside(t, large, lp)
			size := papers[strings.ToLower(paper)]
			footer := size.H - DefaultMargins.Bottom
			var smallest float64 = 1000
			var boxes, writing int
			for i, p := range lp {
				var lineYs []float64
				for _, o := range p.ops {
					switch o.kind {
					case opText:
						smallest = min(smallest, o.size)
						if o.y < footer && o.size < LargeBodySize-0.01 && !smallLabel(o.text) {
							t.Errorf("page %d: %q at %.1f pt, below large print's %.0f pt", i+1, o.text, o.size, LargeBodySize)
						}
					case opBox:
						boxes++
						if o.w < 12 {
							t.Errorf("page %d: a tick box %.1f pt wide", i+1, o.w)
						}
					case opLine:
						if o.color == ruleColor && o.w > 200 && o.h == 0 {
							lineYs = append(lineYs, o.y)
						}
					}
				}
				for j := 1; j < len(lineYs); j++ {
					if gap := lineYs[j] - lineYs[j-1]; gap > 0 && gap < 40 {
						writing++
						if gap < writingLine*LargeBodySize/bodySize-0.1 {
							t.Errorf("page %d: writing lines %.1f pt apart, too close for large handwriting", i+1, gap)
						}
					}
				}
			}
			if smallest < 12 {
				t.Errorf("the smallest text is %.1f pt; in large print nothing is below 12 pt", smallest)
			}
			if boxes == 0 || writing == 0 {
				t.Fatalf("found %d tick boxes and %d writing lines: the test handout lost its checklist or form", boxes, writing)
			}
			golden(t, filepath.Join("testdata", "large-print-"+strings.ToLower(paper)+".golden"), describe(lp))
			// And it still makes a PDF that poppler reads, at the paper's size.
			data := render(t, large, "large-"+paper+".pdf")
			if got := info(t, data)["Page size"]; !strings.HasPrefix(got, fmt.Sprintf("%.0f x %.0f", size.W, size.H)) {
				t.Errorf("page size %q, want %.0f x %.0f", got, size.W, size.H)
			}
		})
	}
}

// smallLabel is text a large-print page may set smaller than running text:
// the numbers of the 1 to 10 scale, each in its circle, and code.
func smallLabel(s string) bool {
	switch s {
	case "1", "2", "3", "4", "5", "6", "7", "8", "9", "10":
		return true
	}
	return false
}

// describe is a plain account of laid-out pages: each text with its face,
// size and place, and each box, to compare with a golden file.
func describe(pages []page) []byte {
	var b bytes.Buffer
	for i, p := range pages {
		fmt.Fprintf(&b, "page %d\n", i+1)
		for _, o := range p.ops {
			switch o.kind {
			case opText:
				fmt.Fprintf(&b, "  text %6.1f %6.1f %s %.1fpt %q\n", o.x, o.y, metricsOf(o.face).name, o.size, o.text)
			case opBox:
				fmt.Fprintf(&b, "  box  %6.1f %6.1f %.1fx%.1f ticked=%v\n", o.x, o.y, o.w, o.h, o.text == "x")
			case opRect:
				fmt.Fprintf(&b, "  rect %6.1f %6.1f %.1fx%.1f\n", o.x, o.y, o.w, o.h)
			}
		}
	}
	return b.Bytes()
}

// golden compares got with the file, or rewrites it under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render/pdf -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("%s differs at line %d; run go test ./render/pdf -update and review the diff\n got: %s\nwant: %s", path, i+1, g[i], w[i])
			}
		}
		t.Fatalf("%s differs in length (%d lines, want %d); run go test ./render/pdf -update and review the diff", path, len(g), len(w))
	}
}

// TestLargePrintFooterKeepsTrace checks that the footer's trace line, which
// matches a printed copy to its records, keeps its revision in large print,
// where the footer holds fewer letters, and stays on the paper.
func TestLargePrintFooterKeepsTrace(t *testing.T) {
	trace := "Ελένη Παπαδοπούλου · rev c69f41c"
	for _, large := range []bool{false, true} {
		d := &Document{
			Footer:     Footer{Left: "Northfield Coaching", Centre: trace},
			Blocks:     []Block{Paragraph{Text: Plain("x")}},
			LargePrint: large,
		}
		pages, size, err := layout(d)
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		var ys []float64
		for _, o := range pages[0].ops {
			if o.kind != opText || o.y < size.H-DefaultMargins.Bottom {
				continue
			}
			ys = append(ys, o.y)
			if o.text == trace {
				found = true
			}
			if o.y+0.25*o.size > size.H-18 { // descenders clear the quarter inch a printer leaves blank
				t.Errorf("large %v: footer text %q runs off the paper at %.1f", large, o.text, o.y)
			}
		}
		if !found {
			t.Errorf("large %v: the trace line lost letters; footer texts at %v", large, ys)
		}
	}
}
