package records

import (
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
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

// Revisions answers Revision questions for one practice. It reads HEAD once,
// so a build asks about many records without reopening the repository.
type Revisions struct {
	repo   *Repo
	root   string // the practice root
	prefix string // the practice root relative to the work tree, "" or "dir/"
	head   *object.Commit
	tree   *object.Tree
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
	want := map[string]bool{}
	for _, p := range paths {
		full := r.prefix + path.Clean(p)
		want[full] = true
		changed, err := r.modified(p, full)
		if err != nil {
			return rev, err
		}
		rev.Modified = rev.Modified || changed
	}
	if r.head == nil {
		return rev, nil
	}
	iter, err := r.repo.Log(&git.LogOptions{From: r.head.Hash, PathFilter: func(p string) bool { return want[p] }})
	if err != nil {
		return rev, err
	}
	defer iter.Close()
	c, err := iter.Next()
	switch {
	case err == nil:
		rev.Commit = c.Hash.String()[:7]
	case !errors.Is(err, io.EOF) && !errors.Is(err, storer.ErrStop):
		return rev, err
	}
	return rev, nil
}

// modified compares the file on disk with its blob in HEAD by hash, which is
// much cheaper than a status of the whole work tree.
func (r *Revisions) modified(rel, full string) (bool, error) {
	data, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(rel)))
	if err != nil {
		if os.IsNotExist(err) {
			return false, nil
		}
		return false, err
	}
	if r.tree == nil {
		return true, nil
	}
	f, err := r.tree.File(full)
	if err != nil {
		if errors.Is(err, object.ErrFileNotFound) || strings.Contains(err.Error(), "not found") {
			return true, nil
		}
		return false, err
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data) != f.Hash, nil
}
