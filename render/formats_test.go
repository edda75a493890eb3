package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rapport-coach/rapport/records"
)

// TestWriteAlso writes nothing more for HTML, which the renderer already
// wrote, and refuses a format no writer knows.
func TestWriteAlso(t *testing.T) {
	p := openPractice(t, copyPractice(t, "../example-practice"))
	dest := t.TempDir()
	rep, err := ClientHandouts(p, "lukasz-nowak", Options{Dest: dest, Today: records.MustDate("2026-11-29")})
	if err != nil {
		t.Fatal(err)
	}
	l, err := LoadLayouts("")
	if err != nil {
		t.Fatal(err)
	}
	got, err := WriteAlso(rep, l, nil, []string{"html"})
	if err != nil || len(got) != 0 {
		t.Errorf("WriteAlso(html) = %v, %v", got, err)
	}
	if _, err := WriteAlso(rep, l, nil, []string{"docx"}); err == nil {
		t.Errorf("WriteAlso(docx) did not refuse")
	}
	entries, _ := os.ReadDir(filepath.Join(dest, "lukasz-nowak"))
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".html" {
			t.Errorf("%s was written", e.Name())
		}
	}
}
