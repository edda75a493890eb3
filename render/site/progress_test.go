package site

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestStatsSummary(t *testing.T) {
	s := Stats{Rendered: 12, Skipped: 30, Removed: 1, Failed: 0, Elapsed: 1234567 * time.Microsecond}
	want := "12 rendered, 30 skipped as unchanged, 1 removed, 0 failed in 1.23s"
	if got := s.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestBarShowsCountsAndClears(t *testing.T) {
	var buf bytes.Buffer
	b := NewBar(&buf)
	b.Start(4)
	for range 2 { // the bar redraws at most every 100 ms, and may lag one update
		time.Sleep(150 * time.Millisecond)
		b.Update(2, Stats{Rendered: 7, Skipped: 3})
	}
	out := buf.String()
	for _, want := range []string{"2/4", "7 rendered, 3 skipped, 0 failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("bar %q lacks %q", out, want)
		}
	}
	b.Finish(Stats{})
	if last := buf.String()[strings.LastIndex(buf.String(), "\r")+1:]; strings.TrimSpace(last) != "" {
		t.Errorf("bar not cleared at the end: %q", last)
	}
}
