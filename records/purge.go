package records

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// treePruner rebuilds trees without one folder. Only the trees on the way to
// the folder are rebuilt; every other object is shared with the original,
// so a file's content can never change.
type treePruner struct {
	s    storer.EncodedObjectStorer
	path []string                        // the folder, split at slashes
	memo map[plumbing.Hash]plumbing.Hash // root tree -> pruned root tree
}

func newTreePruner(s storer.EncodedObjectStorer, path string) *treePruner {
	return &treePruner{s: s, path: strings.Split(path, "/"), memo: map[plumbing.Hash]plumbing.Hash{}}
}

// prune returns the tree root without the folder, storing any new tree, and
// root itself when the folder is not in it.
func (t *treePruner) prune(root plumbing.Hash) (plumbing.Hash, error) {
	if h, ok := t.memo[root]; ok {
		return h, nil
	}
	h, _, err := t.pruneAt(root, 0)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	t.memo[root] = h
	return h, nil
}

// pruneAt removes t.path[depth:] from tree h. empty reports a tree left with
// nothing in it, which git does not keep.
func (t *treePruner) pruneAt(h plumbing.Hash, depth int) (out plumbing.Hash, empty bool, err error) {
	tree, err := object.GetTree(t.s, h)
	if err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("reading tree %s: %w", h, err)
	}
	name := t.path[depth]
	i := -1
	for j, e := range tree.Entries {
		if e.Name == name {
			i = j
			break
		}
	}
	if i < 0 {
		return h, false, nil
	}
	entries := append([]object.TreeEntry{}, tree.Entries...)
	e := entries[i]
	if depth == len(t.path)-1 {
		entries = append(entries[:i], entries[i+1:]...)
	} else {
		if !e.Mode.IsFile() && e.Mode&0o170000 == 0o040000 {
			sub, subEmpty, err := t.pruneAt(e.Hash, depth+1)
			if err != nil {
				return plumbing.ZeroHash, false, err
			}
			if sub == e.Hash {
				return h, false, nil
			}
			if subEmpty {
				entries = append(entries[:i], entries[i+1:]...)
			} else {
				entries[i].Hash = sub
			}
		} else {
			return h, false, nil // a file where the folder would be: not ours
		}
	}
	nt := &object.Tree{Entries: entries}
	obj := t.s.NewEncodedObject()
	if err := nt.Encode(obj); err != nil {
		return plumbing.ZeroHash, false, err
	}
	nh, err := t.s.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("storing a tree: %w", err)
	}
	return nh, len(entries) == 0, nil
}

// RefChange is one branch or tag moved by a history rewrite.
type RefChange struct {
	Name     plumbing.ReferenceName
	Old, New plumbing.Hash
}

// Purge is a history rewrite that leaves one folder out of every commit,
// planned but not yet applied.
type Purge struct {
	Path      string      // the folder, relative to the repository root
	Refs      []RefChange // branches and tags that move, sorted by name
	Rewritten int         // commits given a new hash
	Holding   int         // commits whose tree held the folder
	// Held is one of the original commits whose tree held the folder.
	Held plumbing.Hash
	// Stale are the references a purge does not move (remote-tracking
	// branches, the stash) that still lead to commits holding the folder.
	Stale []plumbing.ReferenceName

	repo  *Repo
	old   map[plumbing.ReferenceName]*plumbing.Reference
	order []plumbing.Hash                 // original commits, parents first
	done  map[plumbing.Hash]plumbing.Hash // original commit -> its rewrite
}

