package records

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// indexLock is git's lock on the index: index.lock, created only when no
// other git holds it. The new index is written to it and renamed over the
// index, so a crash leaves the old index or the new one. (go-git's SetIndex
// neither takes the lock nor writes atomically.)
type indexLock struct {
	dot billy.Filesystem // nil for a repository not on disk
	f   billy.File
}

// lockIndex takes the index lock, refusing while another git holds it.
func (r *Repo) lockIndex() (*indexLock, error) {
	st, ok := r.Storer.(interface{ Filesystem() billy.Filesystem })
	if !ok {
		return &indexLock{}, nil
	}
	dot := st.Filesystem()
	f, err := dot.OpenFile("index.lock", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, ErrIndexLocked
	}
	if err != nil {
		return nil, fmt.Errorf("locking the git index: %w", err)
	}
	return &indexLock{dot: dot, f: f}, nil
}

// ErrIndexLocked is returned when another git command holds the index lock.
var ErrIndexLocked = errors.New("another git command is changing the git index (.git/index.lock exists)")

// write replaces the index with idx and releases the lock.
func (l *indexLock) write(r *Repo, idx *index.Index) error {
	if l.dot == nil {
		return r.Storer.SetIndex(idx)
	}
	var buf bytes.Buffer
	err := index.NewEncoder(&buf).Encode(idx)
	if err == nil {
		_, err = l.f.Write(buf.Bytes())
	}
	if s, ok := l.f.(interface{ Sync() error }); ok && err == nil {
		err = s.Sync()
	}
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = l.dot.Rename("index.lock", "index")
	}
	if err != nil {
		_ = l.dot.Remove("index.lock")
	}
	l.dot = nil
	if err != nil {
		return fmt.Errorf("writing the git index: %w", err)
	}
	return nil
}

// release gives the lock up without changing the index; after write it does
// nothing.
func (l *indexLock) release() {
	if l == nil || l.dot == nil {
		return
	}
	l.f.Close()
	_ = l.dot.Remove("index.lock")
	l.dot = nil
}

// writeIndex replaces the index with idx under git's lock.
func (r *Repo) writeIndex(idx *index.Index) error {
	l, err := r.lockIndex()
	if err != nil {
		return err
	}
	return l.write(r, idx)
}

// stageFile makes the index entry for the file at p (slash-separated,
// relative to the work tree) as it is on disk, storing its content as a
// blob. Only size and modification time are recorded of its stat data;
// git and rapport hash a file whose other stat data does not match.
func (r *Repo) stageFile(p string) (*index.Entry, error) {
	full := r.full(p)
	fi, err := os.Lstat(full)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a plain file", p)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		return nil, err
	}
	obj := r.Storer.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, err := obj.Writer()
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	h, err := r.Storer.SetEncodedObject(obj)
	if err != nil {
		return nil, fmt.Errorf("storing %s: %w", p, err)
	}
	mode := filemode.Regular
	if fi.Mode().Perm()&0o100 != 0 {
		mode = filemode.Executable
	}
	return &index.Entry{Name: p, Hash: h, Mode: mode, Size: uint32(fi.Size()), ModifiedAt: fi.ModTime()}, nil
}

// setEntries replaces the index entries for the given paths: with the entry
// given, or none where it is nil. Every other entry is kept as it is.
func setEntries(idx *index.Index, entries map[string]*index.Entry) {
	kept := idx.Entries[:0]
	for _, e := range idx.Entries {
		if _, ok := entries[e.Name]; !ok {
			kept = append(kept, e)
		}
	}
	idx.Entries = kept
	for _, e := range entries {
		if e != nil {
			idx.Entries = append(idx.Entries, e)
		}
	}
	sort.Slice(idx.Entries, func(i, j int) bool { return idx.Entries[i].Name < idx.Entries[j].Name })
	// The cached trees describe the old entries; git rebuilds them.
	idx.Cache = nil
}

// editTree returns tree h (zero: an empty tree) with the given files
// (slash-separated paths below it) set to their entries, or removed where
// the entry is nil, storing the new trees. Everything else is shared with
// h. empty says the result holds nothing, which git does not keep as a
// folder.
func (r *Repo) editTree(h plumbing.Hash, edits map[string]*index.Entry) (out plumbing.Hash, empty bool, err error) {
	var entries []object.TreeEntry
	if !h.IsZero() {
		t, err := object.GetTree(r.Storer, h)
		if err != nil {
			return plumbing.ZeroHash, false, fmt.Errorf("reading tree %s: %w", h, err)
		}
		entries = append(entries, t.Entries...)
	}
	files := map[string]*index.Entry{}
	dirs := map[string]map[string]*index.Entry{}
	for p, e := range edits {
		first, rest, nested := strings.Cut(p, "/")
		if !nested {
			files[first] = e
			continue
		}
		if dirs[first] == nil {
			dirs[first] = map[string]*index.Entry{}
		}
		dirs[first][rest] = e
	}
	var next []object.TreeEntry
	for _, te := range entries {
		if _, ok := files[te.Name]; ok {
			continue // replaced or removed below
		}
		if sub, ok := dirs[te.Name]; ok {
			base := te.Hash
			if te.Mode != filemode.Dir {
				base = plumbing.ZeroHash // a file becomes a folder
			}
			nh, subEmpty, err := r.editTree(base, sub)
			if err != nil {
				return plumbing.ZeroHash, false, err
			}
			delete(dirs, te.Name)
			if !subEmpty {
				next = append(next, object.TreeEntry{Name: te.Name, Mode: filemode.Dir, Hash: nh})
			}
			continue
		}
		next = append(next, te)
	}
	for name, e := range files {
		if e != nil {
			next = append(next, object.TreeEntry{Name: name, Mode: e.Mode, Hash: e.Hash})
		}
	}
	for name, sub := range dirs {
		nh, subEmpty, err := r.editTree(plumbing.ZeroHash, sub)
		if err != nil {
			return plumbing.ZeroHash, false, err
		}
		if !subEmpty {
			next = append(next, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: nh})
		}
	}
	// git orders a tree's entries by name, a folder's name read with a
	// final slash.
	key := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	sort.Slice(next, func(i, j int) bool { return key(next[i]) < key(next[j]) })
	obj := r.Storer.NewEncodedObject()
	if err := (&object.Tree{Entries: next}).Encode(obj); err != nil {
		return plumbing.ZeroHash, false, err
	}
	nh, err := r.Storer.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("storing a tree: %w", err)
	}
	return nh, len(next) == 0, nil
}
