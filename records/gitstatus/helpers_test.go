package gitstatus_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
)

// isolate gives git and the code under test the same empty home, so that
// the machine's own git configuration changes nothing.
func isolate(t *testing.T) (home string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home = t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", "")
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	os.Unsetenv("GIT_CONFIG_GLOBAL")
	t.Setenv("GIT_AUTHOR_NAME", "Jo")
	t.Setenv("GIT_AUTHOR_EMAIL", "jo@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "Jo")
	t.Setenv("GIT_COMMITTER_EMAIL", "jo@example.org")
	return home
}

// run runs git in dir and returns its output.
func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// write writes a file, making its folders, with a modification time an hour
// ago, so that the index git writes afterwards is not racy about it.
func write(t *testing.T, dir, rel, data string) {
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

// rewriteKeepingTime replaces a file's content in place and restores its
// modification time, as cp -p and rsync -t do. It first waits for the next
// second (and a little more, as file times come from a coarser clock): a
// git built without nanosecond times (Debian's) would not see a change time
// in the second it last refreshed the index.
func rewriteKeepingTime(t *testing.T, dir, rel, data string) {
	t.Helper()
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 50*time.Millisecond)))
	full := filepath.Join(dir, filepath.FromSlash(rel))
	fi, err := os.Stat(full)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), fi.Mode().Perm()); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(full, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// practice makes a repository with a committed practice in it.
func practice(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	write(t, dir, ".gitignore", "public/\n")
	write(t, dir, "practice.yaml", "coach: {name: Jo}\n")
	write(t, dir, "clients/alice/agreement.md", "---\nkind: agreement\n---\n")
	write(t, dir, "clients/alice/sessions/01.md", "---\nkind: session\n---\n")
	write(t, dir, "clients/bob/agreement.md", "---\nkind: agreement\n---\n")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "start")
	return dir
}

// porcelain is git status as sorted "XY path" lines, renames shown as the
// deletion and the addition they are made of.
func porcelain(t *testing.T, dir string) []string {
	t.Helper()
	out := run(t, dir, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames")
	var lines []string
	for _, rec := range strings.Split(out, "\x00") {
		if rest, ok := strings.CutPrefix(rec, " T "); ok {
			rec = " M " + rest // go-git has no code for a change of type
		}
		if rec != "" {
			lines = append(lines, rec)
		}
	}
	sort.Strings(lines)
	return lines
}

// lines is a go-git status in the same form as porcelain.
func lines(st git.Status) []string {
	var out []string
	for name, f := range st {
		if f.Staging == git.Deleted && f.Worktree == git.Untracked {
			out = append(out, "D  "+name, "?? "+name)
			continue
		}
		out = append(out, string([]byte{byte(f.Staging), byte(f.Worktree)})+" "+name)
	}
	sort.Strings(out)
	return out
}
