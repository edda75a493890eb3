package gitstatus_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/rapport-coach/rapport/records/gitstatus"
)

// open reads the work tree at dir as rapport does.
func open(t *testing.T, dir string) *gitstatus.Tree {
	t.Helper()
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		t.Fatal(err)
	}
	tree, err := gitstatus.Open(repo)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// TestStatusAgreesWithGit: for every way a file can differ from git, Status
// says what git status --porcelain says, nothing more and nothing less.
func TestStatusAgreesWithGit(t *testing.T) {
	const agreement = "clients/alice/agreement.md"
	cases := []struct {
		name   string
		change func(t *testing.T, dir, home string)
		want   []string // git's answer, to show the case is what it says
	}{
		{"clean", func(t *testing.T, dir, home string) {}, nil},
		{"untracked", func(t *testing.T, dir, home string) {
			write(t, dir, "clients/alice/sessions/02.md", "new\n")
		}, []string{"?? clients/alice/sessions/02.md"}},
		{"modified, other size", func(t *testing.T, dir, home string) {
			write(t, dir, agreement, "---\nkind: agreement\nstatus: active\n---\n")
		}, []string{" M " + agreement}},
		{"modified, same size, time restored", func(t *testing.T, dir, home string) {
			rewriteKeepingTime(t, dir, agreement, "---\nkind: agreemenT\n---\n")
		}, []string{" M " + agreement}},
		{"rewritten, same content, new time", func(t *testing.T, dir, home string) {
			later := time.Now().Add(time.Hour)
			os.Chtimes(filepath.Join(dir, agreement), later, later)
		}, nil},
		{"staged", func(t *testing.T, dir, home string) {
			write(t, dir, agreement, "---\nkind: agreement\nstatus: ended\n---\n")
			run(t, dir, "add", agreement)
		}, []string{"M  " + agreement}},
		{"staged, then changed back", func(t *testing.T, dir, home string) {
			write(t, dir, agreement, "---\nkind: agreement\nstatus: ended\n---\n")
			run(t, dir, "add", agreement)
			write(t, dir, agreement, "---\nkind: agreement\n---\n")
		}, []string{"MM " + agreement}},
		{"staged new file", func(t *testing.T, dir, home string) {
			write(t, dir, "clients/carol/agreement.md", "x\n")
			run(t, dir, "add", "clients/carol/agreement.md")
		}, []string{"A  clients/carol/agreement.md"}},
		{"deleted", func(t *testing.T, dir, home string) {
			os.Remove(filepath.Join(dir, agreement))
		}, []string{" D " + agreement}},
		{"deleted and staged", func(t *testing.T, dir, home string) {
			run(t, dir, "rm", "-q", agreement)
		}, []string{"D  " + agreement}},
		{"removed from the index only", func(t *testing.T, dir, home string) {
			run(t, dir, "rm", "-q", "--cached", agreement)
		}, []string{"?? " + agreement, "D  " + agreement}},
		{"folder deleted", func(t *testing.T, dir, home string) {
			os.RemoveAll(filepath.Join(dir, "clients/alice"))
		}, []string{" D " + agreement, " D clients/alice/sessions/01.md"}},
		{"renamed", func(t *testing.T, dir, home string) {
			os.Rename(filepath.Join(dir, agreement), filepath.Join(dir, "clients/alice/agreement-2026.md"))
		}, []string{" D " + agreement, "?? clients/alice/agreement-2026.md"}},
		{"renamed with git mv", func(t *testing.T, dir, home string) {
			run(t, dir, "mv", agreement, "clients/alice/agreement-2026.md")
		}, []string{"A  clients/alice/agreement-2026.md", "D  " + agreement}},
		{"ignored by .gitignore", func(t *testing.T, dir, home string) {
			write(t, dir, "public/alice/session-01.html", "<p>\n")
		}, nil},
		{"ignored by a nested .gitignore, one file let back in", func(t *testing.T, dir, home string) {
			write(t, dir, "clients/.gitignore", "*.tmp\n!keep.tmp\n")
			write(t, dir, "clients/alice/draft.tmp", "x\n")
			write(t, dir, "clients/alice/keep.tmp", "x\n")
			write(t, dir, "clients/alice/sessions/.gitignore", "02.md\n")
			write(t, dir, "clients/alice/sessions/02.md", "x\n")
		}, []string{"?? clients/.gitignore", "?? clients/alice/keep.tmp", "?? clients/alice/sessions/.gitignore"}},
		{"ignored by info/exclude", func(t *testing.T, dir, home string) {
			write(t, dir, ".git/info/exclude", "*.swp\n")
			write(t, dir, "clients/alice/.agreement.md.swp", "x\n")
		}, nil},
		{"ignored by core.excludesFile of the repository, with ~", func(t *testing.T, dir, home string) {
			write(t, home, "ignores/rapport", ".DS_Store\n")
			run(t, dir, "config", "core.excludesFile", "~/ignores/rapport")
			write(t, dir, "clients/alice/.DS_Store", "x\n")
		}, nil},
		{"ignored by core.excludesFile of ~/.gitconfig", func(t *testing.T, dir, home string) {
			write(t, home, "global-ignore", "*.bak\n")
			write(t, home, ".gitconfig", "[core]\n\texcludesFile = "+filepath.Join(home, "global-ignore")+"\n")
			write(t, dir, "clients/alice/agreement.md.bak", "x\n")
		}, nil},
		{"ignored by the default $XDG_CONFIG_HOME/git/ignore", func(t *testing.T, dir, home string) {
			write(t, home, ".config/git/ignore", "Thumbs.db\n")
			write(t, dir, "clients/Thumbs.db", "x\n")
		}, nil},
		{"an ignored file that is tracked is still compared", func(t *testing.T, dir, home string) {
			write(t, dir, ".git/info/exclude", "*.md\n")
			write(t, dir, agreement, "changed\n")
		}, []string{" M " + agreement}},
		{"executable bit", func(t *testing.T, dir, home string) {
			os.Chmod(filepath.Join(dir, agreement), 0o755)
		}, []string{" M " + agreement}},
		{"executable bit with core.fileMode false", func(t *testing.T, dir, home string) {
			run(t, dir, "config", "core.fileMode", "false")
			os.Chmod(filepath.Join(dir, agreement), 0o755)
		}, nil},
		{"file replaced by a link to the same content", func(t *testing.T, dir, home string) {
			full := filepath.Join(dir, agreement)
			os.Rename(full, full+".orig")
			os.Symlink("agreement.md.orig", full)
		}, []string{" M " + agreement, "?? " + agreement + ".orig"}}, // git: " T"

		{"file replaced by a folder", func(t *testing.T, dir, home string) {
			os.Remove(filepath.Join(dir, agreement))
			write(t, dir, agreement+"/inside.md", "x\n")
		}, []string{" D " + agreement, "?? " + agreement + "/inside.md"}},
		{"a repository inside the practice", func(t *testing.T, dir, home string) {
			sub := filepath.Join(dir, "clients/dora")
			os.MkdirAll(sub, 0o755)
			run(t, sub, "init", "-q")
			write(t, sub, "notes.md", "x\n")
		}, []string{"?? clients/dora/"}},
		{"same size, time restored, core.trustCtime false and checkStat minimal", func(t *testing.T, dir, home string) {
			// git itself cannot see this edit: the answer must still agree
			run(t, dir, "config", "core.trustCtime", "false")
			run(t, dir, "config", "core.checkStat", "minimal")
			rewriteKeepingTime(t, dir, agreement, "---\nkind: agreemenT\n---\n")
		}, nil},
		{"merge conflict", func(t *testing.T, dir, home string) {
			run(t, dir, "checkout", "-q", "-b", "other")
			write(t, dir, agreement, "theirs\n")
			run(t, dir, "commit", "-q", "-am", "theirs")
			run(t, dir, "checkout", "-q", "main")
			write(t, dir, agreement, "ours\n")
			run(t, dir, "commit", "-q", "-am", "ours")
			exec.Command("git", "-C", dir, "merge", "-q", "other").Run() // fails: the conflict
		}, []string{"UU " + agreement}},
		{"CRLF written back with core.autocrlf", func(t *testing.T, dir, home string) {
			// git reads the other size as a change without looking further
			run(t, dir, "config", "core.autocrlf", "true")
			write(t, dir, agreement, "---\r\nkind: agreement\r\n---\r\n")
		}, []string{" M " + agreement}},
		{"checked out with CRLF by core.autocrlf, then touched", func(t *testing.T, dir, home string) {
			run(t, dir, "config", "core.autocrlf", "true")
			os.Remove(filepath.Join(dir, agreement))
			run(t, dir, "checkout", "--", agreement)
			later := time.Now().Add(time.Hour)
			os.Chtimes(filepath.Join(dir, agreement), later, later)
		}, nil},
		{"CRLF and a real edit with core.autocrlf", func(t *testing.T, dir, home string) {
			run(t, dir, "config", "core.autocrlf", "true")
			write(t, dir, agreement, "---\r\nkind: agreement!\r\n---\r\n")
		}, []string{" M " + agreement}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			home := isolate(t)
			dir := practice(t)
			c.change(t, dir, home)
			git := porcelain(t, dir)
			if !reflect.DeepEqual(git, c.want) {
				t.Fatalf("git status says %q; the case expects %q", git, c.want)
			}
			st, err := open(t, dir).Status("")
			if err != nil {
				t.Fatal(err)
			}
			if got := lines(st); !reflect.DeepEqual(got, git) {
				t.Errorf("Status:\n got  %q\n want %q (git status)", got, git)
			}
		})
	}
}

