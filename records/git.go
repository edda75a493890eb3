package records

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Repo is the git repository a practice lives in. The practice may be the
// whole repository or a folder inside one.
type Repo struct {
	*git.Repository
	Root string // the repository's work tree
}

// ErrNoRepo is returned by OpenRepo when the practice is not in git.
var ErrNoRepo = errors.New("the practice is not in a git repository")

// OpenRepo opens the git repository holding dir, looking in parent folders
// the way git does.
func OpenRepo(dir string) (*Repo, error) {
	r, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, ErrNoRepo
	}
	if err != nil {
		return nil, err
	}
	wt, err := r.Worktree()
	if err != nil {
		return nil, err
	}
	return &Repo{Repository: r, Root: wt.Filesystem.Root()}, nil
}

// InitRepo makes a new repository in dir whose first branch is main.
func InitRepo(dir string) (*Repo, error) {
	r, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return &Repo{Repository: r, Root: abs}, nil
}

// Commit commits exactly the given files (absolute paths inside the work
// tree) as they are on disk, with the given author and time, as
// git commit -- FILES does: the commit is the last commit with those files
// changed (a file that is gone is committed as removed), and their index
// entries follow. Whatever else the coach has changed or staged stays as it
// is, out of the commit. When a step fails the index and the branch are as
// they were.
func (r *Repo) Commit(files []string, msg, name, email string, when time.Time) (plumbing.Hash, error) {
	branch, head, err := r.Branch()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	edits := map[string]*index.Entry{}
	for _, f := range files {
		rel, err := r.RepoPath(f)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if IsHandoverPath(rel) {
			return plumbing.ZeroHash, fmt.Errorf("%s: %w; rapport handover gives them to the client", rel, ErrHandoverNotes)
		}
		e, err := r.stageFile(rel)
		if errors.Is(err, fs.ErrNotExist) {
			edits[rel] = nil
			continue
		}
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("staging %s: %w", rel, err)
		}
		edits[rel] = e
	}
	var base plumbing.Hash
	if !head.IsZero() {
		c, err := object.GetCommit(r.Storer, head)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("reading the last commit: %w", err)
		}
		base = c.TreeHash
	}
	tree, _, err := r.editTree(base, edits)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if tree == base {
		return plumbing.ZeroHash, git.ErrEmptyCommit
	}
	sig := object.Signature{Name: name, Email: email, When: when}
	c := &object.Commit{Author: sig, Committer: sig, Message: msg, TreeHash: tree}
	if !head.IsZero() {
		c.ParentHashes = []plumbing.Hash{head}
	}
	obj := r.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	hash, err := r.Storer.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("storing the commit: %w", err)
	}

	lock, err := r.lockIndex()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	defer lock.release()
	idx, err := r.Storer.Index()
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("reading the git index: %w", err)
	}
	before, err := r.Storer.Index()
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("reading the git index: %w", err)
	}
	setEntries(idx, edits)
	if err := lock.write(r, idx); err != nil {
		return plumbing.ZeroHash, err
	}
	var old *plumbing.Reference
	if !head.IsZero() {
		old = plumbing.NewHashReference(branch, head)
	}
	if err := r.Storer.CheckAndSetReference(plumbing.NewHashReference(branch, hash), old); err != nil {
		if ierr := r.writeIndex(before); ierr != nil {
			return plumbing.ZeroHash, fmt.Errorf("moving %s: %w; putting the index back also failed: %v", branch.Short(), err, ierr)
		}
		return plumbing.ZeroHash, fmt.Errorf("moving %s: %w", branch.Short(), err)
	}
	return hash, nil
}
