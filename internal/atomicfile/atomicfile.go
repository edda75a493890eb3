// Package atomicfile is the one way rapport writes a file: whole or not at
// all. The data goes to a temporary file in the same folder, is synced, and
// is renamed over the target (or linked to it, when the target must not
// exist yet); then the folder itself is synced, so the rename survives a
// power cut. A reader, a crash or Ctrl-C sees the old file or the new one,
// never half of either, and a failed write leaves no temporary file.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strconv"
)

// ErrExists is returned by CreateFile when the file is already there.
var ErrExists = errors.New("file already exists")

// Option changes how a file is written.
type Option func(*options)

type options struct {
	noSync bool
	// wrap lets tests fail the temporary file's writes, sync or close, as a
	// full disk or a failing device would.
	wrap func(*os.File) file
}

// NoSync skips syncing the file and its folder. It is for outputs that can
// always be made again, such as rendered handouts, where thousands of syncs
// would make a build crawl: the write is still whole or not at all, but a
// power cut may lose it.
func NoSync() Option { return func(o *options) { o.noSync = true } }

// file is what a write goes through: an *os.File, or in tests one that fails.
type file interface {
	io.Writer
	Sync() error
	Close() error
}

// WriteFile replaces path with data atomically. A link at path is replaced
// by the file, never written through.
func WriteFile(path string, data []byte, perm fs.FileMode, opts ...Option) error {
	return inDir(path, func(root *os.Root, name string) error {
		return WriteFileIn(root, name, data, perm, opts...)
	})
}

// CreateFile writes a new file atomically and refuses, with ErrExists, to
// replace one that is already there, even one created a moment earlier by
// another process.
func CreateFile(path string, data []byte, perm fs.FileMode, opts ...Option) error {
	return inDir(path, func(root *os.Root, name string) error {
		return write(root, name, perm, bytesOf(data), true, opts)
	})
}

// WriteFileIn is WriteFile for name (slash-separated) inside root: the
// write cannot leave root, whatever links are on the way.
func WriteFileIn(root *os.Root, name string, data []byte, perm fs.FileMode, opts ...Option) error {
	return write(root, name, perm, bytesOf(data), false, opts)
}

// WriteIn is WriteFileIn for content that is streamed rather than held:
// fill writes it, and its error abandons the write.
func WriteIn(root *os.Root, name string, perm fs.FileMode, fill func(io.Writer) error, opts ...Option) error {
	return write(root, name, perm, fill, false, opts)
}

func bytesOf(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// inDir opens path's folder as a root and calls f with the file's name in
// it. Errors name the whole path, as a plain os call's would.
func inDir(p string, f func(root *os.Root, name string) error) error {
	dir, name := filepath.Split(p)
	if dir == "" {
		dir = "."
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	err = f(root, name)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		pe.Path = filepath.Join(dir, filepath.FromSlash(pe.Path))
	}
	if errors.Is(err, ErrExists) {
		return fmt.Errorf("%s: %w", p, ErrExists)
	}
	return err
}

func write(root *os.Root, name string, perm fs.FileMode, fill func(io.Writer) error, create bool, opts []Option) error {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	tmp, err := writeTemp(root, name, perm, fill, o)
	if err != nil {
		return err
	}
	if create {
		defer root.Remove(tmp)
		// A hard link fails if name exists, which makes create-if-absent
		// atomic.
		if err := root.Link(tmp, name); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return ErrExists
			}
			return err
		}
	} else if err := root.Rename(tmp, name); err != nil {
		root.Remove(tmp)
		return err
	}
	if o.noSync {
		return nil
	}
	return syncDir(root, path.Dir(filepath.ToSlash(name)))
}

// writeTemp writes the content to a new temporary file beside name and
// returns its name. Its name starts with a dot, so nothing rapport reads
// mistakes it for a record or an output.
func writeTemp(root *os.Root, name string, perm fs.FileMode, fill func(io.Writer) error, o options) (string, error) {
	dir, base := path.Split(filepath.ToSlash(name))
	var f *os.File
	var tmp string
	var err error
	for range 100 {
		tmp = dir + "." + base + ".tmp-" + strconv.FormatUint(rand.Uint64(), 36)
		f, err = root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return "", err
	}
	var w file = f
	if o.wrap != nil {
		w = o.wrap(f)
	}
	err = fill(w)
	if err == nil {
		err = f.Chmod(perm) // the mode asked for, whatever the umask
	}
	if err == nil && !o.noSync {
		err = w.Sync()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		root.Remove(tmp)
		return "", err
	}
	return tmp, nil
}