// TestStatusUnderPrefix: a practice in a folder of the repository sees its
// own files only, and the .gitignore files above it still apply.
func TestStatusUnderPrefix(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	write(t, dir, ".gitignore", "*.log\n")
	write(t, dir, "README.md", "top\n")
	write(t, dir, "coaching/practice.yaml", "coach: {name: Jo}\n")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "start")
	write(t, dir, "README.md", "changed\n")
	write(t, dir, "notes.txt", "outside\n")
	write(t, dir, "coaching/build.log", "ignored\n")
	write(t, dir, "coaching/clients/ann/agreement.md", "new\n")
	rewriteKeepingTime(t, dir, "coaching/practice.yaml", "coach: {name: JO}\n")
	st, err := open(t, dir).Status("coaching/")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{" M coaching/practice.yaml", "?? coaching/clients/ann/agreement.md"}
	if got := lines(st); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestLinkedWorktree: in a work tree made by git worktree add, whose .git is
// a file, info/exclude is the main repository's and edits are seen.
func TestLinkedWorktree(t *testing.T) {
	isolate(t)
	main := practice(t)
	write(t, main, ".git/info/exclude", "*.swp\n")
	linked := filepath.Join(t.TempDir(), "second")
	run(t, main, "worktree", "add", "-q", "-b", "other", linked)
	write(t, linked, "clients/alice/.agreement.md.swp", "x\n")
	write(t, linked, "clients/alice/sessions/02.md", "x\n")
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(filepath.Join(linked, "practice.yaml"), old, old)
	run(t, linked, "status") // refresh the index with the time just set
	rewriteKeepingTime(t, linked, "practice.yaml", "coach: {name: JO}\n")
	git := porcelain(t, linked)
	want := []string{" M practice.yaml", "?? clients/alice/sessions/02.md"}
	if !reflect.DeepEqual(git, want) {
		t.Fatalf("git status says %q; the test expects %q", git, want)
	}
	st, err := open(t, linked).Status("")
	if err != nil {
		t.Fatal(err)
	}
	if got := lines(st); !reflect.DeepEqual(got, git) {
		t.Errorf("got %q, want %q", got, git)
	}
}

// TestDiffersFromHead: the answer the handouts' revision marker prints.
func TestDiffersFromHead(t *testing.T) {
	isolate(t)
	dir := practice(t)
	const a, s = "clients/alice/agreement.md", "clients/alice/sessions/01.md"
	rewriteKeepingTime(t, dir, a, "---\nkind: agreemenT\n---\n")
	write(t, dir, s, "---\nkind: session\nnumber: 1\n---\n")
	run(t, dir, "add", s)
	write(t, dir, "clients/alice/sessions/02.md", "new\n")
	write(t, dir, "clients/bob/agreement.md", "---\nkind: agreement\n---\n") // same content, new time
	tree := open(t, dir)
	for name, want := range map[string]bool{
		a: true, s: true, "clients/alice/sessions/02.md": true,
		"clients/bob/agreement.md": false, "practice.yaml": false, "clients/none.md": false,
	} {
		got, err := tree.DiffersFromHead(name)
		if err != nil || got != want {
			t.Errorf("DiffersFromHead(%s) = %v, %v; want %v", name, got, err, want)
		}
	}
	if st := porcelain(t, dir); len(st) != 3 || !strings.Contains(strings.Join(st, "\n"), a) {
		t.Errorf("git status says %q", st)
	}
}
