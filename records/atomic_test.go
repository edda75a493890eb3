package records

import (
	"errors"
	"os"
	"path/filepath"
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
		disk func(f *os.File) tempFile
	}{
		{"disk full at once", func(f *os.File) tempFile { return &fullDisk{File: f} }},
		{"disk full half way", func(f *os.File) tempFile { return &fullDisk{File: f, room: len(next) / 2} }},
		{"sync fails", func(f *os.File) tempFile {
			return &fullDisk{File: f, room: len(next), syncErr: &os.PathError{Op: "sync", Path: f.Name(), Err: syscall.EIO}}
		}},
		{"close fails", func(f *os.File) tempFile {
			return &fullDisk{File: f, room: len(next), closeErr: &os.PathError{Op: "close", Path: f.Name(), Err: syscall.EIO}}
		}},
	}
	writers := []struct {
		name  string
		write func(path string, data []byte, open openTemp) error
		old   bool // the file exists before the write
	}{
		{"WriteFile over a record", func(p string, d []byte, o openTemp) error { return writeAtomic(p, d, 0o644, o) }, true},
		{"WriteFile a new record", func(p string, d []byte, o openTemp) error { return writeAtomic(p, d, 0o644, o) }, false},
		{"CreateFile", func(p string, d []byte, o openTemp) error { return createAtomic(p, d, 0o644, o) }, false},
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
				open := func(dir, pattern string) (tempFile, error) {
					file, err := os.CreateTemp(dir, pattern)
					if err != nil {
						return nil, err
					}
					return f.disk(file), nil
				}
				if err := w.write(path, []byte(next), open); err == nil {
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
