package records

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rapport-coach/rapport/records/gitstatus"
)

// CollisionError says why a pull would have overwritten or removed a file
// git does not hold as committed: nothing was changed.
type CollisionError struct {
	Path   string // slash-separated, relative to the repository root
	Reason string // what stands there and what the pull would put there
	// Remote says the remote's side is what rapport will not write (a link,
	// a submodule), rather than something standing in the way here.
	Remote bool
}

func (e *CollisionError) Error() string { return e.Path + " " + e.Reason }

// fileChange is one file a fast-forward writes or removes. A zero hash on
// either side means the file is absent there.
type fileChange struct {
	path           string // slash-separated, relative to the repository root
	from, to       plumbing.Hash
	fromMode, mode filemode.FileMode
}

// fastForward moves the work tree, the index and the branch from commit ours
// to commit theirs, touching only the files that differ between the two.
// Everything is checked before anything is changed: a file that is not as
// ours committed it, or anything standing where the update must write (an
// untracked or ignored file, a file where a folder must go or a folder where
// a file must go, a link) refuses the whole update with a *CollisionError.
// When a step then fails, what was done is undone, path by path; untracked
// and ignored files are never touched.
func (r *Repo) fastForward(branch plumbing.ReferenceName, ours, theirs plumbing.Hash) error {
	changes, err := r.treeChanges(ours, theirs)
	if err != nil {
		return err
	}
	// Hold git's index lock from the check to the end: no git command may
	// change the index or start a checkout meanwhile.
	lock, err := r.lockIndex()
	if err != nil {
		return err
	}
	defer lock.release()
	if err := r.checkUpdate(changes); err != nil {
		return err
	}
	before, err := r.Storer.Index()
	if err != nil {
		return fmt.Errorf("reading the git index: %w", err)
	}
	u := &wtUpdate{root: r.Root}
	if err := u.apply(r, changes); err != nil {
		if uerr := u.undo(r); uerr != nil {
			return fmt.Errorf("updating the files: %w; %w: %v", err, ErrNotRestored, uerr)
		}
		return fmt.Errorf("updating the files: %w", err)
	}
	if err := r.updateIndex(lock, changes); err != nil {
		err = fmt.Errorf("updating the git index: %w", err)
		if uerr := u.undo(r); uerr != nil {
			return fmt.Errorf("%w; %w: %v", err, ErrNotRestored, uerr)
		}
		return err
	}
	u.done = append(u.done, func(r *Repo) error { return r.writeIndex(before) })
	var old *plumbing.Reference
	if !ours.IsZero() {
		old = plumbing.NewHashReference(branch, ours)
	}
	if err := r.Storer.CheckAndSetReference(plumbing.NewHashReference(branch, theirs), old); err != nil {
		err = fmt.Errorf("moving %s: %w", branch.Short(), err)
		if uerr := u.undo(r); uerr != nil {
			return fmt.Errorf("%w; %w: %v", err, ErrNotRestored, uerr)
		}
		return err
	}
	return nil
}

