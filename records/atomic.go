package records

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned by CreateFile when the file is already there.
var ErrExists = errors.New("file already exists")

// WriteFile replaces path with data atomically: the data goes to a temporary
// file in the same folder, is synced, and is renamed over path, so a reader or
// a crash sees either the old file or the new one, never half of either.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return writeAtomic(path, data, perm, createTemp)
}

// CreateFile writes a new file atomically and refuses, with ErrExists, to
// replace one that is already there, even one created a moment earlier by
// another process.
func CreateFile(path string, data []byte, perm fs.FileMode) error {
	return createAtomic(path, data, perm, createTemp)
}

// tempFile is what an atomic write writes through: an *os.File, or in tests
// one that fails part of the way, as a full disk would.
type tempFile interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

// openTemp makes the temporary file in dir, named after pattern as
// os.CreateTemp does.
type openTemp func(dir, pattern string) (tempFile, error)

func createTemp(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) }

func writeAtomic(path string, data []byte, perm fs.FileMode, open openTemp) error {
	tmp, err := writeTemp(path, data, perm, open)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

func createAtomic(path string, data []byte, perm fs.FileMode, open openTemp) error {
	tmp, err := writeTemp(path, data, perm, open)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	// A hard link fails if path exists, which makes create-if-absent atomic.
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
		return err
	}
	return nil
}

func writeTemp(path string, data []byte, perm fs.FileMode, open openTemp) (string, error) {
	f, err := open(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, perm)
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}
