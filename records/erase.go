package records

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// PublicDir is the folder of rendered handouts, one folder per client.
const PublicDir = "public"

// ErrNoClient is returned by PlanErase when there is nothing of the client
// to erase.
var ErrNoClient = errors.New("no such client")

// ErrDirty is returned by PlanErase when a history rewrite would meet
// uncommitted changes.
var ErrDirty = errors.New("the practice has uncommitted changes")

// Erasure is the removal of one client's records from the practice: their
// folder, their rendered handouts and, in git, a commit of the removal or,
// with Purge, a rewrite of history that leaves them out of every commit.
// PlanErase checks everything and prepares the git objects; Apply changes the
// practice, all of it or, when a step fails, none of it.
type Erasure struct {
	ID     string
	Purge  bool
	Folder string // clients/<id>, relative to the practice; "" when it is already gone
	Files  int    // files in the folder
	Public string // public/<id> when there are rendered handouts, else ""
	// Leftovers are the folders an earlier, interrupted erase of the client
	// left (see ErasingLeftovers); this erase deletes them too.
	Leftovers     []string
	LeftoverFiles int // files in them
	// InGit says the folder is in the last commit, so erasing it commits.
	InGit  bool
	NoRepo bool // the practice is not in git: there is no history to speak of
	Branch plumbing.ReferenceName
	Head   plumbing.Hash // the branch's commit before, and after Apply
	Commit plumbing.Hash // the erase commit, when there is one
	// History is the rewrite, with Purge.
	History *Purge
	// Mentions are the commits whose message names the client, with Purge:
	// a purge keeps messages as they were written.
	Mentions []string
	// Done says the erasure stands, even if Apply then reports folders it
	// could not delete.
	Done bool
	// BeforeStep, when set, is called with each step's name before Apply
	// takes it; an error stops Apply there. Tests use it to stop an erase at
	// a step, as a power cut would.
	BeforeStep func(step string) error

	p      *Practice
	repo   *Repo
	rel    string // the folder relative to the repository root
	failAt string // for tests: the step that fails
}

