package records

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// secret is planted in every version of alice's records; nothing reachable
// after a purge may hold it.
const secret = "ALICE-PRIVATE-7731"

// history builds a practice whose git history has alice's records in several
// commits, a side branch merged back, an annotated and a lightweight tag, and
// commits by two people in two time zones.
func history(t *testing.T) (*Practice, *Repo) {
	t.Helper()
	dir := t.TempDir()
	repo, err := InitRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	day := 0
	commit := func(msg string, files map[string]string, parents ...plumbing.Hash) plumbing.Hash {
		t.Helper()
		for name, content := range files {
			full := filepath.Join(dir, filepath.FromSlash(name))
			if content == "" {
				if _, err := wt.Remove(name); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := wt.Add(name); err != nil {
				t.Fatal(err)
			}
		}
		day++
		author := &object.Signature{Name: "Jo Bloggs", Email: "jo@example.org", When: time.Date(2026, 1, day, 10, 0, 0, 0, time.FixedZone("", 3600))}
		committer := &object.Signature{Name: "Sam Other", Email: "sam@example.org", When: time.Date(2026, 1, day, 12, 30, 0, 0, time.FixedZone("", -5*3600))}
		h, err := wt.Commit(msg, &git.CommitOptions{Author: author, Committer: committer, Parents: parents, AllowEmptyCommits: true})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	c1 := commit("Start the practice\n", map[string]string{"practice.yaml": "name: Test\ncoach: {name: Jo Bloggs}\n", "clients/.gitkeep": "x"})
	commit("Contract two clients\n\nalice and bob.\n", map[string]string{
		"clients/alice/agreement.md": "---\nkind: agreement\n---\n" + secret + "\n",
		"clients/bob/agreement.md":   "---\nkind: agreement\n---\nbob v1\n",
	})
	c3 := commit("Sessions\n", map[string]string{
		"clients/alice/sessions/s1.md": "---\nkind: session\n---\n" + secret + " s1\n",
		"clients/bob/agreement.md":     "---\nkind: agreement\n---\nbob v2\n",
	})
	if _, err := repo.CreateTag("v1", c3, &git.CreateTagOptions{Tagger: &object.Signature{Name: "Jo", Email: "jo@example.org", When: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}, Message: "first quarter\n"}); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.CreateTag("start", c1, nil); err != nil {
		t.Fatal(err)
	}
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("side"), Create: true}); err != nil {
		t.Fatal(err)
	}
	side := commit("Notes on the side\n", map[string]string{"notes.txt": "side notes\n", "clients/alice/sessions/s2.md": "---\nkind: session\n---\n" + secret + " s2\n"})
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("main")}); err != nil {
		t.Fatal(err)
	}
	c4 := commit("Bob again\n", map[string]string{"clients/bob/agreement.md": "---\nkind: agreement\n---\nbob v3\n"})
	commit("Merge side\n", map[string]string{"notes.txt": "side notes\n", "clients/alice/sessions/s2.md": "---\nkind: session\n---\n" + secret + " s2\n"}, c4, side)
	commit("Edit practice\n", map[string]string{"practice.yaml": "name: Test\ncoach: {name: Jo Bloggs}\n# edited\n"})

	p, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p, repo
}

// snapshot is every file of every commit reachable from the branches and
// tags, by commit, as "path mode blob" lines, with each commit's metadata.
type snapshot struct {
	meta  map[plumbing.Hash]string
	files map[plumbing.Hash][]string
	order []plumbing.Hash // each ref's commit, then its ancestors, depth first
	blobs map[plumbing.Hash]bool
}

func takeSnapshot(t *testing.T, r *Repo) snapshot {
	t.Helper()
	s := snapshot{meta: map[plumbing.Hash]string{}, files: map[plumbing.Hash][]string{}, blobs: map[plumbing.Hash]bool{}}
	var visit func(h plumbing.Hash)
	visit = func(h plumbing.Hash) {
		if _, ok := s.meta[h]; ok {
			return
		}
		c, err := object.GetCommit(r.Storer, h)
		if err != nil {
			t.Fatal(err)
		}
		s.meta[h] = fmt.Sprintf("%s|%s|%s|%s|%d parents", c.Author.String()+c.Author.When.Format(time.RFC3339), c.Committer.String()+c.Committer.When.Format(time.RFC3339), c.Message, c.Encoding, len(c.ParentHashes))
		s.order = append(s.order, h)
		tree, err := c.Tree()
		if err != nil {
			t.Fatal(err)
		}
		w := object.NewTreeWalker(tree, true, nil)
		for {
			name, e, err := w.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.Mode.IsFile() {
				s.files[h] = append(s.files[h], fmt.Sprintf("%s %o %s", name, e.Mode, e.Hash))
				s.blobs[e.Hash] = true
			}
		}
		sort.Strings(s.files[h])
		for _, p := range c.ParentHashes {
			visit(p)
		}
	}
	for _, h := range refTips(t, r) {
		visit(h)
	}
	return s
}

