package records

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The tests in this file put rapport's answer next to git's own on real
// repositories made by the git command line.

// withGit gives git and rapport the same empty home and a fixed identity.
func withGit(t *testing.T) (home string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home = t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	for _, k := range []string{"GIT_AUTHOR", "GIT_COMMITTER"} {
		t.Setenv(k+"_NAME", "Jo")
		t.Setenv(k+"_EMAIL", "jo@example.org")
	}
	return home
}

func gitRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// writeAged writes a file an hour old, so the index git writes next is not
// racy about it and only its times and inode can vouch for it.
func writeAged(t *testing.T, dir, rel, data string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(full, old, old); err != nil {
		t.Fatal(err)
	}
}

// editKeepingTime rewrites a file in place to the same size and puts its
// modification time back, as cp -p and rsync -t do. It waits for the next
// second first, so that a git comparing whole seconds sees the change time.
func editKeepingTime(t *testing.T, full, data string) {
	t.Helper()
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 50*time.Millisecond)))
	fi, err := os.Stat(full)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(full, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// committedPractice is a repository holding a small practice, committed.
func committedPractice(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q", "-b", "main")
	writeAged(t, dir, "practice.yaml", "coach: {name: Jo}\n")
	writeAged(t, dir, ".gitignore", "public/\n")
	writeAged(t, dir, "clients/alice/agreement.md", "---\nkind: agreement\n---\n")
	writeAged(t, dir, "clients/alice/sessions/01.md", "---\nkind: session\n---\n")
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "start")
	return dir
}

// checkStatus compares Status with what it should be and with git status.
func checkStatus(t *testing.T, dir string, want []GitFile) {
	t.Helper()
	st, err := Status(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(st.Files, want) && !(len(st.Files) == 0 && len(want) == 0) {
		t.Errorf("Status: got %+v, want %+v", st.Files, want)
	}
	porcelain := strings.TrimSpace(gitRun(t, dir, "status", "--porcelain", "--untracked-files=all"))
	if len(strings.Fields(porcelain))/2 != len(want) {
		t.Errorf("git status says %q; the test wants %+v", porcelain, want)
	}
}

// TestStatusSeesEditWithRestoredTime: an edit of the same size whose old
// modification time was put back is uncommitted, as git status says, for
// the uncommitted check and for the safety checks of sync and erase.
func TestStatusSeesEditWithRestoredTime(t *testing.T) {
	withGit(t)
	dir := committedPractice(t)
	editKeepingTime(t, filepath.Join(dir, "clients/alice/agreement.md"), "---\nkind: agreemenT\n---\n")
	checkStatus(t, dir, []GitFile{{"clients/alice/agreement.md", "modified"}})
	repo, err := OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := repo.Changes()
	if err != nil || !reflect.DeepEqual(changes, []string{"clients/alice/agreement.md"}) {
		t.Errorf("Changes() = %q, %v", changes, err)
	}
}

// TestStatusExcludesFile: files ignored by core.excludesFile, wherever git
// reads it from, are not uncommitted records.
func TestStatusExcludesFile(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, dir, home string)
	}{
		{"repository config, with ~", func(t *testing.T, dir, home string) {
			writeAged(t, home, "ignores", "*.bak\n")
			gitRun(t, dir, "config", "core.excludesFile", "~/ignores")
		}},
		{"global config", func(t *testing.T, dir, home string) {
			writeAged(t, home, "ignores", "*.bak\n")
			gitRun(t, dir, "config", "--global", "core.excludesFile", filepath.Join(home, "ignores"))
		}},
		{"default $XDG_CONFIG_HOME/git/ignore", func(t *testing.T, dir, home string) {
			writeAged(t, home, ".config/git/ignore", "*.bak\n")
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			home := withGit(t)
			dir := committedPractice(t)
			c.setup(t, dir, home)
			writeAged(t, dir, "clients/alice/agreement.md.bak", "old\n")
			checkStatus(t, dir, nil)
		})
	}
}

// TestStatusLinkedWorktree: in a work tree made by git worktree add, whose
// .git is a file, info/exclude is read from the main repository.
func TestStatusLinkedWorktree(t *testing.T) {
	withGit(t)
	dir := committedPractice(t)
	writeAged(t, dir, ".git/info/exclude", "*.swp\n")
	linked := filepath.Join(t.TempDir(), "laptop")
	gitRun(t, dir, "worktree", "add", "-q", "-b", "laptop", linked)
	writeAged(t, linked, "clients/alice/.agreement.md.swp", "x\n")
	writeAged(t, linked, "clients/alice/sessions/02.md", "---\nkind: session\n---\n")
	checkStatus(t, linked, []GitFile{{"clients/alice/sessions/02.md", "new"}})
}

// TestRevisionsAgreeWithGit: the handouts' "modified" marker says what git
// status says, for an edit with its time restored and for a file checked
// out with CRLF line ends by core.autocrlf, which git holds unchanged.
func TestRevisionsAgreeWithGit(t *testing.T) {
	withGit(t)
	dir := committedPractice(t)
	gitRun(t, dir, "config", "core.autocrlf", "true")
	os.Remove(filepath.Join(dir, "clients/alice/agreement.md"))
	gitRun(t, dir, "checkout", "--", "clients/alice/agreement.md")
	editKeepingTime(t, filepath.Join(dir, "clients/alice/sessions/01.md"), "---\nkind: sessioN\n---\n")
	if got := gitRun(t, dir, "status", "--porcelain"); got != " M clients/alice/sessions/01.md\n" {
		t.Fatalf("git status says %q", got)
	}
	revs, err := OpenRevisions(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"clients/alice/agreement.md": false, "clients/alice/sessions/01.md": true} {
		rev, err := revs.Of(name)
		if err != nil || rev.Modified != want {
			t.Errorf("Of(%s) = %q, %v; want modified %v", name, rev, err, want)
		}
	}
}
