package records

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/rapport-coach/rapport/records/gitstatus"
)

// GitFile is one file in the practice that git has not recorded as it is.
type GitFile struct {
	Path  string // slash-separated, relative to the practice root
	State string // "new", "modified", "deleted" or "staged"
}

// GitStatus is what the practice holds that is not committed.
type GitStatus struct {
	Files []GitFile // sorted by path
}

// Status asks git once for the state of the practice at root and keeps
// what lies inside it. It returns ErrNoRepo outside a git repository.
// gitstatus decides, as git status does, what differs; see its package
// comment for why that is not go-git's Worktree.Status.
func Status(root string) (*GitStatus, error) {
	repo, err := OpenRepo(root)
	if err != nil {
		return nil, err
	}
	tree, err := gitstatus.Open(repo.Repository)
	if err != nil {
		return nil, fmt.Errorf("reading git status: %w", err)
	}
	prefix, err := tree.Prefix(root)
	if err != nil {
		return nil, err
	}
	st, err := tree.Status(prefix)
	if err != nil {
		return nil, fmt.Errorf("reading git status: %w", err)
	}
	out := &GitStatus{Files: make([]GitFile, 0, len(st))}
	for name, f := range st {
		out.Files = append(out.Files, GitFile{Path: strings.TrimPrefix(name, prefix), State: fileState(f)})
	}
	sort.Slice(out.Files, func(i, j int) bool { return out.Files[i].Path < out.Files[j].Path })
	return out, nil
}

// fileState says in one word what a GitFile is.
func fileState(f *git.FileStatus) string {
	switch {
	case f.Staging == git.Untracked:
		return "new"
	case f.Worktree == git.Deleted || f.Staging == git.Deleted:
		return "deleted"
	case f.Worktree != git.Unmodified:
		return "modified"
	}
	return "staged"
}
