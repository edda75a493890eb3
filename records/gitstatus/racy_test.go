package gitstatus_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
)

// TestRacyEntry: a file recorded in the index in the same second as the
// index was written (the index less than a second newer), then edited to
// the same size with its time restored. With ctime and inode out of play
// (core.trustCtime false, core.checkStat minimal) only the racy-git rule can
// see the edit, and git sees it.
func TestRacyEntry(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	run(t, dir, "config", "core.trustCtime", "false")
	run(t, dir, "config", "core.checkStat", "minimal")
	full := filepath.Join(dir, "practice.yaml")
	if err := os.WriteFile(full, []byte("coach: {name: Jo}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Hour).Truncate(time.Second).Add(200 * time.Millisecond)
	os.Chtimes(full, at, at)
	run(t, dir, "add", "practice.yaml")
	run(t, dir, "commit", "-q", "-m", "start")
	idx := filepath.Join(dir, ".git", "index")
	os.Chtimes(idx, at.Add(500*time.Millisecond), at.Add(500*time.Millisecond))
	rewriteKeepingTime(t, dir, "practice.yaml", "coach: {name: JO}\n")
	st, err := open(t, dir).Status("")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{" M practice.yaml"}
	if got := lines(st); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if git := porcelain(t, dir); !reflect.DeepEqual(git, want) {
		t.Errorf("git status says %q, want %q", git, want)
	}

	// once the index is a second newer, neither git nor gitstatus looks
	later := at.Add(2 * time.Second)
	run(t, dir, "checkout", "--", "practice.yaml")
	os.Chtimes(full, at, at)
	run(t, dir, "update-index", "--refresh")
	os.Chtimes(idx, later, later)
	rewriteKeepingTime(t, dir, "practice.yaml", "coach: {name: JO}\n")
	st, err = open(t, dir).Status("")
	if err != nil {
		t.Fatal(err)
	}
	if got, git := lines(st), porcelain(t, dir); !reflect.DeepEqual(got, git) {
		t.Errorf("not racy: got %q, git status says %q", got, git)
	}
}

// TestIndexWithoutCtimes: an index whose entries carry no change time or
// inode (as some tools write it) cannot vouch for a file by its times:
// unchanged files are hashed and found equal, edited ones are found.
func TestIndexWithoutCtimes(t *testing.T) {
	isolate(t)
	src := practice(t)
	dir := filepath.Join(t.TempDir(), "clone")
	run(t, src, "clone", "-q", src, dir)
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := repo.Storer.Index()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range idx.Entries {
		e.CreatedAt, e.Inode, e.Dev = time.Time{}, 0, 0
	}
	if err := repo.Storer.SetIndex(idx); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(dir, ".git", "index"), later, later) // no entry is racy: only ctime can tell
	if st, err := open(t, dir).Status(""); err != nil || len(st) != 0 {
		t.Fatalf("fresh clone: %v %v", lines(st), err)
	}
	rewriteKeepingTime(t, dir, "clients/bob/agreement.md", "---\nkind: agreemenT\n---\n")
	st, err := open(t, dir).Status("")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{" M clients/bob/agreement.md"}
	if got := lines(st); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if git := porcelain(t, dir); !reflect.DeepEqual(git, want) {
		t.Errorf("git status says %q, want %q", git, want)
	}
}
