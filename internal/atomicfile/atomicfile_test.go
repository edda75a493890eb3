package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// fullDisk is a temporary file that takes only room bytes, then fails as a
// full disk does, or fails to sync or to close.
type fullDisk struct {
	*os.File
	room              int
	syncErr, closeErr error
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if len(p) <= d.room {
		d.room -= len(p)
		return d.File.Write(p)
	}
	n, _ := d.File.Write(p[:d.room])
	d.room = 0
	return n, &os.PathError{Op: "write", Path: d.Name(), Err: syscall.ENOSPC}
}

func (d *fullDisk) Sync() error {
	if d.syncErr != nil {
		return d.syncErr
	}
	return d.File.Sync()
}

func (d *fullDisk) Close() error {
	err := d.File.Close()
	if d.closeErr != nil {
		return d.closeErr
	}
	return err
}

// TestAtomicWriteFaults fails a write part of the way in every way a disk
// can: the file that was there is left as it was, a new file is not
// created, and no temporary file is left behind.
func TestAtomicWriteFaults(t *testing.T) {
	const old = "---\nkind: session\nnumber: 1\n---\n\nThe notes as they were.\n"
	next := strings.Repeat("The notes as they are now. ", 1000)
	faults := []struct {
		name string
		disk func(f *os.File) file
	}{
		{"disk full at once", func(f *os.File) file { return &fullDisk{File: f} }},
		{"disk full half way", func(f *os.File) file { return &fullDisk{File: f, room: len(next) / 2} }},
		{"sync fails", func(f *os.File) file {
			return &fullDisk{File: f, room: len(next), syncErr: &os.PathError{Op: "sync", Path: f.Name(), Err: syscall.EIO}}
		}},
		{"close fails", func(f *os.File) file {
			return &fullDisk{File: f, room: len(next), closeErr: &os.PathError{Op: "close", Path: f.Name(), Err: syscall.EIO}}
		}},
	}
	inRoot := func(p string, d []byte, opts ...Option) error {
		root, err := os.OpenRoot(filepath.Dir(p))
		if err != nil {
			return err
		}
		defer root.Close()
		return WriteFileIn(root, filepath.Base(p), d, 0o644, opts...)
	}
	writers := []struct {
		name  string
		write func(path string, data []byte, opts ...Option) error
		old   bool // the file exists before the write
	}{
		{"WriteFile over a record", func(p string, d []byte, o ...Option) error { return WriteFile(p, d, 0o644, o...) }, true},
		{"WriteFile a new record", func(p string, d []byte, o ...Option) error { return WriteFile(p, d, 0o644, o...) }, false},
		{"CreateFile", func(p string, d []byte, o ...Option) error { return CreateFile(p, d, 0o644, o...) }, false},
		{"WriteFileIn over an output", inRoot, true},
	}
	for _, w := range writers {
		for _, f := range faults {
			t.Run(w.name+"/"+f.name, func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "2026-02-04-01.md")
				if w.old {
					if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				wrap := func(o *options) { o.wrap = f.disk }
				if err := w.write(path, []byte(next), wrap); err == nil {
					t.Fatal("the failed write reported success")
				}
				data, err := os.ReadFile(path)
				switch {
				case w.old && string(data) != old:
					t.Errorf("the record was changed by a failed write: %q (%v)", clipTest(string(data)), err)
				case !w.old && !errors.Is(err, os.ErrNotExist):
					t.Errorf("a failed write left a file: %q (%v)", clipTest(string(data)), err)
				}
				onlyFiles(t, dir, w.old)
			})
		}
	}
}

// TestAtomicWriteReadOnlyFolder writes into a folder the user cannot write
// to. Root can, so the test says so and stops.
func TestAtomicWriteReadOnlyFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "agreement.md")
	const old = "---\nkind: agreement\n---\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if probe, err := os.CreateTemp(dir, "probe"); err == nil {
		probe.Close()
		os.Remove(probe.Name())
		t.Skip("this user can write to a read-only folder (running as root?), so a read-only folder cannot be tested")
	}
	if err := WriteFile(path, []byte("new"), 0o644); err == nil {
		t.Error("WriteFile into a read-only folder reported success")
	}
	if err := CreateFile(filepath.Join(dir, "session.md"), []byte("new"), 0o644); err == nil {
		t.Error("CreateFile into a read-only folder reported success")
	}
	if data, _ := os.ReadFile(path); string(data) != old {
		t.Errorf("the record was changed: %q", data)
	}
	onlyFiles(t, dir, true)
}

// TestAtomicWriteNoFolder writes where there is no folder: an error, no panic.
func TestAtomicWriteNoFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "agreement.md")
	if err := WriteFile(path, []byte("x"), 0o644); err == nil {
		t.Error("WriteFile into a missing folder reported success")
	}
	if err := CreateFile(path, []byte("x"), 0o644); err == nil {
		t.Error("CreateFile into a missing folder reported success")
	}
}

// TestNoSyncFullDisk: an output written without sync is still whole or
// not at all.
func TestNoSyncFullDisk(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	os.WriteFile(filepath.Join(dir, "a.html"), []byte("old"), 0o644)
	full := func(o *options) { o.wrap = func(f *os.File) file { return &fullDisk{File: f, room: 2} } }
	if err := WriteFileIn(root, "a.html", []byte("new output"), 0o644, NoSync(), full); err == nil {
		t.Fatal("the failed write reported success")
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a.html")); string(data) != "old" {
		t.Errorf("output is %q, want the old one", data)
	}
	onlyFiles(t, dir, true)
}

// TestCreateFileRefusesExisting: CreateFile never replaces a file.
func TestCreateFileRefusesExisting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agreement.md")
	os.WriteFile(path, []byte("mine"), 0o644)
	err := CreateFile(path, []byte("theirs"), 0o644)
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v, want ErrExists naming %s", err, path)
	}
	if data, _ := os.ReadFile(path); string(data) != "mine" {
		t.Errorf("file is %q", data)
	}
	onlyFiles(t, filepath.Dir(path), true)
}

// TestWriteNeverThroughLinks: a link in the file's place is replaced, not
// written through, and a name inside a root cannot leave it.
func TestWriteNeverThroughLinks(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	target := filepath.Join(outside, "practice.yaml")
	os.WriteFile(target, []byte("keep"), 0o644)
	if err := os.Symlink(target, filepath.Join(dir, "a.html")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	os.Symlink(outside, filepath.Join(dir, "sub"))
	if err := WriteFile(filepath.Join(dir, "a.html"), []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "a.html")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the link was not replaced by a file: %v %v", fi, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, name := range []string{"../practice.yaml", "sub/practice.yaml", filepath.Join(outside, "practice.yaml")} {
		if err := WriteFileIn(root, name, []byte("new"), 0o644); err == nil {
			t.Errorf("WriteFileIn(%q) wrote outside its root", name)
		}
	}
	if data, _ := os.ReadFile(target); string(data) != "keep" {
		t.Errorf("the file outside is now %q", data)
	}
}

// TestWriteSetsMode: the mode asked for, whatever the umask.
func TestWriteSetsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "export.zip")
	if err := CreateFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
}

// onlyFiles fails when dir holds anything but the record (when want is true).
func onlyFiles(t *testing.T, dir string, want bool) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if want {
		n = 1
	}
	if len(entries) != n {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the folder holds %v, want %d file(s): a temporary file was left behind", names, n)
	}
}

func clipTest(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
