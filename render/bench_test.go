package render

import (
	"io"
	"testing"

	"github.com/rapport-coach/rapport/records"
)

// BenchmarkHandoutHTML measures making and writing one handout (parse,
// strip, lay out) across every handout of the example practice.
func BenchmarkHandoutHTML(b *testing.B) {
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
