package records

import (
	"errors"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
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
func Status(root string) (*GitStatus, error) {
	// EnableDotGitCommonDir lets a linked work tree (git worktree add) find
	// its branches in the main repository.
	repo, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, ErrNoRepo
	}
	if err != nil {
		return nil, err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, err
	}
	st, err := wt.Status()
	if err != nil {
		return nil, err
	}
	absRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, err
	}
	repoRoot, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return nil, err
	}
	prefix, err := filepath.Rel(repoRoot, absRoot)
	if err != nil || strings.HasPrefix(prefix, "..") {
		return nil, errors.New("the practice is outside its git work tree")
	}
	prefix = filepath.ToSlash(prefix)
	if prefix == "." {
		prefix = ""
	} else {
		prefix += "/"
	}
	out := &GitStatus{}
	for p, fs := range st {
		if !strings.HasPrefix(p, prefix) {
			continue
		}
		state := ""
		switch {
		case fs.Worktree == git.Untracked:
			state = "new"
		case fs.Worktree == git.Deleted:
			state = "deleted"
		case fs.Worktree != git.Unmodified:
			state = "modified"
		case fs.Staging != git.Unmodified:
			state = "staged"
		default:
			continue
		}
		out.Files = append(out.Files, GitFile{Path: strings.TrimPrefix(p, prefix), State: state})
	}
	sort.Slice(out.Files, func(i, j int) bool { return out.Files[i].Path < out.Files[j].Path })
	return out, nil
}
