package records

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestClientHistory keeps a practice in a sub-folder of a repository and
// checks that only the commits touching one client's folder are listed,
// newest first, with the files they changed.
func TestClientHistory(t *testing.T) {
	dir := t.TempDir()
	repo, err := InitRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "coaching")
	when := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	step := 0
	commit := func(msg string, files map[string]string, remove ...string) {
		t.Helper()
		var paths []string
		for rel, text := range files {
			full := filepath.Join(root, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, full)
		}
		for _, rel := range remove {
			full := filepath.Join(root, filepath.FromSlash(rel))
			if err := os.Remove(full); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, full)
		}
		step++
		if _, err := repo.Commit(paths, msg, "Jo Bloggs", "jo@example.org", when.Add(time.Duration(step)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	commit("Start the practice", map[string]string{"practice.yaml": "coach: {name: Jo Bloggs}\n"})
	commit("Contract Alice", map[string]string{"clients/alice/agreement.md": "---\nkind: agreement\n---\n"})
	commit("Contract Bob", map[string]string{"clients/bob/agreement.md": "---\nkind: agreement\n---\n"})
	commit("Session 1 with Alice\n\nBack-dated.", map[string]string{
		"clients/alice/sessions/2026-03-02-01.md": "---\nkind: session\n---\n",
		"clients/alice/agreement.md":              "---\nkind: agreement\nstatus: active\n---\n",
	})
	commit("Remove Alice's draft", nil, "clients/alice/sessions/2026-03-02-01.md")

	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenRepo(root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.ClientHistory(p, "alice")
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		subject string
		changes []RecordChange
	}
	var gotE []entry
	for _, e := range got {
		gotE = append(gotE, entry{e.Subject(), e.Changes})
		if e.Author != "Jo Bloggs" || e.Email != "jo@example.org" || len(e.Hash) != 40 {
			t.Errorf("entry %q: author %q <%s>, hash %q", e.Subject(), e.Author, e.Email, e.Hash)
		}
	}
	want := []entry{
		{"Remove Alice's draft", []RecordChange{{"clients/alice/sessions/2026-03-02-01.md", "removed"}}},
		{"Session 1 with Alice", []RecordChange{
			{"clients/alice/agreement.md", "changed"},
			{"clients/alice/sessions/2026-03-02-01.md", "added"},
		}},
		{"Contract Alice", []RecordChange{{"clients/alice/agreement.md", "added"}}},
	}
	if !reflect.DeepEqual(gotE, want) {
		t.Errorf("history:\n got %+v\nwant %+v", gotE, want)
	}
	if len(got) > 0 && !got[len(got)-1].When.Equal(when.Add(2*time.Hour)) {
		t.Errorf("first commit's time = %v, want %v", got[len(got)-1].When, when.Add(2*time.Hour))
	}

	none, err := r.ClientHistory(p, "carol")
	if err != nil || len(none) != 0 {
		t.Errorf("history of a client never committed = %v, %v; want none", none, err)
	}
}

func TestClientHistoryNoCommits(t *testing.T) {
	dir := t.TempDir()
	r, err := InitRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SettingsFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.ClientHistory(p, "alice"); !errors.Is(err, ErrNoCommits) {
		t.Errorf("err = %v, want ErrNoCommits", err)
	}
}
