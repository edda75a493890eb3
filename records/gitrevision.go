package records

import (
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Revision is where a record stands in git: the last commit that changed it
// and whether the file on disk differs from HEAD. A printed handout carries it
// so that the coach can trace a copy back to the record it was made from.
type Revision struct {
	Commit   string // short hash of the last commit touching the records; "" if none
	Modified bool   // the file has changes not yet committed, or was never committed
}

// IsZero reports whether there is nothing to say: the practice is not in git.
func (r Revision) IsZero() bool { return r.Commit == "" && !r.Modified }

// String is the short form printed on handouts: "1a2b3c4", "1a2b3c4+modified",
// "uncommitted", or "" outside git.
func (r Revision) String() string {
	switch {
	case r.Commit != "" && r.Modified:
		return r.Commit + "+modified"
	case r.Commit != "":
		return r.Commit
	case r.Modified:
		return "uncommitted"
	}
	return ""
}

// Revisions answers Revision questions for one practice. It reads HEAD once
// and walks the history once, on the first question, so a build asks about
// thousands of records for the price of one walk. It is safe for concurrent
// use.
type Revisions struct {
	repo   *Repo
	root   string // the practice root
	prefix string // the practice root relative to the work tree, "" or "dir/"
	head   *object.Commit
	tree   *object.Tree

	mu      sync.Mutex
	last    map[string]string        // repository path -> short hash of the last commit changing it
	order   map[string]int           // short hash -> place in the first-parent history, 0 for HEAD
	inHead  map[string]plumbing.Hash // repository path -> blob hash at HEAD
	lastErr error
}

// OpenRevisions opens the git repository holding the practice at root. It
// returns nil and no error when the practice is not in git: handouts then
// carry no revision.
func OpenRevisions(root string) (*Revisions, error) {
	repo, err := OpenRepo(root)
	if errors.Is(err, ErrNoRepo) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, err
	}
	realRepo, err := filepath.EvalSymlinks(repo.Root)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(realRepo, realRoot)
	if err != nil {
		return nil, err
	}
	r := &Revisions{repo: repo, root: root}
	if rel != "." {
		r.prefix = filepath.ToSlash(rel) + "/"
	}
	ref, err := repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return r, nil // a repository with no commits yet
	}
	if err != nil {
		return nil, err
	}
	if r.head, err = repo.CommitObject(ref.Hash()); err != nil {
		return nil, err
	}
	if r.tree, err = r.head.Tree(); err != nil {
		return nil, err
	}
	return r, nil
}

// Of is the revision of a handout made from the given records (paths relative
// to the practice root): the latest commit that touched any of them, and
// whether any differs from HEAD.
func (r *Revisions) Of(paths ...string) (Revision, error) {
	var rev Revision
	if r == nil || len(paths) == 0 {
		return rev, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.head != nil && r.last == nil && r.lastErr == nil {
		r.last, r.lastErr = r.history()
		if r.lastErr == nil {
			r.inHead, r.lastErr = entries(r.tree)
		}
	}
	if r.lastErr != nil {
		return rev, r.lastErr
	}
	newest := 0
	for _, p := range paths {
		full := r.prefix + path.Clean(p)
		changed, err := r.modified(p, full)
		if err != nil {
			return rev, err
		}
		rev.Modified = rev.Modified || changed
		if c, ok := r.last[full]; ok {
			if at := r.order[c]; rev.Commit == "" || at < newest {
				rev.Commit, newest = c, at
			}
		}
	}
	return rev, nil
}

// history walks the first-parent history from HEAD once and notes, for
// every path, the newest commit that changed it.
func (r *Revisions) history() (map[string]string, error) {
	last := map[string]string{}
	r.order = map[string]int{}
	note := func(name, short string) {
		if _, seen := last[name]; !seen && name != "" {
			last[name] = short
		}
	}
	for c, at := r.head, 0; c != nil; at++ {
		short := c.Hash.String()[:7]
		r.order[short] = at
		tree, err := c.Tree()
		if err != nil {
			return nil, err
		}
		var parent *object.Commit
		if c.NumParents() > 0 {
			if parent, err = c.Parent(0); err != nil {
				return nil, err
			}
		}
		if parent == nil {
			// The first commit added everything in it.
			files, err := entries(tree)
			if err != nil {
				return nil, err
			}
			for name := range files {
				note(name, short)
			}
			break
		}
		ptree, err := parent.Tree()
		if err != nil {
			return nil, err
		}
		changes, err := object.DiffTree(ptree, tree)
		if err != nil {
			return nil, err
		}
		for _, ch := range changes {
			note(ch.From.Name, short)
			note(ch.To.Name, short)
		}
		c = parent
	}
	return last, nil
}

// entries lists the files of a tree by walking tree objects only, so that
// no blob is read.
func entries(tree *object.Tree) (map[string]plumbing.Hash, error) {
	out := map[string]plumbing.Hash{}
	w := object.NewTreeWalker(tree, true, nil)
	defer w.Close()
	for {
		name, entry, err := w.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if entry.Mode.IsFile() {
			out[name] = entry.Hash
		}
	}
}

// modified compares the file on disk with its blob in HEAD by hash, which is
// much cheaper than a status of the whole work tree.
func (r *Revisions) modified(rel, full string) (bool, error) {
	name := filepath.Join(r.root, filepath.FromSlash(rel))
	fi, err := os.Lstat(name)
	if os.IsNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.Mode().IsRegular() {
		// A link is never read (IsLink), so it cannot match what was
		// committed; only a hash comes out of this read in any case.
		return true, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		if os.IsNotExist(err) {
			return false, nil
		}
		return false, err
	}
	if r.tree == nil {
		return true, nil
	}
	hash, ok := r.inHead[full]
	if !ok {
		return true, nil
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data) != hash, nil
}

// Head is the full hash of the commit the revisions are read from, or ""
// outside git or before the first commit.
func (r *Revisions) Head() string {
	if r == nil || r.head == nil {
		return ""
	}
	return r.head.Hash.String()
}
