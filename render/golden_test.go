package render

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
)

var update = flag.Bool("update", false, "rewrite golden files")

// exampleToday is the day the example practice is meant to be read on.
var exampleToday = records.MustDate("2026-11-29")

// coachOnly are the phrases planted in example-practice that only the coach
// may ever read.
var coachOnly = []string{"dreading Tuesdays", "discomfort with silence", "Corvell's?", "singling anyone out"}

// copyPractice copies a practice folder into a temporary one outside any git
// repository, so handouts carry no revision and golden files stay stable.
func copyPractice(t testing.TB, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "practice")
	err := filepath.Walk(from, func(path string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

func openPractice(t testing.TB, dir string) *records.Practice {
	t.Helper()
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGoldenExample renders every handout of every client in
// example-practice and compares it with testdata/golden.
func TestGoldenExample(t *testing.T) {
	p := openPractice(t, copyPractice(t, "../example-practice"))
	layouts, err := LoadLayouts("")
	if err != nil {
		t.Fatal(err)
	}
	ids, _, err := p.ClientIDs()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, id := range ids {
		c, err := p.LoadClient(id, records.LoadOptions{Bodies: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, job := range Plan(p, c, exampleToday) {
			t.Run(id+"/"+job.ID, func(t *testing.T) {
				h, err := Make(job, nil)
				if err != nil {
					t.Fatal(err)
				}
				var got bytes.Buffer
				if err := HTML(&got, h, layouts); err != nil {
					t.Fatal(err)
				}
				for _, s := range coachOnly {
					if strings.Contains(got.String(), s) {
						t.Errorf("coach-only phrase %q is in the handout", s)
					}
				}
				golden := filepath.Join("testdata", "golden", id, job.ID+".html")
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./render -update to create it)", err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("%s differs from the golden file; run go test ./render -update and review the diff\n%s", golden, firstDiff(got.String(), string(want)))
				}
			})
			seen++
		}
	}
	// The example practice has 3 agreements, 7 sessions, 7 client
	// reflections, and a progress and privacy page per client.
	if seen != 3+7+7+3+3 {
		t.Errorf("rendered %d handouts, want 23", seen)
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, a, b)
		}
	}
	return ""
}