// PlanErase checks that the client's records can be erased and prepares the
// erase commit (or, with purge, the rewritten history) as unreachable git
// objects. It changes nothing in the practice. author signs the erase commit.
func PlanErase(p *Practice, id string, purge bool, author object.Signature) (*Erasure, error) {
	if err := ValidID(id); err != nil {
		return nil, err
	}
	e := &Erasure{ID: id, Purge: purge, p: p}
	folder := path.Join(ClientsDir, id)
	fi, err := os.Lstat(p.Path(folder))
	switch {
	case err == nil && fi.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("%s is a link, not the client's folder; remove the link by hand", folder)
	case err == nil && !fi.IsDir():
		return nil, fmt.Errorf("%s is not a folder", folder)
	case err == nil:
		e.Folder = folder
		if e.Files, err = removable(p.Path(folder)); err != nil {
			return nil, err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	if e.Leftovers, e.LeftoverFiles, err = leftoversOf(p, id); err != nil {
		return nil, err
	}
	pub := path.Join(PublicDir, id)
	if fi, err := os.Lstat(p.Path(pub)); err == nil {
		e.Public = pub
		if fi.IsDir() {
			if _, err := removable(p.Path(pub)); err != nil {
				return nil, err
			}
		}
	}

	repo, err := OpenRepo(p.Root)
	if errors.Is(err, ErrNoRepo) {
		if purge {
			return nil, errors.New("the practice is not in git, so there is no history to purge")
		}
		if e.Folder == "" && len(e.Leftovers) == 0 {
			return nil, fmt.Errorf("%w %q in this practice", ErrNoClient, id)
		}
		e.NoRepo = true
		return e, nil
	}
	if err != nil {
		return nil, fmt.Errorf("opening the git repository: %w", err)
	}
	e.repo = repo
	if e.Branch, e.Head, err = repo.Branch(); err != nil {
		return nil, err
	}
	if e.rel, err = repo.RepoPath(p.Path(folder)); err != nil {
		return nil, err
	}

	if purge {
		all, err := repo.Changes()
		if err != nil {
			return nil, err
		}
		// Changes to the client's own records go with them; an erase
		// interrupted after moving the folder aside shows them all deleted.
		var changes []string
		for _, c := range all {
			if !strings.HasPrefix(c, e.rel+"/") {
				changes = append(changes, c)
			}
		}
		if len(changes) > 0 {
			return nil, fmt.Errorf("%w: %s", ErrDirty, strings.Join(changes, ", "))
		}
		if e.History, err = repo.PlanPurge(e.rel); err != nil {
			return nil, err
		}
		e.Mentions = e.History.Mentioning(e.names())
		if e.Folder == "" && len(e.Leftovers) == 0 && e.History.Holding == 0 {
			return nil, fmt.Errorf("%w %q in this practice or in its git history", ErrNoClient, id)
		}
		if head, err := repo.Storer.Reference(plumbing.HEAD); err == nil && head.Target() == e.Branch {
			if c, ok := e.History.Ref(e.Branch); ok {
				e.InGit = c.New != c.Old
			}
		}
		return e, nil
	}

	if e.Folder == "" && len(e.Leftovers) == 0 {
		return nil, fmt.Errorf("%w %q in this practice", ErrNoClient, id)
	}
	if e.Head.IsZero() {
		return e, nil // no commit yet, so nothing of the client is in git
	}
	head, err := object.GetCommit(repo.Storer, e.Head)
	if err != nil {
		return nil, fmt.Errorf("reading the last commit: %w", err)
	}
	tree, err := newTreePruner(repo.Storer, e.rel).prune(head.TreeHash)
	if err != nil {
		return nil, err
	}
	if tree == head.TreeHash {
		return e, nil // never committed: nothing to commit away
	}
	e.InGit = true
	c := &object.Commit{
		Author:       author,
		Committer:    author,
		Message:      "Erase one client's records\n",
		TreeHash:     tree,
		ParentHashes: []plumbing.Hash{e.Head},
	}
	obj := repo.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return nil, err
	}
	if e.Commit, err = repo.Storer.SetEncodedObject(obj); err != nil {
		return nil, fmt.Errorf("storing the erase commit: %w", err)
	}
	return e, nil
}

// names are the words a commit message would name the client by: the id,
// and the client's name from their agreement (in the folder, or in the last
// commit that held it), whole and word by word.
func (e *Erasure) names() []string {
	words := []string{e.ID}
	var full []string
	if e.Folder != "" {
		if c, err := e.p.LoadClient(e.ID, LoadOptions{}); err == nil {
			for _, a := range c.Agreements {
				full = append(full, a.ClientName)
			}
		}
	} else if h := e.History; h != nil && !h.Held.IsZero() {
		full = e.namesInCommit(h.Held)
	}
	for _, n := range full {
		words = append(words, n)
		for _, part := range strings.Fields(n) {
			if utf8.RuneCountInString(part) >= 3 {
				words = append(words, part)
			}
		}
	}
	return words
}

// namesInCommit reads the client names from the agreements in the client's
// folder as commit h held it.
func (e *Erasure) namesInCommit(h plumbing.Hash) []string {
	c, err := object.GetCommit(e.repo.Storer, h)
	if err != nil {
		return nil
	}
	root, err := c.Tree()
	if err != nil {
		return nil
	}
	dir, err := root.Tree(e.rel)
	if err != nil {
		return nil
	}
	var names []string
	_ = dir.Files().ForEach(func(f *object.File) error {
		if !strings.HasSuffix(f.Name, ".md") || f.Size > MaxRecordSize {
			return nil
		}
		data, err := f.Contents()
		if err != nil {
			return nil
		}
		if a, ok := firstOf(Parse(f.Name, e.ID, []byte(data), false)).(*Agreement); ok && a.ClientName != "" {
			names = append(names, a.ClientName)
		}
		return nil
	})
	return names
}

func firstOf(v any, _ []Problem) any { return v }

// removable counts the files under dir and checks that each folder in it can
// have its entries deleted, so that removal cannot stop halfway.
func removable(dir string) (int, error) {
	files := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files++
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o200 == 0 {
			return fmt.Errorf("%s is read-only, so its files cannot be deleted", p)
		}
		return nil
	})
	return files, err
}

