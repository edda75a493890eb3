package records

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
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

// Commit stages the given files (absolute paths inside the work tree) and
// commits them with the given author and time.
func (r *Repo) Commit(files []string, msg, name, email string, when time.Time) (plumbing.Hash, error) {
	wt, err := r.Worktree()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	for _, f := range files {
		rel, err := filepath.Rel(r.Root, f)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if _, err := wt.Add(filepath.ToSlash(rel)); err != nil {
			return plumbing.ZeroHash, fmt.Errorf("staging %s: %w", rel, err)
		}
	}
	sig := &object.Signature{Name: name, Email: email, When: when}
	return wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
}
