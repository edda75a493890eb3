package check_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
)

// benchCorpus is the practice the benchmarks read: the folder in
// RAPPORT_CORPUS, generated there by ../shared/tools/gencorpus
// (200 clients x 20 sessions) when it does not exist yet.
func benchCorpus(b *testing.B) string {
	dir := os.Getenv("RAPPORT_CORPUS")
	if dir == "" {
		b.Skip("set RAPPORT_CORPUS to a folder to benchmark check over a generated practice")
	}
	if !records.IsPractice(dir) {
		gen, err := filepath.Abs("../../../shared/tools/gencorpus")
		if err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command("go", "run", ".", "-clients", "200", "-sessions", "20", "-out", dir)
		cmd.Dir = gen
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("gencorpus: %v\n%s", err, out)
		}
	}
	return dir
}

// BenchmarkReadAll is the yardstick: reading every record, in parallel, and
// doing nothing with it.
func BenchmarkReadAll(b *testing.B) {
	dir := benchCorpus(b)
	var files []string
	filepath.WalkDir(filepath.Join(dir, "clients"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	b.ResetTimer()
	for b.Loop() {
		var wg sync.WaitGroup
		next := make(chan string)
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range next {
					f, err := os.Open(p)
					if err != nil {
						b.Error(err)
						continue
					}
					io.Copy(io.Discard, f)
					f.Close()
				}
			}()
		}
		for _, f := range files {
			next <- f
		}
		close(next)
		wg.Wait()
	}
}

// BenchmarkCheck checks the whole practice the way rapport check does,
// without git (its cost depends on the repository, not on check).
func BenchmarkCheck(b *testing.B) {
	dir := benchCorpus(b)
	for b.Loop() {
		p, err := records.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		cfg := check.ConfigFrom(p.Settings.Check)
		cfg.Disable(check.RuleUncommitted)
		ids, _, err := p.ClientIDs()
		if err != nil {
			b.Fatal(err)
		}
		n := len(check.Practice(p, records.MustDate("2026-11-29"), cfg))
		err = p.Each(ids, records.LoadOptions{Bodies: true}, func(c *records.Client, err error) error {
			if err != nil {
				return err
			}
			n += len(check.Run(p, c, records.MustDate("2026-11-29"), cfg))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			b.Fatal("a generated practice has warnings; check found none")
		}
	}
}
