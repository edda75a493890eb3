package site

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// String is the build's summary line, such as
// "12 rendered, 30 skipped as unchanged, 1 removed, 0 failed in 1.2s".
func (s Stats) String() string {
	return fmt.Sprintf("%d rendered, %d skipped as unchanged, %d removed, %d failed in %s",
		s.Rendered, s.Skipped, s.Removed, s.Failed, roundDuration(s.Elapsed))
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Microsecond)
}

// Bar shows a build's progress on a terminal: a bar over the clients with
// the counts so far and an estimate of the time left. It is cleared when the
// build ends, leaving the terminal to the summary.
type Bar struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

// NewBar returns a progress bar drawn on w, which should be a terminal.
func NewBar(w io.Writer) *Bar { return &Bar{w: w} }

// Start draws an empty bar for the given number of clients.
func (b *Bar) Start(clients int) {
	b.bar = progressbar.NewOptions(clients,
		progressbar.OptionSetWriter(b.w),
		progressbar.OptionSetDescription("building"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetItsString("clients"),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
	)
}

// Update moves the bar to done clients and shows the counts so far.
// The bar redraws at most every 100 ms, so what it shows may lag one update.
func (b *Bar) Update(done int, s Stats) {
	b.bar.Set(done)
	b.bar.Describe(fmt.Sprintf("%d rendered, %d skipped, %d failed", s.Rendered, s.Skipped, s.Failed))
}

// Finish clears the bar.
func (b *Bar) Finish(Stats) {
	b.bar.Finish()
	b.bar.Clear()
}
