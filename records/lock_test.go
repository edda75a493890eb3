package records

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLockExcludes(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, SettingsFile), []byte("name: x\n"), 0o644)
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	first, err := p.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// A second holder (flock locks belong to the open file) must wait, then give up.
	if _, err := p.Lock(50 * time.Millisecond); err == nil {
		t.Fatal("the lock was taken twice")
	}
	if err := first.Unlock(); err != nil {
		t.Fatal(err)
	}
	again, err := p.Lock(time.Second)
	if err != nil {
		t.Fatalf("lock not released: %v", err)
	}
	again.Unlock()
}

// TestLockRefusesLink: a lock file replaced by a link is not opened, so
// taking the lock never creates or touches a file elsewhere.
func TestLockRefusesLink(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, SettingsFile), []byte("name: x\n"), 0o644)
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.Symlink(target, filepath.Join(root, LockFile)); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if l, err := p.Lock(time.Second); err == nil {
		l.Unlock()
		t.Fatal("took a lock through a link")
	}
	if _, err := os.Lstat(target); err == nil {
		t.Error("locking created the link's target")
	}
}
