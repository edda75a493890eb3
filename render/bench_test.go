package render

import (
	"bytes"
	"io"
	"testing"

	"github.com/rapport-coach/rapport/records"
)

// BenchmarkHandoutHTML measures making and writing one handout (parse,
// strip, lay out) across every handout of the example practice.
func BenchmarkHandoutHTML(b *testing.B) {
	jobs, l := exampleJobs(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		h, err := Make(jobs[i%len(jobs)], nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := HTML(io.Discard, h, l); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDFEngines measures handouts per second with each PDF engine in
// one run, over every handout of the example practice: making the handout,
// then laying it out in Go, or writing its HTML and printing that through
// one reused Chromium tab. Compare the handouts/s of the two.
func BenchmarkPDFEngines(b *testing.B) {
	jobs, l := exampleJobs(b)
	b.Run("builtin", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			h, err := Make(jobs[i%len(jobs)], nil)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := PDF(io.Discard, h); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "handouts/s")
	})
	b.Run("chromium", func(b *testing.B) {
		printer, err := StartChromium()
		if err != nil {
			b.Skipf("skipping the chromium engine: %v", err)
		}
		defer printer.Close()
		for i := 0; b.Loop(); i++ {
			h, err := Make(jobs[i%len(jobs)], nil)
			if err != nil {
				b.Fatal(err)
			}
			var page bytes.Buffer
			if err := HTML(&page, h, l); err != nil {
				b.Fatal(err)
			}
			if _, err := printer.Print(page.Bytes()); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "handouts/s")
	})
}

// exampleJobs plans every handout of a copy of the example practice, with
// one leak guard shared by all of them as a run writing many handouts does
// (so the practice's names are read once), and loads the built-in layouts.
func exampleJobs(b *testing.B) ([]Job, *Layouts) {
	p := openPractice(b, copyPractice(b, "../example-practice"))
	l, err := LoadLayouts("")
	if err != nil {
		b.Fatal(err)
	}
	var jobs []Job
	ids, _, _ := p.ClientIDs()
	for _, id := range ids {
		c, err := p.LoadClient(id, records.LoadOptions{Bodies: true})
		if err != nil {
			b.Fatal(err)
		}
		jobs = append(jobs, Plan(p, c, exampleToday)...)
	}
	g := NewGuard(p)
	for i := range jobs {
		jobs[i].Guard = g
		jobs[i].Catalogues = l.Catalogues
	}
	return jobs, l
}

// BenchmarkGuardHTML measures the leak guard alone on every HTML handout of
// the example practice: reading the page's text and attributes, and
// looking for the client's private passages and the other clients' names.
func BenchmarkGuardHTML(b *testing.B) {
	jobs, l := exampleJobs(b)
	type page struct {
		fg   *fileGuard
		html []byte
	}
	var pages []page
	var size int
	for _, j := range jobs {
		h, err := Make(j, nil)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := HTML(&buf, h, l); err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page{h.guard, buf.Bytes()})
		size += buf.Len()
	}
	b.SetBytes(int64(size / len(pages)))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		pg := pages[i%len(pages)]
		if err := pg.fg.checkHTML(pg.html); err != nil {
			b.Fatal(err)
		}
	}
}
