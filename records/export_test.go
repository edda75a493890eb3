package records

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestClientFolder reads every file of one client, hidden and non-record
// files included, and follows no link: a link may lead to another client.
func TestClientFolder(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, SettingsFile), []byte("name: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"clients/ann/agreement.md":          "---\nkind: agreement\n---\n",
		"clients/ann/sessions/01.md":        "one",
		"clients/ann/.note":                 "hidden",
		"clients/ann/scan.pdf":              "%PDF",
		"clients/bob/agreement.md":          "bob's",
		"clients/ann-smith/agreement.md":    "a neighbour",
		"clients/ann/reflections/02-me.txt": "two",
	}
	for rel, s := range files {
		full := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "clients/bob/agreement.md"), filepath.Join(root, "clients/ann/bob.md")); err != nil {
		t.Fatal(err)
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	got, links, err := p.ClientFolder("ann")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range got {
		paths = append(paths, f.Path)
		if string(f.Data) != files[f.Path] {
			t.Errorf("%s read as %q", f.Path, f.Data)
		}
	}
	want := []string{"clients/ann/.note", "clients/ann/agreement.md", "clients/ann/reflections/02-me.txt", "clients/ann/scan.pdf", "clients/ann/sessions/01.md"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("files %v, want %v", paths, want)
	}
	if !reflect.DeepEqual(links, []string{"clients/ann/bob.md"}) {
		t.Errorf("links %v", links)
	}
	for _, id := range []string{"nobody", "../clients", "Ann"} {
		if _, _, err := p.ClientFolder(id); err == nil {
			t.Errorf("ClientFolder(%q) did not refuse", id)
		}
	}
}

// TestLastCommits names, for each file, the newest commit that changed it,
// and forgets a file removed since.
func TestLastCommits(t *testing.T) {
	root := t.TempDir()
	repo, err := InitRepo(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, SettingsFile), []byte("name: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := repo.LastCommits(p, "ann"); err != nil || len(got) != 0 {
		t.Fatalf("before any commit: %v, %v", got, err)
	}
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }
	commit := func(when time.Time, write map[string]string, remove ...string) string {
		t.Helper()
		var paths []string
		for rel, s := range write {
			full := filepath.Join(root, filepath.FromSlash(rel))
			os.MkdirAll(filepath.Dir(full), 0o755)
			if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, full)
		}
		for _, rel := range remove {
			full := filepath.Join(root, filepath.FromSlash(rel))
			os.Remove(full)
			paths = append(paths, full)
		}
		h, err := repo.Commit(paths, "step", "C", "c@example.org", when)
		if err != nil {
			t.Fatal(err)
		}
		return h.String()[:7]
	}
	first := commit(day(1), map[string]string{"clients/ann/agreement.md": "a", "clients/ann/old.md": "o", "clients/bob/agreement.md": "b"})
	second := commit(day(2), map[string]string{"clients/ann/agreement.md": "a2", "clients/ann/s1.md": "s"})
	commit(day(3), map[string]string{"clients/bob/agreement.md": "b2"}, "clients/ann/old.md")
	got, err := repo.LastCommits(p, "ann")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]FileCommit{
		"clients/ann/agreement.md": {second, day(2)},
		"clients/ann/s1.md":        {second, day(2)},
	}
	for k, v := range got {
		got[k] = FileCommit{v.Hash, v.When.UTC()}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v (first commit %s)", got, want, first)
	}
}