// treeChanges lists the files that differ between two commits' trees,
// sorted by path. A zero ours is a branch with no commit yet.
func (r *Repo) treeChanges(ours, theirs plumbing.Hash) ([]fileChange, error) {
	tree := func(h plumbing.Hash) (*object.Tree, error) {
		if h.IsZero() {
			return &object.Tree{}, nil
		}
		c, err := object.GetCommit(r.Storer, h)
		if err != nil {
			return nil, err
		}
		return c.Tree()
	}
	from, err := tree(ours)
	if err != nil {
		return nil, err
	}
	to, err := tree(theirs)
	if err != nil {
		return nil, err
	}
	diff, err := object.DiffTree(from, to)
	if err != nil {
		return nil, err
	}
	var out []fileChange
	for _, d := range diff {
		for _, side := range []object.ChangeEntry{d.From, d.To} {
			if side.Name == "" {
				continue
			}
			if m := side.TreeEntry.Mode; m == filemode.Submodule || m == filemode.Symlink || !validRepoPath(side.Name) {
				// A link written from the remote could lead out of the
				// practice; git can pull it where the coach decides to.
				return nil, &CollisionError{Path: side.Name, Reason: "is a link, a submodule or a path rapport does not write", Remote: true}
			}
		}
		// A change is one path on both sides; a rename (which DiffTree does
		// not detect, but might one day) is a removal and an addition.
		if d.From.Name != "" {
			out = append(out, fileChange{path: d.From.Name, from: d.From.TreeEntry.Hash, fromMode: d.From.TreeEntry.Mode})
		}
		if d.To.Name == "" {
			continue
		}
		if n := len(out) - 1; d.From.Name == d.To.Name {
			out[n].to, out[n].mode = d.To.TreeEntry.Hash, d.To.TreeEntry.Mode
			continue
		}
		out = append(out, fileChange{path: d.To.Name, to: d.To.TreeEntry.Hash, mode: d.To.TreeEntry.Mode})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// validRepoPath refuses a path from a tree that could leave the work tree or
// write into .git.
func validRepoPath(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.ContainsRune(p, 0) {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." || strings.EqualFold(part, ".git") {
			return false
		}
	}
	return true
}

// ErrNotRestored is part of a failed pull's error when undoing it failed
// too, so some files may hold the remote's version.
var ErrNotRestored = errors.New("putting the files back also failed")

// checkUpdate is the whole decision of whether an update can be applied
// without losing anything: every file it replaces or removes is exactly as
// the old commit has it, in the index and on disk, and nothing stands where
// it writes. It reads and changes nothing else.
func (r *Repo) checkUpdate(changes []fileChange) error {
	idx, err := r.Storer.Index()
	if err != nil {
		return fmt.Errorf("reading the git index: %w", err)
	}
	// Whether a file still holds what was committed is gitstatus's
	// decision, the one every command uses (core.autocrlf included).
	tree, err := gitstatus.Open(r.Repository)
	if err != nil {
		return fmt.Errorf("reading git status: %w", err)
	}
	staged := make(map[string]*index.Entry, len(idx.Entries))
	for _, e := range idx.Entries {
		staged[e.Name] = e
	}
	leaving := map[string]fs.FileInfo{} // files the update removes, as they are on disk
	for _, c := range changes {
		e := staged[c.path]
		switch {
		case c.from.IsZero() && e != nil:
			return &CollisionError{Path: c.path, Reason: "is staged here and not committed, and the remote has it too"}
		case !c.from.IsZero() && (e == nil || e.Hash != c.from):
			return &CollisionError{Path: c.path, Reason: "has staged changes here that are not committed, and the remote changes it too"}
		}
		if c.from.IsZero() {
			continue
		}
		fi, same, err := tree.Holds(c.path, c.from)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return &CollisionError{Path: c.path, Reason: "is deleted here and the deletion is not committed, and the remote changes it"}
		case err != nil:
			return err
		case !same:
			return &CollisionError{Path: c.path, Reason: "has changes here that are not committed, and the remote changes it too"}
		}
		if c.to.IsZero() {
			leaving[c.path] = fi
		}
	}
	for _, c := range changes {
		// Even a file the update only removes is reached through real
		// folders, never through a link that leads elsewhere.
		if err := r.checkParents(c.path, leaving); err != nil {
			return err
		}
		if c.to.IsZero() || !c.from.IsZero() {
			continue // checked above: a committed file, replaced or removed in place
		}
		if err := r.checkFree(c.path, leaving); err != nil {
			return err
		}
	}
	return nil
}

// checkParents makes sure each folder on the way to p is a real folder, or
// absent, or a committed file the update removes.
func (r *Repo) checkParents(p string, leaving map[string]fs.FileInfo) error {
	parts := strings.Split(p, "/")
	for i := 1; i < len(parts); i++ {
		dir := strings.Join(parts[:i], "/")
		fi, err := os.Lstat(r.full(dir))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			return &CollisionError{Path: dir, Reason: "is a link here, where the remote has a folder"}
		case fi.IsDir():
			continue
		case r.isLeaving(fi, leaving):
			return nil // a committed file the update turns into a folder
		default:
			return &CollisionError{Path: dir, Reason: "is a file here, where the remote has a folder"}
		}
	}
	return nil
}

// checkFree makes sure nothing but a file the update removes stands at p.
func (r *Repo) checkFree(p string, leaving map[string]fs.FileInfo) error {
	fi, err := os.Lstat(r.full(p))
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return nil
	case err != nil:
		return err
	case fi.IsDir():
		// Only a folder the update empties completely can become a file.
		clean := true
		werr := filepath.WalkDir(r.full(p), func(full string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			if !r.isLeaving(info, leaving) {
				clean = false
				return filepath.SkipAll
			}
			return nil
		})
		if werr != nil {
			return werr
		}
		if !clean {
			return &CollisionError{Path: p, Reason: "is a folder here with files git does not track, where the remote has a file"}
		}
		return nil
	case r.isLeaving(fi, leaving):
		return nil // the same file under another case, on a case-insensitive disk
	default:
		return &CollisionError{Path: p, Reason: "is not committed here and would be overwritten by the remote's file"}
	}
}

func (r *Repo) isLeaving(fi fs.FileInfo, leaving map[string]fs.FileInfo) bool {
	for _, l := range leaving {
		if os.SameFile(fi, l) {
			return true
		}
	}
	return false
}

func (r *Repo) full(p string) string { return filepath.Join(r.Root, filepath.FromSlash(p)) }

// wtUpdate is a work-tree update in progress, remembering each thing it did
// so that undo can reverse exactly those.
type wtUpdate struct {
	root string
	done []func(r *Repo) error // undo steps, in the order they were done
}

