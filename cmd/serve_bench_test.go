package cmd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"
)

// BenchmarkServeSaveToHandout measures how long serve takes from a session
// record being saved to its handout being written again, on the practice in
// RAPPORT_BENCH_PRACTICE (bench/run.sh passes its generated one, already
// built into public/). Each save adds a line at the top of a session's
// body, a different client's each time; the median is reported as
// ms/save-median. The practice's records are changed.
func BenchmarkServeSaveToHandout(b *testing.B) {
	root := os.Getenv("RAPPORT_BENCH_PRACTICE")
	if root == "" {
		b.Skip("set RAPPORT_BENCH_PRACTICE to a generated practice to measure serve")
	}
	// Sessions with a handout to watch: the first of clients built.
	var sessions []string
	outs, _ := filepath.Glob(filepath.Join(root, "public", "*", "session-01.html"))
	for _, out := range outs {
		id := filepath.Base(filepath.Dir(out))
		if recs, _ := filepath.Glob(filepath.Join(root, "clients", id, "sessions", "*-01.md")); len(recs) == 1 {
			sessions = append(sessions, recs[0])
		}
	}
	if len(sessions) == 0 {
		b.Skip("no session handout in public/: build the practice first")
	}
	var stdout, stderr syncBuffer
	a := &App{Stdout: &stdout, Stderr: &stderr, Getenv: os.Getenv, Getwd: func() (string, error) { return root, nil }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, a, &serveOptions{port: 0, bind: "127.0.0.1", quiet: true}) }()
	defer func() {
		cancel()
		<-done
	}()
	addr := regexp.MustCompile(`at http://127\.0\.0\.1:\d+/`)
	for start := time.Now(); !addr.MatchString(stdout.String()); time.Sleep(5 * time.Millisecond) {
		if time.Since(start) > 10*time.Minute {
			b.Fatalf("serve did not start: %s", stderr.String())
		}
	}
	time.Sleep(200 * time.Millisecond) // the watcher is set up
	var took []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := sessions[i%len(sessions)]
		out := filepath.Join(root, "public", filepath.Base(filepath.Dir(filepath.Dir(rec))), "session-01.html")
		before, err := os.ReadFile(out)
		if err != nil {
			b.Fatal(err)
		}
		data, err := os.ReadFile(rec)
		if err != nil {
			b.Fatal(err)
		}
		// After the frontmatter: a line of the shared notes.
		end := bytes.Index(data[3:], []byte("\n---")) + 3
		end += bytes.IndexByte(data[end+1:], '\n') + 2
		line := fmt.Sprintf("A line added at %d.\n\n", time.Now().UnixNano())
		edited := slices.Concat(data[:end], []byte(line), data[end:])
		saved := time.Now()
		if err := os.WriteFile(rec, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			now, err := os.ReadFile(out)
			if err == nil && !bytes.Equal(now, before) && bytes.Contains(now, []byte(line[:len(line)-3])) {
				break
			}
			if time.Since(saved) > time.Minute {
				b.Fatalf("the handout of %s was not rewritten: %s", rec, stderr.String())
			}
			time.Sleep(time.Millisecond)
		}
		took = append(took, time.Since(saved))
		time.Sleep(50 * time.Millisecond) // the next save is another change
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms/save-median")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "ms/save-max")
}
