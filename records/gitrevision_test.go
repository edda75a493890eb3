package records

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRevisions(t *testing.T) {
	when := time.Date(2026, 2, 4, 9, 0, 0, 0, time.UTC)
	for _, sub := range []string{"", "practice"} {
		t.Run("practice in /"+sub, func(t *testing.T) {
			repoDir := t.TempDir()
			root := filepath.Join(repoDir, sub)
			write := func(rel, text string) string {
				p := filepath.Join(root, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			a := write("clients/ann/agreement.md", "---\nkind: agreement\n---\n")
			s := write("clients/ann/sessions/s1.md", "---\nkind: session\n---\n")
			repo, err := InitRepo(repoDir)
			if err != nil {
				t.Fatal(err)
			}
			first, err := repo.Commit([]string{a}, "agreement", "Jo", "jo@example.org", when)
			if err != nil {
				t.Fatal(err)
			}
			second, err := repo.Commit([]string{s}, "session", "Jo", "jo@example.org", when.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			revs, err := OpenRevisions(root)
			if err != nil || revs == nil {
				t.Fatalf("OpenRevisions: %v, %v", revs, err)
			}
			check := func(want string, paths ...string) {
				t.Helper()
				rev, err := revs.Of(paths...)
				if err != nil {
					t.Fatal(err)
				}
				if rev.String() != want {
					t.Errorf("Of(%v) = %q, want %q", paths, rev, want)
				}
			}
			check(first.String()[:7], "clients/ann/agreement.md")
			check(second.String()[:7], "clients/ann/agreement.md", "clients/ann/sessions/s1.md")
			write("clients/ann/agreement.md", "---\nkind: agreement\nstatus: active\n---\n")
			check(first.String()[:7]+"+modified", "clients/ann/agreement.md")
			write("clients/ann/sessions/s2.md", "new")
			check("uncommitted", "clients/ann/sessions/s2.md")
		})
	}
}

func TestRevisionsOutsideGit(t *testing.T) {
	revs, err := OpenRevisions(t.TempDir())
	if err != nil || revs != nil {
		t.Fatalf("OpenRevisions outside git = %v, %v; want nil, nil", revs, err)
	}
	rev, err := revs.Of("clients/ann/agreement.md")
	if err != nil || !rev.IsZero() || rev.String() != "" {
		t.Errorf("Of outside git = %q, %v; want nothing", rev, err)
	}
}

// TestRevisionsCurrent: serve keeps a Revisions while HEAD, the index and
// the configuration are as they were, and opens the repository again after
// a commit.
func TestRevisionsCurrent(t *testing.T) {
	when := time.Date(2026, 2, 4, 9, 0, 0, 0, time.UTC)
	root := t.TempDir()
	rec := filepath.Join(root, "clients", "ann", "agreement.md")
	if err := os.MkdirAll(filepath.Dir(rec), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rec, []byte("---\nkind: agreement\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo, err := InitRepo(root)
	if err != nil {
		t.Fatal(err)
	}
	empty, err := OpenRevisions(root)
	if err != nil {
		t.Fatal(err)
	}
	if !empty.Current() {
		t.Error("a repository with no commits, opened just now, is not current")
	}
	if _, err := repo.Commit([]string{rec}, "agreement", "Jo", "jo@example.org", when); err != nil {
		t.Fatal(err)
	}
	if empty.Current() {
		t.Error("still current after the first commit")
	}
	revs, err := OpenRevisions(root)
	if err != nil {
		t.Fatal(err)
	}
	if !revs.Current() {
		t.Error("not current just after opening")
	}
	// Editing a record changes neither HEAD nor the index.
	if err := os.WriteFile(rec, []byte("---\nkind: agreement\nstatus: active\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !revs.Current() {
		t.Error("an edited record made the revisions stale")
	}
	if _, err := repo.Commit([]string{rec}, "status", "Jo", "jo@example.org", when.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if revs.Current() {
		t.Error("still current after a commit")
	}
	var none *Revisions
	if none.Current() {
		t.Error("no revisions (outside git) reported current")
	}
}
