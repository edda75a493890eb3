package records

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/rapport-coach/rapport/records/gitstatus"
)

// Revision is where a record stands in git: the last commit that changed it
// and whether the file on disk differs from HEAD, as gitstatus decides it. A printed handout carries it
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

// Revisions answers Revision questions for one practice. It reads HEAD and
// the index once and walks the history once, on the first question, so a
// build asks about thousands of records for the price of one walk. It is
// safe for concurrent use.
type Revisions struct {
	repo   *Repo
	prefix string // the practice root relative to the work tree, "" or "dir/"
	head   *object.Commit

	mu      sync.Mutex
	last    map[string]string // repository path -> short hash of the last commit changing it
	order   map[string]int    // short hash -> place in the first-parent history, 0 for HEAD
	status  *gitstatus.Tree   // what differs from HEAD
	lastErr error
	// stamp is how HEAD, the index and the configuration looked when
	// opened: see SameAs.
	stamp string
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
	r := &Revisions{repo: repo}
	if rel != "." {
		r.prefix = filepath.ToSlash(rel) + "/"
	}
	stamp, head, err := stampOf(repo.Repository)
	if err != nil {
		return nil, err
	}
	r.stamp = stamp
	if head.IsZero() {
		return r, nil // a repository with no commits yet
	}
	if r.head, err = repo.CommitObject(head); err != nil {
		return nil, err
	}
	return r, nil
}

// stampOf is how the repository looks (see gitStamp) with the commit HEAD
// names, which is zero before the first commit.
func stampOf(repo *git.Repository) (string, plumbing.Hash, error) {
	stamp := gitStamp(repo)
	ref, err := repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return stamp, plumbing.ZeroHash, nil
	}
	if err != nil {
		return "", plumbing.ZeroHash, err
	}
	return stamp + "HEAD:" + ref.Hash().String(), ref.Hash(), nil
}

// Current reports whether the repository r was opened on still has the
// HEAD, index and configuration it had then, as SameAs would of r and the
// repository opened again, without opening it again: opening reads the
// pack indexes, which costs serve more than a small change does.
func (r *Revisions) Current() bool {
	if r == nil || r.stamp == "" {
		return false
	}
	stamp, _, err := stampOf(r.repo.Repository)
	return err == nil && stamp == r.stamp
}

// SameAs reports whether r, opened earlier, still describes the repository
// o was just opened on: the same practice, HEAD, index and configuration.
// What r worked out then (the history, the index) then holds; whether a
// file differs from HEAD is always asked of the file itself. serve keeps
// one Revisions between rebuilds this way.
func (r *Revisions) SameAs(o *Revisions) bool {
	if r == nil || o == nil {
		return r == nil && o == nil
	}
	return r.stamp != "" && r.stamp == o.stamp && r.prefix == o.prefix && r.repo.Root == o.repo.Root
}

// gitStamp is how the repository's index and configuration files look
// (size, times, inode: git replaces them by renaming a new file over), or
// "" when they cannot be told.
func gitStamp(repo *git.Repository) string {
	st, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return ""
	}
	dir := st.Filesystem().Root()
	var b strings.Builder
	for _, name := range []string{"index", "config", "info/exclude", "commondir"} {
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(&b, "%s:none\n", name)
		case err != nil:
			return ""
		default:
			fmt.Fprintf(&b, "%s:%+v\n", name, statIDOf(fi))
		}
	}
	return b.String()
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
	if r.status == nil && r.lastErr == nil {
		r.status, r.lastErr = gitstatus.Open(r.repo.Repository)
	}
	if r.head != nil && r.last == nil && r.lastErr == nil {
		r.last, r.lastErr = r.history()
	}
	if r.lastErr != nil {
		return rev, r.lastErr
	}
	newest := 0
	for _, p := range paths {
		full := r.prefix + path.Clean(p)
		changed, err := r.status.DiffersFromHead(full)
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

// Head is the full hash of the commit the revisions are read from, or ""
// outside git or before the first commit.
func (r *Revisions) Head() string {
	if r == nil || r.head == nil {
		return ""
	}
	return r.head.Hash.String()
}
