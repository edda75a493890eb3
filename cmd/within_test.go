package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWithin(t *testing.T) {
	root := t.TempDir()
	practice := filepath.Join(root, "Practice")
	if err := os.MkdirAll(filepath.Join(practice, "clients"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(practice, "clients"), filepath.Join(root, "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	tests := []struct {
		path string
		want bool
	}{
		{practice, true},
		{filepath.Join(practice, "out.zip"), true},
		{filepath.Join(practice, "new", "folder", "out.zip"), true},
		{filepath.Join(root, "link", "out.zip"), true}, // a link into the practice
		{filepath.Join(practice, "..", "out.zip"), false},
		{filepath.Join(root, "Practice2", "out.zip"), false},
		{root, false},
	}
	for _, tt := range tests {
		if got := within(tt.path, practice); got != tt.want {
			t.Errorf("within(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// TestWithinIgnoresCase: where the file system ignores case (macOS and
// Windows by default), a path typed in other capitals is still inside.
func TestWithinIgnoresCase(t *testing.T) {
	root := t.TempDir()
	practice := filepath.Join(root, "Practice")
	if err := os.Mkdir(practice, 0o755); err != nil {
		t.Fatal(err)
	}
	lower := filepath.Join(root, strings.ToLower("Practice"))
	if _, err := os.Stat(lower); err != nil {
		t.Skip("this file system tells capitals apart")
	}
	if !within(filepath.Join(lower, "sub", "out.zip"), practice) {
		t.Errorf("%s is inside %s on this file system", lower, practice)
	}
}
