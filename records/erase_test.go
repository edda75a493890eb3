package records

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"
)

var eraser = object.Signature{Name: "Jo Bloggs", Email: "jo@example.org", When: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}

// state is what a failed erasure must leave exactly as it was: every file in
// the practice folder (git's own included), and where HEAD is.
func state(t *testing.T, p *Practice, r *Repo) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(p.Root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(p.Root, path)
		if strings.HasPrefix(rel, filepath.Join(".git", "objects")) {
			return nil // new unreachable objects are harmless; see PlanErase
		}
		if d.IsDir() {
			lines = append(lines, rel+"/")
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines = append(lines, rel+" "+string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	head, _ := r.Head()
	sort.Strings(lines)
	return head.Hash().String() + "\n" + strings.Join(lines, "\n")
}

func withHandouts(t *testing.T, p *Practice) {
	t.Helper()
	dir := p.Path("public/alice")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "session-01.html"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEraseCommitsTheRemoval(t *testing.T) {
	p, repo := history(t)
	withHandouts(t, p)
	before, _ := repo.Head()
	e, err := PlanErase(p, "alice", false, eraser)
	if err != nil {
		t.Fatal(err)
	}
	if e.Files != 3 || e.Public != "public/alice" || !e.InGit {
		t.Errorf("plan: files %d, public %q, in git %v", e.Files, e.Public, e.InGit)
	}
	if err := e.Apply(); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"clients/alice", "public/alice"} {
		if _, err := os.Stat(p.Path(gone)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there: %v", gone, err)
		}
	}
	if left, _ := filepath.Glob(p.Path("clients/.erasing-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	head, _ := repo.Head()
	c, err := repo.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.ParentHashes) != 1 || c.ParentHashes[0] != before.Hash() || c.Author.Name != "Jo Bloggs" {
		t.Errorf("erase commit: parents %v, author %v", c.ParentHashes, c.Author)
	}
	if strings.Contains(c.Message, "alice") {
		t.Errorf("the erase commit names the client: %q", c.Message)
	}
	if _, err := c.File("clients/alice/agreement.md"); err == nil {
		t.Error("the erase commit still holds alice's agreement")
	}
	if _, err := c.File("clients/bob/agreement.md"); err != nil {
		t.Errorf("bob's agreement went too: %v", err)
	}
	if ch, err := repo.Changes(); err != nil || len(ch) > 0 {
		t.Errorf("after erasing, git sees changes %v (%v)", ch, err)
	}
	// Erasing twice: the client is gone.
	if _, err := PlanErase(p, "alice", false, eraser); !errors.Is(err, ErrNoClient) {
		t.Errorf("second erase: %v", err)
	}
}

func TestEraseFailingMidwayChangesNothing(t *testing.T) {
	for _, purge := range []bool{false, true} {
		for _, step := range []string{"move clients/alice", "move public/alice", "update the index", "move the branch", "delete"} {
			t.Run(fmt.Sprintf("purge=%v/%s", purge, step), func(t *testing.T) {
				p, repo := history(t)
				withHandouts(t, p)
				before := state(t, p, repo)
				e, err := PlanErase(p, "alice", purge, eraser)
				if err != nil {
					t.Fatal(err)
				}
				if got := state(t, p, repo); got != before {
					t.Fatalf("planning changed the practice:\n%s\nwas\n%s", got, before)
				}
				e.failAt = step
				if err := e.Apply(); err == nil || !strings.Contains(err.Error(), "failed on purpose") {
					t.Fatalf("apply: %v", err)
				}
				if got := state(t, p, repo); got != before {
					t.Errorf("failing at %q changed the practice:\n%s\nwas\n%s", step, got, before)
				}
			})
		}
	}
}

func TestErasePurgeRemovesTheFolderFromEveryCommit(t *testing.T) {
	p, repo := history(t)
	oldHead, _ := repo.Head()
	e, err := PlanErase(p, "alice", true, eraser)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Apply(); err != nil {
		t.Fatal(err)
	}
	if e.Head == oldHead.Hash() {
		t.Error("HEAD did not move")
	}
	if _, err := os.Stat(p.Path("clients/alice")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the folder is still there: %v", err)
	}
	if ch, err := repo.Changes(); err != nil || len(ch) > 0 {
		t.Errorf("after purging, git sees changes %v (%v)", ch, err)
	}
	for h, files := range takeSnapshot(t, repo).files {
		for _, f := range files {
			if strings.HasPrefix(f, "clients/alice/") {
				t.Errorf("commit %s holds %s", h, f)
			}
		}
	}
	// After a purge there is nothing of alice anywhere.
	if _, err := PlanErase(p, "alice", true, eraser); !errors.Is(err, ErrNoClient) {
		t.Errorf("purging again: %v", err)
	}
}

func TestErasePurgeRefusesUncommittedChanges(t *testing.T) {
	p, repo := history(t)
	if err := os.WriteFile(p.Path("clients/bob/agreement.md"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := state(t, p, repo)
	_, err := PlanErase(p, "alice", true, eraser)
	if !errors.Is(err, ErrDirty) || !strings.Contains(err.Error(), "clients/bob/agreement.md") {
		t.Fatalf("err = %v", err)
	}
	if got := state(t, p, repo); got != before {
		t.Error("a refused purge changed the practice")
	}
}
