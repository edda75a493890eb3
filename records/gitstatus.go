package records

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
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
//
// go-git's Worktree.Status reads and hashes every file, which takes seconds
// on a practice of thousands of records. Status does what git itself does:
// a file whose size and modification time match the index is unchanged, and
// only the others are read and hashed. Untracked files are found by walking
// the practice alone, honouring .gitignore.
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
	s := &statusWalk{repo: repo, repoRoot: repoRoot, root: absRoot, prefix: prefix}
	if err := s.run(); err != nil {
		return nil, fmt.Errorf("reading git status: %w", err)
	}
	sort.Slice(s.out.Files, func(i, j int) bool { return s.out.Files[i].Path < s.out.Files[j].Path })
	return &s.out, nil
}

type statusWalk struct {
	repo     *git.Repository
	repoRoot string // the work tree
	root     string // the practice
	prefix   string // the practice's path in the work tree, with a final slash
	out      GitStatus
}

func (s *statusWalk) add(name, state string) {
	s.out.Files = append(s.out.Files, GitFile{Path: strings.TrimPrefix(name, s.prefix), State: state})
}

func (s *statusWalk) run() error {
	head, err := s.headFiles()
	if err != nil {
		return err
	}
	idx, err := s.repo.Storer.Index()
	if err != nil {
		return err
	}
	tracked := make(map[string]bool, len(idx.Entries))
	for _, e := range idx.Entries {
		if !strings.HasPrefix(e.Name, s.prefix) {
			continue
		}
		tracked[e.Name] = true
		changed, err := s.worktreeChanged(e)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			s.add(e.Name, "deleted")
		case err != nil:
			return err
		case changed:
			s.add(e.Name, "modified")
		case head[e.Name] != e.Hash:
			s.add(e.Name, "staged")
		}
	}
	for name := range head {
		if !tracked[name] {
			s.add(name, "deleted") // removed from the index, not yet committed
		}
	}
	return s.untracked(tracked)
}

// headFiles maps each file of the last commit inside the practice to its
// blob, without reading the blobs themselves.
func (s *statusWalk) headFiles() (map[string]plumbing.Hash, error) {
	files := map[string]plumbing.Hash{}
	ref, err := s.repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return files, nil // no commit yet
	}
	if err != nil {
		return nil, err
	}
	commit, err := s.repo.CommitObject(ref.Hash())
	if err != nil {
		return nil, err
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, err
	}
	if s.prefix != "" {
		tree, err = tree.Tree(strings.TrimSuffix(s.prefix, "/"))
		if errors.Is(err, object.ErrDirectoryNotFound) {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
	}
	w := object.NewTreeWalker(tree, true, nil)
	defer w.Close()
	for {
		name, e, err := w.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if e.Mode != filemode.Dir && e.Mode != filemode.Submodule {
			files[s.prefix+name] = e.Hash
		}
	}
}

// worktreeChanged compares a file with its index entry: by size and time
// first, by content only when those differ.
func (s *statusWalk) worktreeChanged(e *index.Entry) (bool, error) {
	full := filepath.Join(s.repoRoot, filepath.FromSlash(e.Name))
	fi, err := os.Lstat(full)
	if err != nil {
		return false, err
	}
	if fi.Size() == int64(e.Size) && fi.ModTime().Equal(e.ModifiedAt) {
		return false, nil
	}
	var data []byte
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := os.Readlink(full)
		if err != nil {
			return false, err
		}
		data = []byte(filepath.ToSlash(target))
	} else if fi.Mode().IsRegular() {
		if data, err = os.ReadFile(full); err != nil {
			return false, err
		}
	} else {
		return true, nil
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data) != e.Hash, nil
}

// untracked walks the practice for files git does not know and does not ignore.
func (s *statusWalk) untracked(tracked map[string]bool) error {
	patterns, err := gitignore.ReadPatterns(osfs.New(s.repoRoot), nil)
	if err != nil {
		return err
	}
	if data, err := os.ReadFile(filepath.Join(s.repoRoot, ".git", "info", "exclude")); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				patterns = append(patterns, gitignore.ParsePattern(l, nil))
			}
		}
	}
	m := gitignore.NewMatcher(patterns)
	return filepath.WalkDir(s.root, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable folders are check's to report, not git's
		}
		rel, err := filepath.Rel(s.repoRoot, full)
		if err != nil || rel == "." {
			return nil
		}
		name := filepath.ToSlash(rel)
		parts := strings.Split(name, "/")
		if d.IsDir() {
			if d.Name() == ".git" || m.Match(parts, true) {
				return filepath.SkipDir
			}
			return nil
		}
		if !tracked[name] && !m.Match(parts, false) {
			s.add(name, "new")
		}
		return nil
	})
}
