package gitstatus

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Tree is one work tree as git saw it when Open read it: its index, the
// files of HEAD, the options that matter and the patterns that apply to every
// folder. It reads files on disk afresh at every question and is safe for
// concurrent use.
type Tree struct {
	root      string // the work tree
	settings  settings
	indexTime time.Time               // when the index was written, for racy entries
	tracked   map[string]*index.Entry // path -> stage 0 entry
	unmerged  map[string]bool         // paths with conflict stages
	head      map[string]headEntry    // path -> blob of HEAD
	excludes  []gitignore.Pattern     // core.excludesFile, then info/exclude
}

type headEntry struct {
	hash plumbing.Hash
	mode filemode.FileMode
}

// Open reads what Tree needs from the repository, which must have a work
// tree. A linked work tree (git worktree add) is fine when the repository was
// opened with EnableDotGitCommonDir.
func Open(repo *git.Repository) (*Tree, error) {
	wt, err := repo.Worktree()
	if err != nil {
		return nil, err
	}
	t := &Tree{root: wt.Filesystem.Root(), tracked: map[string]*index.Entry{}, unmerged: map[string]bool{}}
	if t.settings, err = readSettings(repo); err != nil {
		return nil, fmt.Errorf("reading git config: %w", err)
	}
	idx, err := repo.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("reading the git index: %w", err)
	}
	t.indexTime = idx.ModTime
	for _, e := range idx.Entries {
		if e.Stage == 0 { // go-git's index.Merged is 1, but merged entries read as 0
			t.tracked[e.Name] = e
		} else {
			t.unmerged[e.Name] = true
		}
	}
	if t.head, err = headFiles(repo); err != nil {
		return nil, fmt.Errorf("reading HEAD: %w", err)
	}
	t.excludes = t.readExcludes(repo)
	return t, nil
}

// defaultFileMode is core.fileMode when no configuration sets it: git for
// Windows writes false when it makes a repository, which go-git does not.
var defaultFileMode = runtime.GOOS != "windows"

// Prefix is dir as a path in the work tree: "" for the work tree itself,
// otherwise slash-separated with a final slash. Links are resolved on both
// sides first.
func (t *Tree) Prefix(dir string) (string, error) {
	root, err := filepath.EvalSymlinks(t.root)
	if err != nil {
		return "", err
	}
	abs, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the git work tree %s", dir, t.root)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel) + "/", nil
}

// headFiles maps each file of HEAD to its blob, reading tree objects only.
func headFiles(repo *git.Repository) (map[string]headEntry, error) {
	files := map[string]headEntry{}
	ref, err := repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return files, nil // no commit yet
	}
	if err != nil {
		return nil, err
	}
	commit, err := repo.CommitObject(ref.Hash())
	if err != nil {
		return nil, err
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, err
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
		if e.Mode != filemode.Dir {
			files[name] = headEntry{e.Hash, e.Mode}
		}
	}
}

// Status lists every file under the folder prefix (as Prefix gives it; ""
// for the whole work tree) that git status would show, keyed by its path in
// the work tree, in go-git's terms: Staging compares HEAD with the index,
// Worktree the index with the files on disk; a file git neither tracks nor
// ignores is Untracked in both. An untracked folder holding a repository of
// its own is listed once, with a final slash, as git does.
func (t *Tree) Status(prefix string) (git.Status, error) {
	st := git.Status{}
	file := func(name string) *git.FileStatus {
		f := st[name]
		if f == nil {
			f = &git.FileStatus{Staging: git.Unmodified, Worktree: git.Unmodified}
			st[name] = f
		}
		return f
	}
	for name := range t.unmerged {
		if strings.HasPrefix(name, prefix) {
			f := file(name)
			f.Staging, f.Worktree = git.UpdatedButUnmerged, git.UpdatedButUnmerged
		}
	}
	for name, e := range t.tracked {
		if !strings.HasPrefix(name, prefix) || t.unmerged[name] {
			continue
		}
		switch h, ok := t.head[name]; {
		case !ok:
			file(name).Staging = git.Added
		case h.hash != e.Hash || h.mode != e.Mode:
			file(name).Staging = git.Modified
		}
		w, _, err := t.compare(e, t.path(name))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		switch w {
		case differs:
			file(name).Worktree = git.Modified
		case gone:
			file(name).Worktree = git.Deleted
		}
	}
	for name := range t.head {
		if strings.HasPrefix(name, prefix) && t.tracked[name] == nil && !t.unmerged[name] {
			file(name).Staging = git.Deleted
		}
	}
	err := t.untracked(prefix, func(name string) {
		f := file(name)
		if f.Staging == git.Unmodified {
			f.Staging = git.Untracked
		}
		f.Worktree = git.Untracked
	})
	return st, err
}

// DiffersFromHead reports whether the file (its path in the work tree)
// differs from its version in HEAD, staged or not: a file HEAD does not have
// differs when it exists, and a file HEAD has differs when it is gone.
func (t *Tree) DiffersFromHead(name string) (bool, error) {
	h, inHead := t.head[name]
	e := t.tracked[name]
	if e == nil {
		// never added, or removed from the index (git rm --cached)
		exists, err := t.exists(name)
		return exists || inHead, err
	}
	w, fi, err := t.compare(e, t.path(name))
	switch {
	case err != nil:
		return false, fmt.Errorf("%s: %w", name, err)
	case w == gone:
		return inHead, nil
	case !inHead:
		return true, nil
	case w == same:
		return h.hash != e.Hash || h.mode != e.Mode, nil
	case fi == nil || t.modeChanged(h.mode, fi):
		return true, nil
	}
	ok, err := t.matches(t.path(name), fi, h.hash)
	return !ok, err
}

// Holds reports whether the file (its path in the work tree) is a regular
// file whose content is the blob want, as git would read it (core.autocrlf
// included). It always reads the content: a caller about to replace the
// file cannot trust its times. A missing file is fs.ErrNotExist.
func (t *Tree) Holds(name string, want plumbing.Hash) (fs.FileInfo, bool, error) {
	full := t.path(name)
	fi, err := os.Lstat(full)
	if err != nil {
		return nil, false, err
	}
	if !fi.Mode().IsRegular() {
		return fi, false, nil
	}
	ok, err := t.matches(full, fi, want)
	return fi, ok, err
}

func (t *Tree) path(name string) string {
	return filepath.Join(t.root, filepath.FromSlash(name))
}