// Apply erases the records: it moves the folders aside, updates the git
// index and branch, and only then deletes the folders. When a step fails
// the ones before it are undone and the practice is as it was.
func (e *Erasure) Apply() (err error) {
	// Whatever happens, the cache keeps nothing of the client: it would be
	// made again from the records if they stay.
	defer e.p.Cache.Forget(e.ID)
	var undo []func() error
	defer func() {
		if err == nil {
			return
		}
		for i := len(undo) - 1; i >= 0; i-- {
			if uerr := undo[i](); uerr != nil {
				err = fmt.Errorf("%w; putting things back also failed: %v", err, uerr)
			}
		}
	}()
	var aside []string
	moveAside := func(rel string) error {
		if rel == "" {
			return nil
		}
		from := e.p.Path(rel)
		to := filepath.Join(filepath.Dir(from), erasingName(e.ID, time.Now()))
		if err := e.step("move " + rel); err != nil {
			return err
		}
		if err := os.Rename(from, to); err != nil {
			return fmt.Errorf("moving %s aside: %w", rel, err)
		}
		aside = append(aside, to)
		undo = append(undo, func() error { return os.Rename(to, from) })
		return nil
	}
	if err := moveAside(e.Folder); err != nil {
		return err
	}
	if err := moveAside(e.Public); err != nil {
		return err
	}

	if e.repo != nil {
		restore, err := e.dropFromIndex()
		if err != nil {
			return err
		}
		undo = append(undo, restore)
		if err := e.step("move the branch"); err != nil {
			return err
		}
		switch {
		case e.History != nil:
			if err := e.History.Apply(); err != nil {
				return err
			}
			undo = append(undo, e.History.Undo)
			if c, ok := e.History.Ref(e.Branch); ok {
				e.Head = c.New
			}
		case !e.Commit.IsZero():
			old := plumbing.NewHashReference(e.Branch, e.Head)
			if err := e.repo.Storer.CheckAndSetReference(plumbing.NewHashReference(e.Branch, e.Commit), old); err != nil {
				return fmt.Errorf("committing the erasure on %s: %w", e.Branch.Short(), err)
			}
			undo = append(undo, func() error { return e.repo.Storer.SetReference(old) })
			e.Head = e.Commit
		}
	}

	if err := e.step("delete"); err != nil {
		return err
	}
	undo = nil // from here the erasure stands; what is left is only leftovers
	e.Done = true
	for _, l := range e.Leftovers {
		aside = append(aside, e.p.Path(l))
	}
	var errs []error
	for _, dir := range aside {
		if err := os.RemoveAll(dir); err != nil {
			errs = append(errs, fmt.Errorf("the records are erased from git, but %s could not be deleted: %w; delete it by hand", dir, err))
		}
	}
	return errors.Join(errs...)
}

// dropFromIndex removes the client's files from git's index (the staging
// area) and returns how to put them back.
func (e *Erasure) dropFromIndex() (func() error, error) {
	noop := func() error { return nil }
	if err := e.step("update the index"); err != nil {
		return noop, err
	}
	idx, err := e.repo.Storer.Index()
	if err != nil {
		return noop, fmt.Errorf("reading the git index: %w", err)
	}
	prefix := e.rel + "/"
	var kept []*index.Entry
	for _, en := range idx.Entries {
		if !strings.HasPrefix(en.Name, prefix) {
			kept = append(kept, en)
		}
	}
	if len(kept) == len(idx.Entries) {
		return noop, nil
	}
	old := *idx
	idx.Entries = kept
	// The cached trees describe the old entries; git rebuilds them.
	idx.Cache = nil
	if err := e.repo.writeIndex(idx); err != nil {
		return noop, fmt.Errorf("writing the git index: %w", err)
	}
	return func() error { return e.repo.writeIndex(&old) }, nil
}

func (e *Erasure) step(name string) error {
	if e.BeforeStep != nil {
		if err := e.BeforeStep(name); err != nil {
			return err
		}
	}
	if e.failAt == name {
		return fmt.Errorf("%s: failed on purpose", name)
	}
	return nil
}
