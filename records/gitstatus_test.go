package records

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestStatus: what Status reports for each way a file can be uncommitted,
// for a practice that is the whole repository and one inside a folder of it.
func TestStatus(t *testing.T) {
	for _, sub := range []string{"", "practice"} {
		t.Run("in "+sub+"/", func(t *testing.T) {
			top := t.TempDir()
			root := filepath.Join(top, sub)
			write := func(rel, data string) string {
				full := filepath.Join(root, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
				return full
			}
			repo, err := InitRepo(top)
			if err != nil {
				t.Fatal(err)
			}
			files := []string{
				write("practice.yaml", "coach: {name: Jo}\n"),
				write(".gitignore", "public/\n"),
				write("clients/alice/agreement.md", "---\nkind: agreement\n---\n"),
				write("clients/alice/sessions/01.md", "---\nkind: session\n---\n"),
				write("clients/bob/agreement.md", "---\nkind: agreement\n---\n"),
				write("clients/bob/sessions/01.md", "---\nkind: session\n---\n"),
			}
			if sub != "" {
				files = append(files, filepath.Join(top, "README.md"))
				if err := os.WriteFile(files[len(files)-1], []byte("outside the practice\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := repo.Commit(files, "start", "Jo", "jo@example.org", time.Now()); err != nil {
				t.Fatal(err)
			}
			if st, err := Status(root); err != nil || len(st.Files) != 0 {
				t.Fatalf("fresh commit: %v %+v", err, st)
			}

			write("clients/alice/agreement.md", "---\nkind: agreement\nstatus: active\n---\n")   // modified
			write("clients/alice/sessions/02.md", "---\nkind: session\n---\n")                   // new
			write("public/alice/session-01.html", "<p>handout</p>")                              // ignored
			if err := os.Remove(filepath.Join(root, "clients/bob/sessions/01.md")); err != nil { // deleted
				t.Fatal(err)
			}
			staged := write("clients/bob/agreement.md", "---\nkind: agreement\nstatus: ended\n---\n")
			wt, _ := repo.Worktree()
			rel, _ := filepath.Rel(top, staged)
			if _, err := wt.Add(filepath.ToSlash(rel)); err != nil {
				t.Fatal(err)
			}
			// same size and content rewritten: unchanged whatever its time
			later := time.Now().Add(time.Hour)
			os.Chtimes(filepath.Join(root, "practice.yaml"), later, later)
			if sub != "" {
				os.WriteFile(filepath.Join(top, "README.md"), []byte("changed, but not the practice\n"), 0o644)
			}

			st, err := Status(root)
			if err != nil {
				t.Fatal(err)
			}
			want := []GitFile{
				{"clients/alice/agreement.md", "modified"},
				{"clients/alice/sessions/02.md", "new"},
				{"clients/bob/agreement.md", "staged"},
				{"clients/bob/sessions/01.md", "deleted"},
			}
			if !reflect.DeepEqual(st.Files, want) {
				t.Errorf("got  %+v\nwant %+v", st.Files, want)
			}
		})
	}
	if _, err := Status(t.TempDir()); !errors.Is(err, ErrNoRepo) {
		t.Errorf("outside git: got %v, want ErrNoRepo", err)
	}
}