// PlanPurge rewrites, as new objects, every commit reachable from a branch
// or a tag so that none holds the folder path (slash-separated, relative to
// the repository root). Each new commit keeps its author, committer, dates,
// message and (rewritten) parents; a commit whose tree and parents are
// unchanged keeps its hash. Signatures are dropped from rewritten commits and
// tags, since they no longer match. Nothing visible changes until Apply: the
// new objects are unreachable until the references move.
func (r *Repo) PlanPurge(path string) (*Purge, error) {
	if path == "" || strings.HasPrefix(path, "/") || strings.Contains(path, "..") {
		return nil, fmt.Errorf("refusing to purge %q", path)
	}
	pl := &Purge{Path: path, repo: r, old: map[plumbing.ReferenceName]*plumbing.Reference{}}
	pr := newTreePruner(r.Storer, path)
	done := map[plumbing.Hash]plumbing.Hash{}
	pl.done = done

	var rewrite func(h plumbing.Hash) (plumbing.Hash, error)
	rewrite = func(h plumbing.Hash) (plumbing.Hash, error) {
		if n, ok := done[h]; ok {
			return n, nil
		}
		c, err := object.GetCommit(r.Storer, h)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("reading commit %s: %w", h, err)
		}
		// Parents first: a commit's new hash depends on theirs.
		parents := make([]plumbing.Hash, len(c.ParentHashes))
		same := true
		for i, p := range c.ParentHashes {
			if parents[i], err = rewrite(p); err != nil {
				return plumbing.ZeroHash, err
			}
			same = same && parents[i] == p
		}
		tree, err := pr.prune(c.TreeHash)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if tree != c.TreeHash {
			pl.Holding++
			pl.Held = h
		}
		pl.order = append(pl.order, h)
		if same && tree == c.TreeHash {
			done[h] = h
			return h, nil
		}
		nc := *c
		nc.TreeHash = tree
		nc.ParentHashes = parents
		nc.PGPSignature = ""
		obj := r.Storer.NewEncodedObject()
		if err := nc.Encode(obj); err != nil {
			return plumbing.ZeroHash, err
		}
		n, err := r.Storer.SetEncodedObject(obj)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("storing a commit: %w", err)
		}
		pl.Rewritten++
		done[h] = n
		return n, nil
	}

	refs, err := r.Storer.IterReferences()
	if err != nil {
		return nil, err
	}
	var all, others []*plumbing.Reference
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		n := ref.Name()
		switch {
		case ref.Type() != plumbing.HashReference:
		case n.IsBranch() || n.IsTag():
			all = append(all, ref)
		default:
			others = append(others, ref)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name() < all[j].Name() })
	for _, ref := range all {
		var nh plumbing.Hash
		obj, err := r.Storer.EncodedObject(plumbing.AnyObject, ref.Hash())
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", ref.Name().Short(), err)
		}
		switch obj.Type() {
		case plumbing.CommitObject:
			if nh, err = rewrite(ref.Hash()); err != nil {
				return nil, err
			}
		case plumbing.TagObject:
			if nh, err = r.retag(ref.Hash(), rewrite); err != nil {
				return nil, err
			}
		default:
			continue // a tag of a tree or a file: left as it is
		}
		if nh != ref.Hash() {
			pl.Refs = append(pl.Refs, RefChange{Name: ref.Name(), Old: ref.Hash(), New: nh})
			pl.old[ref.Name()] = ref
		}
	}

	// Other references (remote-tracking branches, the stash, notes) are not
	// the coach's to rewrite; find the ones that still lead to the folder so
	// the coach can be told. Their rewrites are not counted.
	counts, order, held := [2]int{pl.Rewritten, pl.Holding}, len(pl.order), pl.Held
	sort.Slice(others, func(i, j int) bool { return others[i].Name() < others[j].Name() })
	for _, ref := range others {
		if c, err := object.GetCommit(r.Storer, ref.Hash()); err == nil {
			if nh, err := rewrite(c.Hash); err == nil && nh != c.Hash {
				pl.Stale = append(pl.Stale, ref.Name())
			}
		}
	}
	pl.Rewritten, pl.Holding, pl.order, pl.Held = counts[0], counts[1], pl.order[:order], held
	return pl, nil
}

// retag rewrites an annotated tag whose commit was rewritten.
func (r *Repo) retag(h plumbing.Hash, rewrite func(plumbing.Hash) (plumbing.Hash, error)) (plumbing.Hash, error) {
	t, err := object.GetTag(r.Storer, h)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if t.TargetType != plumbing.CommitObject {
		return h, nil
	}
	target, err := rewrite(t.Target)
	if err != nil || target == t.Target {
		return h, err
	}
	nt := *t
	nt.Target = target
	nt.PGPSignature = ""
	obj := r.Storer.NewEncodedObject()
	if err := nt.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.Storer.SetEncodedObject(obj)
}

// Apply moves every branch and tag to its rewritten commit. A reference
// changed since planning stops it, and the ones already moved are put back,
// so the repository ends either fully rewritten or as it was.
func (pl *Purge) Apply() error {
	var moved []RefChange
	undo := func() {
		for _, m := range moved {
			_ = pl.repo.Storer.SetReference(pl.old[m.Name])
		}
	}
	for _, c := range pl.Refs {
		ref := plumbing.NewHashReference(c.Name, c.New)
		if err := pl.repo.Storer.CheckAndSetReference(ref, pl.old[c.Name]); err != nil {
			undo()
			return fmt.Errorf("moving %s: %w", c.Name.Short(), err)
		}
		moved = append(moved, c)
	}
	return nil
}

// Undo puts every reference back where it was before Apply.
func (pl *Purge) Undo() error {
	var errs []error
	for _, c := range pl.Refs {
		errs = append(errs, pl.repo.Storer.SetReference(pl.old[c.Name]))
	}
	return errors.Join(errs...)
}

// Ref returns the change to the named reference, if it moves.
func (pl *Purge) Ref(name plumbing.ReferenceName) (RefChange, bool) {
	for _, c := range pl.Refs {
		if c.Name == name {
			return c, true
		}
	}
	return RefChange{}, false
}

// Mentioning lists the commits, newest first, whose message contains any of
// words (case aside), as "hash subject" with the rewritten hash. A purge keeps
// messages as written, so the coach should know which ones name the client.
func (pl *Purge) Mentioning(words []string) []string {
	var out []string
	for i := len(pl.order) - 1; i >= 0; i-- {
		h := pl.order[i]
		c, err := object.GetCommit(pl.repo.Storer, h)
		if err != nil {
			continue
		}
		msg := strings.ToLower(c.Message)
		for _, w := range words {
			if w != "" && strings.Contains(msg, strings.ToLower(w)) {
				out = append(out, pl.done[h].String()[:7]+" "+firstLineOf(c.Message))
				break
			}
		}
	}
	return out
}

func firstLineOf(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
