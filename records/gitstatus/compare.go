package gitstatus

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// statData is what the index records of a file besides size, mtime and mode,
// on systems that have it.
type statData struct {
	ctime         time.Time
	ino, uid, gid uint32
}

// emptyBlob is the hash of an empty file.
var emptyBlob = plumbing.ComputeHash(plumbing.BlobObject, nil)

// worktree is how a tracked file on disk compares with its index entry.
type worktree int

const (
	same    worktree = iota // what the index holds
	differs                 // content, type or mode differ
	gone                    // no file there (or a folder in its place)
)

// compare decides whether the file at full differs from its index entry by
// git's rules (read-cache.c: ce_match_stat, ie_modified): a different type or
// executable bit is a change; matching size, times, inode and owner mean no
// change unless the entry is racy; otherwise a different size is a change
// and the rest is settled by hashing the content.
func (t *Tree) compare(e *index.Entry, full string) (worktree, fs.FileInfo, error) {
	if e.SkipWorktree || e.Mode == filemode.Submodule {
		return same, nil, nil // git does not look at these files either
	}
	fi, err := os.Lstat(full)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return gone, nil, nil
	}
	if err != nil {
		return differs, nil, err
	}
	if fi.IsDir() {
		return gone, fi, nil
	}
	if e.IntentToAdd || t.modeChanged(e.Mode, fi) {
		return differs, fi, nil
	}
	if !t.statChanged(e, fi) && !t.racy(e) {
		return same, fi, nil
	}
	if uint32(fi.Size()) != e.Size && e.Size != 0 {
		return differs, fi, nil
	}
	ok, err := t.matches(full, fi, e.Hash)
	if err != nil || !ok {
		return differs, fi, err
	}
	return same, fi, nil
}

// modeChanged: a file became a link or the other way round, or (unless
// core.fileMode is false) the owner's executable bit changed.
func (t *Tree) modeChanged(m filemode.FileMode, fi fs.FileInfo) bool {
	link := fi.Mode()&fs.ModeSymlink != 0
	switch {
	case m == filemode.Symlink:
		return !link
	case !fi.Mode().IsRegular():
		return true
	case t.settings.fileMode:
		return (m == filemode.Executable) != (fi.Mode().Perm()&0o100 != 0)
	}
	return false
}

// statChanged compares what the index recorded of the file with lstat.
func (t *Tree) statChanged(e *index.Entry, fi fs.FileInfo) bool {
	if uint32(fi.Size()) != e.Size {
		return true
	}
	if e.Size == 0 && e.Hash != emptyBlob {
		return true // git empties the size of a racy entry it writes
	}
	if t.settings.minimalStat {
		return uint32(fi.ModTime().Unix()) != uint32(e.ModifiedAt.Unix())
	}
	if !sameTime(e.ModifiedAt, fi.ModTime()) {
		return true
	}
	st, ok := sysStat(fi)
	if !ok {
		return false
	}
	if t.settings.trustCtime && !sameTime(e.CreatedAt, st.ctime) {
		return true
	}
	return st.ino != e.Inode || st.uid != e.UID || st.gid != e.GID
}

// sameTime compares a time the index recorded with the file's: the seconds
// as the index stores them (32 bits), and the nanoseconds when the index has
// them (a git built without them writes zero).
func sameTime(recorded, actual time.Time) bool {
	if uint32(recorded.Unix()) != uint32(actual.Unix()) {
		return false
	}
	return recorded.Nanosecond() == 0 || recorded.Nanosecond() == actual.Nanosecond()
}

// racy reports whether the entry was recorded in the same second as the
// index was written, or later: the file may have changed again within that
// second without its times showing it, so only the content can tell. Git
// compares nanoseconds where it can; whole seconds are the safe side of it.
func (t *Tree) racy(e *index.Entry) bool {
	return !t.indexTime.IsZero() && t.indexTime.Unix() <= e.ModifiedAt.Unix()
}

// matches reports whether the file's content is the blob want: a link's
// target, or a file's bytes, which with core.autocrlf git reads with CRLF
// line ends made LF when the file is text.
func (t *Tree) matches(full string, fi fs.FileInfo, want plumbing.Hash) (bool, error) {
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := os.Readlink(full)
		if err != nil {
			return false, err
		}
		return plumbing.ComputeHash(plumbing.BlobObject, []byte(target)) == want, nil
	}
	data, err := os.ReadFile(full)
	if err != nil {
		return false, err
	}
	if plumbing.ComputeHash(plumbing.BlobObject, data) == want {
		return true, nil
	}
	if !t.settings.autocrlf || !bytes.Contains(data, []byte("\r\n")) || binary(data) {
		return false, nil
	}
	lf := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return plumbing.ComputeHash(plumbing.BlobObject, lf) == want, nil
}

// binary is git's guess (buffer_is_binary): a NUL in the first 8000 bytes.
func binary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}
