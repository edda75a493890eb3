package records

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/utils/merkletrie"
)

// ErrNoCommits is returned by ClientHistory when the repository has no
// commit yet.
var ErrNoCommits = errors.New("the practice's git repository has no commits yet")

// RecordChange is one file a commit added, changed or removed.
type RecordChange struct {
	Path   string // slash-separated, relative to the practice root
	Action string // added | changed | removed
}

// HistoryEntry is one commit that touched a client's records.
type HistoryEntry struct {
	Hash    string
	When    time.Time // the author's date, in the author's own time zone
	Author  string
	Email   string
	Message string
	Changes []RecordChange
}

// Subject is the first line of the commit message.
func (h HistoryEntry) Subject() string {
	s, _, _ := strings.Cut(strings.TrimSpace(h.Message), "\n")
	return s
}

// ClientHistory lists the commits that touched clients/<id>/, newest first,
// each with the files it changed there. The practice may be a folder inside
// the repository.
func (r *Repo) ClientHistory(p *Practice, id string) ([]HistoryEntry, error) {
	if err := ValidID(id); err != nil {
		return nil, err
	}
	base, err := r.practicePrefix(p)
	if err != nil {
		return nil, err
	}
	folder := path.Join(base, ClientsDir, id)
	head, err := r.Head()
	if err != nil {
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			return nil, ErrNoCommits
		}
		return nil, err
	}
	iter, err := r.Log(&git.LogOptions{From: head.Hash(), Order: git.LogOrderCommitterTime})
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var out []HistoryEntry
	err = iter.ForEach(func(c *object.Commit) error {
		changes, err := folderChanges(c, folder)
		if err != nil {
			return fmt.Errorf("reading commit %s: %w", c.Hash.String()[:7], err)
		}
		if len(changes) == 0 {
			return nil
		}
		for i := range changes {
			changes[i].Path = strings.TrimPrefix(strings.TrimPrefix(changes[i].Path, base), "/")
		}
		out = append(out, HistoryEntry{
			Hash:    c.Hash.String(),
			When:    c.Author.When,
			Author:  c.Author.Name,
			Email:   c.Author.Email,
			Message: c.Message,
			Changes: changes,
		})
		return nil
	})
	if err != nil && !errors.Is(err, storer.ErrStop) {
		return nil, err
	}
	return out, nil
}

// practicePrefix is the practice root's slash path inside the work tree, ""
// when the practice is the whole repository.
func (r *Repo) practicePrefix(p *Practice) (string, error) {
	root, err := filepath.EvalSymlinks(r.Root)
	if err != nil {
		return "", err
	}
	prac, err := filepath.EvalSymlinks(p.Root)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, prac)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("the practice at %s is outside the git work tree at %s", p.Root, r.Root)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

// folderChanges lists the files under folder that commit c changed against
// its first parent. Comparing the folder's tree hashes first keeps this
// cheap for the many commits that leave the folder alone.
func folderChanges(c *object.Commit, folder string) ([]RecordChange, error) {
	tree, err := subtree(c, folder)
	if err != nil {
		return nil, err
	}
	var parentTree *object.Tree
	if c.NumParents() > 0 {
		parent, err := c.Parent(0)
		if err != nil {
			return nil, err
		}
		if parentTree, err = subtree(parent, folder); err != nil {
			return nil, err
		}
	}
	if tree == nil && parentTree == nil {
		return nil, nil
	}
	if tree != nil && parentTree != nil && tree.Hash == parentTree.Hash {
		return nil, nil
	}
	diff, err := object.DiffTree(parentTree, tree)
	if err != nil {
		return nil, err
	}
	var out []RecordChange
	for _, ch := range diff {
		action, err := ch.Action()
		if err != nil {
			return nil, err
		}
		name, verb := ch.To.Name, "changed"
		switch action {
		case merkletrie.Insert:
			verb = "added"
		case merkletrie.Delete:
			name, verb = ch.From.Name, "removed"
		}
		out = append(out, RecordChange{Path: path.Join(folder, name), Action: verb})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// subtree is the tree at folder in commit c, or nil when c has no such folder.
func subtree(c *object.Commit, folder string) (*object.Tree, error) {
	t, err := c.Tree()
	if err != nil {
		return nil, err
	}
	st, err := t.Tree(folder)
	if errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, nil
	}
	return st, err
}
