package check_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rapport-coach/rapport/records/check"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden checks the practice in testdata/practice, which has deliberate
// mistakes, and compares each output format with its golden file.
func TestGolden(t *testing.T) {
	dir := filepath.Join("testdata", "practice")
	problems := checkAll(t, dir, "2026-02-04")
	outputs := map[string]func(*bytes.Buffer){
		"check.txt":         func(b *bytes.Buffer) { check.WriteText(b, problems) },
		"check.explain.txt": func(b *bytes.Buffer) { check.WriteExplained(b, dir, problems) },
		"check.json": func(b *bytes.Buffer) {
			if err := check.WriteJSON(b, problems); err != nil {
				t.Fatal(err)
			}
		},
		"check.sarif": func(b *bytes.Buffer) {
			if err := check.WriteSARIF(b, problems, testTool, ""); err != nil {
				t.Fatal(err)
			}
		},
		"check.github.txt": func(b *bytes.Buffer) {
			if err := check.WriteGitHub(b, problems, ""); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, write := range outputs {
		t.Run(name, func(t *testing.T) {
			var got bytes.Buffer
			write(&got)
			path := filepath.Join("testdata", "golden", name)
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from the golden file (go test -update to accept):\n--- got\n%s\n--- want\n%s", name, got.Bytes(), want)
			}
		})
	}
}