// apply removes, then writes, the changed files. Removals go first so that
// a file can become a folder and a folder a file.
func (u *wtUpdate) apply(r *Repo, changes []fileChange) error {
	for _, c := range changes {
		if c.to.IsZero() {
			if err := u.remove(r, c); err != nil {
				return err
			}
		}
	}
	for _, c := range changes {
		if !c.to.IsZero() {
			if err := u.write(r, c); err != nil {
				return err
			}
		}
	}
	return nil
}

func (u *wtUpdate) remove(r *Repo, c fileChange) error {
	full := r.full(c.path)
	fi, err := os.Lstat(full)
	if err != nil {
		return err
	}
	if err := os.Remove(full); err != nil {
		return err
	}
	u.done = append(u.done, func(r *Repo) error { return r.restoreBlob(c.path, c.from, fi) })
	// Remove the folders the file leaves empty, as git does; a folder with
	// anything else in it stays.
	for dir := path.Dir(c.path); dir != "."; dir = path.Dir(dir) {
		dfi, err := os.Lstat(r.full(dir))
		if err != nil || os.Remove(r.full(dir)) != nil {
			break
		}
		d := dir
		u.done = append(u.done, func(r *Repo) error { return os.Mkdir(r.full(d), dfi.Mode().Perm()) })
	}
	return nil
}

func (u *wtUpdate) write(r *Repo, c fileChange) error {
	if err := u.mkdirs(r, path.Dir(c.path)); err != nil {
		return err
	}
	data, err := r.blob(c.to)
	if err != nil {
		return err
	}
	full := r.full(c.path)
	perm := fs.FileMode(0o644)
	if c.mode == filemode.Executable {
		perm = 0o755
	}
	if c.from.IsZero() {
		// CreateFile refuses to replace anything, even a file that appeared
		// since the check or one a case-insensitive disk sees as the same.
		if err := CreateFile(full, data, perm); err != nil {
			return fmt.Errorf("writing %s: %w", c.path, err)
		}
		u.done = append(u.done, func(*Repo) error { return os.Remove(full) })
		return nil
	}
	fi, err := os.Lstat(full)
	if err != nil {
		return err
	}
	if c.mode == c.fromMode {
		perm = fi.Mode().Perm()
	}
	if err := WriteFile(full, data, perm); err != nil {
		return fmt.Errorf("writing %s: %w", c.path, err)
	}
	u.done = append(u.done, func(r *Repo) error { return r.restoreBlob(c.path, c.from, fi) })
	return nil
}

// mkdirs makes the missing folders on the way to dir, remembering each.
func (u *wtUpdate) mkdirs(r *Repo, dir string) error {
	if dir == "." {
		return nil
	}
	if err := u.mkdirs(r, path.Dir(dir)); err != nil {
		return err
	}
	full := r.full(dir)
	fi, err := os.Lstat(full)
	if err == nil && fi.IsDir() {
		return nil
	}
	if err := os.Mkdir(full, 0o755); err != nil {
		return err
	}
	u.done = append(u.done, func(*Repo) error { return os.Remove(full) })
	return nil
}

// undo reverses every step apply took, newest first.
func (u *wtUpdate) undo(r *Repo) error {
	var errs []error
	for i := len(u.done) - 1; i >= 0; i-- {
		if err := u.done[i](r); err != nil {
			errs = append(errs, err)
		}
	}
	u.done = nil
	return errors.Join(errs...)
}

// restoreBlob puts a committed file back as it was: its content, permissions
// and modification time.
func (r *Repo) restoreBlob(p string, h plumbing.Hash, was fs.FileInfo) error {
	data, err := r.blob(h)
	if err != nil {
		return err
	}
	full := r.full(p)
	if err := WriteFile(full, data, was.Mode().Perm()); err != nil {
		return err
	}
	return os.Chtimes(full, was.ModTime(), was.ModTime())
}

func (r *Repo) blob(h plumbing.Hash) ([]byte, error) {
	b, err := object.GetBlob(r.Storer, h)
	if err != nil {
		return nil, fmt.Errorf("reading blob %s: %w", h, err)
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}

// updateIndex records the updated files in the index, leaving every other
// entry as it was.
func (r *Repo) updateIndex(lock *indexLock, changes []fileChange) error {
	idx, err := r.Storer.Index()
	if err != nil {
		return err
	}
	entries := map[string]*index.Entry{}
	for _, c := range changes {
		if c.to.IsZero() {
			entries[c.path] = nil
			continue
		}
		fi, err := os.Lstat(r.full(c.path))
		if err != nil {
			return err
		}
		// Only size and modification time are recorded of the stat data;
		// git and rapport hash a file whose other stat data does not match.
		entries[c.path] = &index.Entry{Name: c.path, Hash: c.to, Mode: c.mode, Size: uint32(fi.Size()), ModifiedAt: fi.ModTime()}
	}
	setEntries(idx, entries)
	return lock.write(r, idx)
}
