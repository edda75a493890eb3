package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/rapport-coach/rapport/records"
)

// run runs rapport in-process in dir with a fixed clock, and returns its
// exit code and output.
func run(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"RAPPORT_NOW": "2026-02-04T09:00:00Z"}
	a := &App{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] },
		Getwd:  func() (string, error) { return dir, nil },
	}
	code := a.Run(args)
	return code, out.String(), errOut.String()
}

func newPractice(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "p")
	if code, _, stderr := run(t, filepath.Dir(dir), "init", dir, "--coach", "Jo Bloggs", "--email", "jo@northfield.example"); code != 0 {
		t.Fatalf("init: %s", stderr)
	}
	return dir
}

// TestNewCommitReadsBack checks that --commit makes a commit go-git itself can
// read back: the coach as author, the record's content in the tree.
func TestNewCommitReadsBack(t *testing.T) {
	dir := newPractice(t)
	code, stdout, stderr := run(t, dir, "new", "client", "Zoë Łukasiewicz", "--email", "z@example.org", "--commit")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "created clients/zoe-lukasiewicz/agreement.md") {
		t.Errorf("stdout %q does not name the new file", stdout)
	}

	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	commit, err := repo.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if got := commit.Author.Name + " <" + commit.Author.Email + ">"; got != "Jo Bloggs <jo@northfield.example>" {
		t.Errorf("author %s, want the coach", got)
	}
	if commit.Message != "New client zoe-lukasiewicz: draft agreement" {
		t.Errorf("message %q", commit.Message)
	}
	if commit.NumParents() != 1 {
		t.Errorf("commit has %d parents, want it on top of the practice's first commit", commit.NumParents())
	}
	f, err := commit.File("clients/zoe-lukasiewicz/agreement.md")
	if err != nil {
		t.Fatal(err)
	}
	content, err := f.Contents()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(content, "client_name: Zoë Łukasiewicz\n") {
		t.Errorf("committed agreement lacks the client's name:\n%s", content)
	}
	parent, err := commit.Parent(0)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := object.DiffTree(mustTree(t, parent), mustTree(t, commit))
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 {
		t.Errorf("commit changes %d files, want only the new agreement: %v", len(changes), changes)
	}
}

func mustTree(t *testing.T, c *object.Commit) *object.Tree {
	t.Helper()
	tree, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// TestConcurrentSessionsNeverShareANumber starts many sessions for one client
// at once, on different days so that their file names differ. The practice
// lock orders them; no two that are kept may have the same number.
func TestConcurrentSessionsNeverShareANumber(t *testing.T) {
	dir := newPractice(t)
	if code, _, stderr := run(t, dir, "new", "client", "Alice Smith"); code != 0 {
		t.Fatal(stderr)
	}
	const n = 8
	var wg sync.WaitGroup
	codes := make([]int, n)
	errs := make([]string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			codes[i], _, errs[i] = run(t, dir, "new", "session", "alice-smith", "--date", fmt.Sprintf("2026-02-%02d", i+1))
		}(i)
	}
	wg.Wait()

	created := 0
	for i := range codes {
		switch {
		case codes[i] == 0:
			created++
		case strings.Contains(errs[i], "at the same time") || strings.Contains(errs[i], "already exists"):
		default:
			t.Errorf("session %d: exit %d: %s", i, codes[i], errs[i])
		}
	}
	if created == 0 {
		t.Fatalf("no session was created")
	}
	t.Logf("%d of %d sessions kept", created, n)

	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.LoadClient("alice-smith", records.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sessions) != created {
		t.Errorf("%d sessions on disk, %d reported created", len(c.Sessions), created)
	}
	seen := map[int]string{}
	for _, s := range c.Sessions {
		if other, dup := seen[s.Number]; dup {
			t.Errorf("%s and %s share session number %d", other, s.Path, s.Number)
		}
		seen[s.Number] = s.Path
	}
}

// TestOnlySession is the check behind the lock: a session that finds another
// with its number once written is taken back.
func TestOnlySession(t *testing.T) {
	dir := newPractice(t)
	sessions := filepath.Join(dir, "clients", "alice-smith", "sessions")
	if err := os.MkdirAll(sessions, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"2026-02-03-04.md", "2026-02-04-04.md"} {
		rec := "---\nkind: session\nnumber: 4\ndate: " + name[:10] + "\n---\n"
		if err := os.WriteFile(filepath.Join(sessions, name), []byte(rec), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		number int
		rel    string
		taken  bool
	}{
		{4, "clients/alice-smith/sessions/2026-02-04-04.md", true},
		{5, "clients/alice-smith/sessions/2026-02-04-05.md", false},
	}
	for _, tc := range tests {
		err := onlySession(p, "alice-smith", tc.number, tc.rel)
		if taken := err != nil; taken != tc.taken {
			t.Errorf("session %d: error %v, want taken=%v", tc.number, err, tc.taken)
		}
		if err != nil && !strings.Contains(err.Error(), "2026-02-03-04.md took session number 4") {
			t.Errorf("error %q does not name the other session", err)
		}
	}
}
