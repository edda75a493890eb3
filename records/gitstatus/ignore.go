package gitstatus

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// readExcludes reads the patterns that apply everywhere, lowest priority
// first: core.excludesFile (by default $XDG_CONFIG_HOME/git/ignore), then
// info/exclude of the repository's common git folder, which a linked work
// tree shares with the main one. A missing or unreadable file adds nothing,
// as with git.
func (t *Tree) readExcludes(repo *git.Repository) []gitignore.Pattern {
	name := t.settings.excludesFile
	if name == "" {
		if xdg := xdgConfigHome(); xdg != "" {
			name = filepath.Join(xdg, "git", "ignore")
		}
	} else if rest, ok := strings.CutPrefix(name, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			name = filepath.Join(home, rest)
		}
	}
	var ps []gitignore.Pattern
	if data, err := os.ReadFile(name); err == nil && name != "" {
		ps = parseIgnore(data, nil)
	}
	// go-git's storage sends info/ to the common git folder of a linked work
	// tree; a path built from the work tree's .git would not.
	if s, ok := repo.Storer.(interface{ Filesystem() billy.Filesystem }); ok {
		if f, err := s.Filesystem().Open("info/exclude"); err == nil {
			data, err := io.ReadAll(f)
			f.Close()
			if err == nil {
				ps = append(ps, parseIgnore(data, nil)...)
			}
		}
	}
	return ps
}

// parseIgnore reads the patterns of one ignore file found in the folder
// domain, the way go-git's gitignore.ReadPatterns reads each it finds.
func parseIgnore(data []byte, domain []string) []gitignore.Pattern {
	var ps []gitignore.Pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if !strings.HasPrefix(line, "#") && strings.TrimSpace(line) != "" {
			ps = append(ps, gitignore.ParsePattern(line, domain))
		}
	}
	return ps
}

// readIgnoreIn adds the .gitignore of the folder dir (a path in the work
// tree, as parts) to ps, without changing ps itself.
func (t *Tree) readIgnoreIn(dir []string, ps []gitignore.Pattern) []gitignore.Pattern {
	data, err := os.ReadFile(filepath.Join(t.root, filepath.Join(dir...), ".gitignore"))
	if err != nil {
		return ps
	}
	return append(ps[:len(ps):len(ps)], parseIgnore(data, dir)...)
}

// untracked calls add for every file under prefix that git neither tracks
// nor ignores. It walks the folders once, reading each .gitignore on the way
// down as git does, and never enters an ignored folder: go-git's
// gitignore.ReadPatterns would walk the whole work tree a second time, and
// looks for info/exclude where a linked work tree does not keep it.
func (t *Tree) untracked(prefix string, add func(name string)) error {
	ps := t.readIgnoreIn(nil, t.excludes)
	var dir []string
	for _, part := range strings.Split(strings.TrimSuffix(prefix, "/"), "/") {
		if part == "" {
			continue
		}
		dir = append(dir[:len(dir):len(dir)], part)
		if gitignore.NewMatcher(ps).Match(dir, true) {
			return nil // the whole folder is ignored
		}
		ps = t.readIgnoreIn(dir, ps)
	}
	return t.walk(dir, ps, add)
}

func (t *Tree) walk(dir []string, ps []gitignore.Pattern, add func(string)) error {
	entries, err := os.ReadDir(filepath.Join(t.root, filepath.Join(dir...)))
	if err != nil {
		return nil // an unreadable folder is for check to report, not git
	}
	m := gitignore.NewMatcher(ps)
	for _, d := range entries {
		if d.Name() == ".git" {
			continue
		}
		path := append(dir[:len(dir):len(dir)], d.Name())
		name := strings.Join(path, "/")
		if !d.IsDir() {
			if t.tracked[name] == nil && !t.unmerged[name] && !m.Match(path, false) {
				add(name)
			}
			continue
		}
		if m.Match(path, true) {
			continue
		}
		if e := t.tracked[name]; e != nil && e.Mode == filemode.Submodule {
			continue
		}
		if _, err := os.Lstat(filepath.Join(t.root, filepath.FromSlash(name), ".git")); err == nil {
			add(name + "/") // a repository of its own, which git lists as one
			continue
		}
		if err := t.walk(path, t.readIgnoreIn(path, ps), add); err != nil {
			return err
		}
	}
	return nil
}

// exists reports whether there is a file (not a folder) at name.
func (t *Tree) exists(name string) (bool, error) {
	fi, err := os.Lstat(t.path(name))
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return false, nil
	}
	return err == nil && !fi.IsDir(), err
}
