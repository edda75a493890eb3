package records

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestEachStopsWhenFnFails: fn's error ends the walk at once and is
// returned; no client after it is given to fn.
func TestEachStopsWhenFnFails(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		full := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(SettingsFile, "name: Test\n")
	var ids []string
	for i := range 40 {
		id := fmt.Sprintf("c%02d", i)
		ids = append(ids, id)
		write("clients/"+id+"/agreement.md", "---\nkind: agreement\nclient_name: C\n---\nTerms.\n")
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	p.UseCache(t.TempDir())
	stop := errors.New("stop")
	for _, at := range []int{0, 1, 5, 39} {
		var seen []string
		err := p.Each(ids, LoadOptions{}, func(c *Client, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, c.ID)
			if len(seen) == at+1 {
				return stop
			}
			return nil
		})
		if err != stop {
			t.Fatalf("stopping at %d: Each returned %v, want fn's error", at, err)
		}
		if len(seen) != at+1 || seen[at] != ids[at] {
			t.Fatalf("stopping at %d: fn saw %v", at, seen)
		}
	}
}