// refTips lists the commit of every branch and tag, by name.
func refTips(t *testing.T, r *Repo) []plumbing.Hash {
	t.Helper()
	refs, err := r.Storer.IterReferences()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]plumbing.Hash{}
	refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() != plumbing.HashReference || !(ref.Name().IsBranch() || ref.Name().IsTag()) {
			return nil
		}
		h := ref.Hash()
		if tag, err := object.GetTag(r.Storer, h); err == nil {
			h = tag.Target
		}
		names[ref.Name().String()] = h
		return nil
	})
	var keys []string
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []plumbing.Hash
	for _, k := range keys {
		out = append(out, names[k])
	}
	return out
}

func TestPurgeRewritesHistoryWithoutTheFolder(t *testing.T) {
	_, repo := history(t)
	before := takeSnapshot(t, repo)
	headBefore, _ := repo.Head()

	pl, err := repo.PlanPurge("clients/alice")
	if err != nil {
		t.Fatal(err)
	}
	// Planning moves nothing.
	if h, _ := repo.Head(); h.Hash() != headBefore.Hash() {
		t.Fatal("planning moved HEAD")
	}
	if pl.Holding == 0 || pl.Rewritten == 0 {
		t.Fatalf("holding %d, rewritten %d", pl.Holding, pl.Rewritten)
	}
	if err := pl.Apply(); err != nil {
		t.Fatal(err)
	}
	after := takeSnapshot(t, repo)

	// Nothing reachable holds alice's folder or her data.
	for h, files := range after.files {
		for _, f := range files {
			if strings.HasPrefix(f, "clients/alice/") {
				t.Errorf("commit %s still holds %s", h, f)
			}
		}
	}
	for b := range after.blobs {
		blob, err := repo.BlobObject(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, _ := blob.Reader()
		data, _ := io.ReadAll(rd)
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("blob %s reachable after the purge holds the client's data", b)
		}
	}

	// The same shape of history, commit for commit, with the same metadata
	// and every other file byte for byte.
	if len(after.order) != len(before.order) {
		t.Fatalf("%d commits after, %d before", len(after.order), len(before.order))
	}
	kept := 0
	for i, oh := range before.order {
		nh := after.order[i]
		if before.meta[oh] != after.meta[nh] {
			t.Errorf("commit %d: metadata\n%s\nbecame\n%s", i, before.meta[oh], after.meta[nh])
		}
		var want []string
		for _, f := range before.files[oh] {
			if !strings.HasPrefix(f, "clients/alice/") {
				want = append(want, f)
			}
		}
		if got := after.files[nh]; strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("commit %d: files\n%s\nwant\n%s", i, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if oh == nh {
			kept++
		}
	}
	// Only the first commit, and the tag on it, predate alice.
	if kept != 1 {
		t.Errorf("%d commits kept their hash, want 1 (the first)", kept)
	}
	if len(pl.Refs) != 3 { // main, side, v1; the tag start is on the first commit
		t.Errorf("refs moved: %v", pl.Refs)
	}
	if m := pl.Mentioning([]string{"ALICE", "nobody"}); len(m) != 1 || !strings.Contains(m[0], "Contract two clients") {
		t.Errorf("messages naming alice: %v", m)
	}
	tag, err := repo.Tag("v1")
	if err != nil {
		t.Fatal(err)
	}
	to, err := repo.TagObject(tag.Hash())
	if err != nil {
		t.Fatalf("v1 is no longer an annotated tag: %v", err)
	}
	if to.Message != "first quarter\n" || to.Tagger.Name != "Jo" {
		t.Errorf("tag v1 lost its message or tagger: %+v", to)
	}

	// Purging again finds nothing to do.
	again, err := repo.PlanPurge("clients/alice")
	if err != nil {
		t.Fatal(err)
	}
	if again.Holding != 0 || len(again.Refs) != 0 {
		t.Errorf("second purge: holding %d, refs %v", again.Holding, again.Refs)
	}
}

func TestPurgeApplyPutsRefsBackWhenOneHasMoved(t *testing.T) {
	_, repo := history(t)
	pl, err := repo.PlanPurge("clients/alice")
	if err != nil {
		t.Fatal(err)
	}
	// Another process moves side after planning: the purge must not half-apply.
	sideRef, _ := repo.Reference(plumbing.NewBranchReferenceName("side"), false)
	mainRef, _ := repo.Reference(plumbing.NewBranchReferenceName("main"), false)
	moved := plumbing.NewHashReference(sideRef.Name(), mainRef.Hash())
	if err := repo.Storer.SetReference(moved); err != nil {
		t.Fatal(err)
	}
	if err := pl.Apply(); err == nil {
		t.Fatal("apply succeeded over a moved branch")
	}
	if now, _ := repo.Reference(mainRef.Name(), false); now.Hash() != mainRef.Hash() {
		t.Errorf("main was left rewritten: %s", now.Hash())
	}
}
