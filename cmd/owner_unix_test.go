//go:build unix

package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDestOwnedByOther: a destination another user prepared, as anyone can
// in /tmp, is refused. Only root can give a folder away, so others skip.
func TestDestOwnedByOther(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("only root can make a folder that belongs to another user")
	}
	dir := filepath.Join(t.TempDir(), "handouts")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := ownDest(dir); err != nil {
		t.Fatalf("own folder refused: %v", err)
	}
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Skip("cannot give the folder away:", err)
	}
	if err := ownDest(dir); err == nil || !strings.Contains(err.Error(), "belongs to another user") {
		t.Errorf("got %v, want the folder refused", err)
	}
}
