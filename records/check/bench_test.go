package check_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

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
	files := corpusFiles(b, benchCorpus(b))
	for b.Loop() {
		readAll(b, files)
	}
}

// BenchmarkCheckVsRead reads every record and then checks the practice in
// each round, and reports how many times longer the check took: the
// PRODUCT.md target is at most 2.
func BenchmarkCheckVsRead(b *testing.B) {
	dir := benchCorpus(b)
	files := corpusFiles(b, dir)
	var read, checked time.Duration
	for b.Loop() {
		start := time.Now()
		readAll(b, files)
		read += time.Since(start)
		start = time.Now()
		checkCorpus(b, dir)
		checked += time.Since(start)
	}
	b.ReportMetric(float64(checked)/float64(read), "x-read")
}

// BenchmarkCheckVsCat is the PRODUCT.md measure itself: cat of every record
// (as xargs would run it) against check of the whole practice, in the same
// round, reported as how many times longer check took (target: at most 2).
func BenchmarkCheckVsCat(b *testing.B) {
	cat, err := exec.LookPath("cat")
	if err != nil {
		b.Skip("no cat on PATH")
	}
	dir := benchCorpus(b)
	files := corpusFiles(b, dir)
	defer debug.SetGCPercent(debug.SetGCPercent(400)) // as rapport check runs
	var catted, checked time.Duration
	for b.Loop() {
		start := time.Now()
		for i := 0; i < len(files); i += 2000 {
			cmd := exec.Command(cat, files[i:min(i+2000, len(files))]...)
			cmd.Stdout = io.Discard
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
		catted += time.Since(start)
		start = time.Now()
		checkCorpus(b, dir)
		checked += time.Since(start)
	}
	b.ReportMetric(float64(checked)/float64(catted), "x-cat")
}

func corpusFiles(b *testing.B, dir string) []string {
	var files []string
	filepath.WalkDir(filepath.Join(dir, "clients"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	return files
}

func readAll(b *testing.B, files []string) {
	{
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
		checkCorpus(b, dir)
	}
}

func checkCorpus(b *testing.B, dir string) {
	{
		p, err := records.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		cfg := check.ConfigFrom(p.Settings)
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
