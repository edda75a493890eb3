package records

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/rapport-coach/rapport/records/gitstatus"
)

// CommitAuthor is who rapport's own commits are by: the coach, with a local
// placeholder address when practice.yaml gives none.
func (s *Settings) CommitAuthor() (name, email string) {
	name, email = s.Coach.Name, s.Coach.Email
	if name == "" {
		name = "rapport"
	}
	if email == "" {
		email = "coach@localhost"
	}
	return name, email
}

// RepoPath is path (absolute, on disk) as a slash-separated path inside the
// repository, refusing one outside it.
func (r *Repo) RepoPath(path string) (string, error) {
	root, err := filepath.EvalSymlinks(r.Root)
	if err != nil {
		return "", err
	}
	// The path itself may not exist (an erased folder): resolve its parent.
	dir, err := filepath.EvalSymlinks(filepath.Dir(path))
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, filepath.Join(dir, filepath.Base(path)))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the git repository at %s", path, r.Root)
	}
	return filepath.ToSlash(rel), nil
}

// Changes lists the tracked files whose work-tree or staged content differs
// from the last commit, sorted. Untracked files are not changes: they are
// not in history and nothing rapport rewrites touches them.
func (r *Repo) Changes() ([]string, error) {
	return r.statusFiles(func(s *git.FileStatus) bool {
		return !(s.Staging == git.Untracked && s.Worktree == git.Untracked) &&
			(s.Staging != git.Unmodified || s.Worktree != git.Unmodified)
	})
}

// Untracked lists the files git does not track and does not ignore, sorted:
// records the coach wrote and never committed, which no sync carries.
func (r *Repo) Untracked() ([]string, error) {
	return r.statusFiles(func(s *git.FileStatus) bool { return s.Worktree == git.Untracked })
}

// Staged lists the files whose staged content differs from the last commit,
// sorted: what a commit would sweep in besides the files rapport adds.
func (r *Repo) Staged() ([]string, error) {
	return r.statusFiles(func(s *git.FileStatus) bool {
		return s.Staging != git.Unmodified && s.Staging != git.Untracked
	})
}

// statusFiles asks git for the work tree's status (gitstatus, the one place
// that decides it) and lists, sorted, the files whose status matches.
func (r *Repo) statusFiles(match func(*git.FileStatus) bool) ([]string, error) {
	tree, err := gitstatus.Open(r.Repository)
	if err != nil {
		return nil, fmt.Errorf("reading git status: %w", err)
	}
	st, err := tree.Status("")
	if err != nil {
		return nil, fmt.Errorf("reading git status: %w", err)
	}
	var out []string
	for path, s := range st {
		if match(s) {
			out = append(out, path)
		}
	}
	sort.Strings(out)
	return out, nil
}

// ErrDetached is returned when HEAD is not on a branch, where a commit
// would be left behind as soon as the coach switches branch.
var ErrDetached = errors.New("git HEAD is not on a branch")

// Branch is the branch HEAD is on and the commit it points at, which is
// ZeroHash on a branch with no commit yet.
func (r *Repo) Branch() (plumbing.ReferenceName, plumbing.Hash, error) {
	head, err := r.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return "", plumbing.ZeroHash, fmt.Errorf("reading git HEAD: %w", err)
	}
	if head.Type() != plumbing.SymbolicReference {
		return "", plumbing.ZeroHash, ErrDetached
	}
	name := head.Target()
	ref, err := r.Storer.Reference(name)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return name, plumbing.ZeroHash, nil
	}
	if err != nil {
		return "", plumbing.ZeroHash, err
	}
	return name, ref.Hash(), nil
}
