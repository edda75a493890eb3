//go:build linux || darwin

package records

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestLookInSeesWhatLstatSees: a record's look through its open folder
// (lookIn) and through Lstat (statIDOf, which the pack keeps) must agree,
// or every record would be read again on every run.
func TestLookInSeesWhatLstatSees(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "s-01.md")
	if err := os.WriteFile(name, []byte("---\nkind: session\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, plain, ok := lookIn(f, "s-01.md")
	if !ok || !plain {
		t.Fatalf("lookIn: ok %v, plain %v", ok, plain)
	}
	fi, err := os.Lstat(name)
	if err != nil {
		t.Fatal(err)
	}
	if want := statIDOf(fi); got != want {
		t.Errorf("lookIn saw %+v, Lstat %+v", got, want)
	}
	if err := os.Link(name, filepath.Join(dir, "again.md")); err != nil {
		t.Skip("no hard links here:", err)
	}
	if _, plain, _ := lookIn(f, "s-01.md"); plain {
		t.Error("a record with two names on disk was taken as plain")
	}
}

// TestCacheRefusesANamedPipe: a named pipe where a pack belongs is refused
// at once; opening it to read would wait for a writer, forever.
func TestCacheRefusesANamedPipe(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ann.pack")
	if err := unix.Mkfifo(name, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	// Were the open to wait, a writer comes along and ends the wait, and
	// the test fails rather than hangs.
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			if fd, err := unix.Open(name, unix.O_WRONLY|unix.O_NONBLOCK, 0); err == nil {
				unix.Close(fd)
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	f, err := openCacheFile(name)
	if err == nil {
		f.Close()
		t.Fatal("a named pipe was opened as a cache file")
	}
}
