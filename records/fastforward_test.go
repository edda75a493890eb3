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

	"github.com/go-git/go-git/v5/plumbing"
)

// pullFixture is a practice on two machines: a is the coach's machine that
// pulls, b the other one, which has pushed what the remote now holds.
type pullFixture struct {
	a, b string
}

func newPullFixture(t *testing.T) *pullFixture {
	t.Helper()
	gitEnv(t)
	url := "file://" + filepath.Join(bareRepo(t), "practice.git")
	work := t.TempDir()
	f := &pullFixture{a: filepath.Join(work, "a"), b: filepath.Join(work, "b")}
	gitIn(t, work, "init", "-q", "-b", "main", "a")
	writeFile(t, filepath.Join(f.a, "practice.yaml"), "name: Test\n")
	writeFile(t, filepath.Join(f.a, ".gitignore"), "/public/\n")
	writeFile(t, filepath.Join(f.a, "clients/alice/agreement.md"), "alice\n")
	writeFile(t, filepath.Join(f.a, "clients/carol/notes"), "carol\n")
	writeFile(t, filepath.Join(f.a, "clients/dan/old/a.md"), "dan\n")
	gitIn(t, f.a, "add", "-A")
	gitIn(t, f.a, "commit", "-q", "-m", "Start")
	gitIn(t, f.a, "remote", "add", "origin", url)
	if _, err := syncIn(t, f.a); err != nil {
		t.Fatal(err)
	}
	gitIn(t, work, "clone", "-q", url, "b")
	return f
}

// push commits everything in b and pushes it with git.
func (f *pullFixture) push(t *testing.T) {
	t.Helper()
	gitIn(t, f.b, "add", "-A", "-f")
	gitIn(t, f.b, "commit", "-q", "-m", "Change on B")
	gitIn(t, f.b, "push", "-q", "origin", "main")
}

// treeState is everything a pull could change in a work tree: every file and
// folder with its mode and content, what git has staged, and HEAD.
func treeState(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		line := fmt.Sprintf("%s %s", filepath.ToSlash(rel), fi.Mode())
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			line += " -> " + target
		case fi.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			line += fmt.Sprintf(" %s %q", fi.ModTime().UTC().Format("15:04:05.000000000"), data)
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\nindex:\n" + gitIn(t, dir, "ls-files", "-s") +
		"\nstatus:\n" + gitIn(t, dir, "status", "--porcelain", "--ignored", "-uall") + "\nHEAD " + gitIn(t, dir, "rev-parse", "HEAD")
}

// TestPullRefusesWhatItWouldOverwrite tries every shape of a pull meeting
// something the coach has that git does not hold as committed. Each is
// refused before anything changes: files and folders, the files' times, the
// index and HEAD are exactly as before.
func TestPullRefusesWhatItWouldOverwrite(t *testing.T) {
	tests := []struct {
		name   string
		remote func(t *testing.T, b string)
		local  func(t *testing.T, a string)
		want   string
		dirty  bool // refused as uncommitted changes, before fetching
		busy   bool // refused because another git holds the index
	}{{
		name:   "another git command holding the index",
		remote: func(t *testing.T, b string) { writeFile(t, filepath.Join(b, "clients/bob/agreement.md"), "bob\n") },
		local:  func(t *testing.T, a string) { writeFile(t, filepath.Join(a, ".git/index.lock"), "") },
		want:   "another git command is changing the git index",
		busy:   true,
	}, {
		name:   "a file where the remote has a folder",
		remote: func(t *testing.T, b string) { writeFile(t, filepath.Join(b, "clients/bob/agreement.md"), "bob\n") },
		local: func(t *testing.T, a string) {
			writeFile(t, filepath.Join(a, "clients/bob"), "a stray file\n")
			writeFile(t, filepath.Join(a, "clients/alice/sessions/01.md"), "not committed\n")
			writeFile(t, filepath.Join(a, "public/alice/session-01.html"), "ignored\n")
		},
		want: "clients/bob is a file here, where the remote has a folder",
	}, {
		name:   "a folder where the remote has a file",
		remote: func(t *testing.T, b string) { writeFile(t, filepath.Join(b, "clients/alice/plan.md"), "plan\n") },
		local: func(t *testing.T, a string) {
			writeFile(t, filepath.Join(a, "clients/alice/plan.md/draft.md"), "mine\n")
		},
		want: "clients/alice/plan.md is a folder here with files git does not track, where the remote has a file",
	}, {
		name: "an untracked file where the remote adds one",
		remote: func(t *testing.T, b string) {
			writeFile(t, filepath.Join(b, "clients/alice/sessions/01.md"), "from B\n")
		},
		local: func(t *testing.T, a string) {
			writeFile(t, filepath.Join(a, "clients/alice/sessions/01.md"), "from A\n")
		},
		want: "clients/alice/sessions/01.md is not committed here and would be overwritten by the remote's file",
	}, {
		name:   "an ignored file where the remote adds one",
		remote: func(t *testing.T, b string) { writeFile(t, filepath.Join(b, "public/index.html"), "from B\n") },
		local:  func(t *testing.T, a string) { writeFile(t, filepath.Join(a, "public/index.html"), "built here\n") },
		want:   "public/index.html is not committed here and would be overwritten by the remote's file",
	}, {
		name:   "a link where the remote has a folder",
		remote: func(t *testing.T, b string) { writeFile(t, filepath.Join(b, "clients/bob/agreement.md"), "bob\n") },
		local: func(t *testing.T, a string) {
			if err := os.Symlink(t.TempDir(), filepath.Join(a, "clients/bob")); err != nil {
				t.Skip(err)
			}
		},
		want: "clients/bob is a link here, where the remote has a folder",
	}, {
		name: "a folder the remote turns into a file, holding an untracked file",
		remote: func(t *testing.T, b string) {
			os.RemoveAll(filepath.Join(b, "clients/dan/old"))
			writeFile(t, filepath.Join(b, "clients/dan/old"), "now a file\n")
		},
		local: func(t *testing.T, a string) { writeFile(t, filepath.Join(a, "clients/dan/old/b.md"), "mine\n") },
		want:  "clients/dan/old is a folder here with files git does not track, where the remote has a file",
	}, {
		name:   "a modified file the remote also changes",
		remote: func(t *testing.T, b string) { writeFile(t, filepath.Join(b, "clients/alice/agreement.md"), "from B\n") },
		local: func(t *testing.T, a string) {
			writeFile(t, filepath.Join(a, "clients/alice/agreement.md"), "edited here\n")
		},
		dirty: true,
	}, {
		name: "a staged file the remote also adds",
		remote: func(t *testing.T, b string) {
			writeFile(t, filepath.Join(b, "clients/alice/sessions/01.md"), "from B\n")
		},
		local: func(t *testing.T, a string) {
			writeFile(t, filepath.Join(a, "clients/alice/sessions/01.md"), "from B\n")
			gitIn(t, a, "add", "clients/alice/sessions/01.md")
		},
		dirty: true,
	}, {
		name: "a link on the remote",
		remote: func(t *testing.T, b string) {
			if err := os.Symlink("/etc", filepath.Join(b, "clients/alice/etc")); err != nil {
				t.Skip(err)
			}
		},
		local: func(t *testing.T, a string) {},
		want:  "clients/alice/etc is a link, a submodule or a path rapport does not write",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newPullFixture(t)
			tt.remote(t, f.b)
			f.push(t)
			tt.local(t, f.a)
			before := treeState(t, f.a)
			res, err := syncIn(t, f.a)
			switch {
			case tt.dirty && !errors.Is(err, ErrDirty):
				t.Errorf("want the uncommitted change refused, got %+v, %v", res, err)
			case !tt.dirty && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("want %q, got %+v, %v", tt.want, res, err)
			}
			var coll *CollisionError
			if !tt.dirty && !tt.busy && !errors.As(err, &coll) {
				t.Errorf("%v is not a CollisionError", err)
			}
			if after := treeState(t, f.a); after != before {
				t.Errorf("a refused pull changed the work tree\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// TestPullChangesOnlyItsOwnFiles pulls changes of every shape (a file
// added, changed, removed, a file that becomes a folder and a folder that
// becomes a file) into a work tree with untracked and ignored files beside
// them: the pulled files match the remote, git sees nothing uncommitted, and
// everything else is as it was.
func TestPullChangesOnlyItsOwnFiles(t *testing.T) {
	f := newPullFixture(t)
	writeFile(t, filepath.Join(f.b, "clients/alice/agreement.md"), "alice, amended\n")
	writeFile(t, filepath.Join(f.b, "clients/bob/agreement.md"), "bob\n")
	os.Remove(filepath.Join(f.b, "clients/carol/notes"))
	writeFile(t, filepath.Join(f.b, "clients/carol/notes/01.md"), "a folder now\n")
	os.RemoveAll(filepath.Join(f.b, "clients/dan/old"))
	writeFile(t, filepath.Join(f.b, "clients/dan/old"), "a file now\n")
	f.push(t)

	mine := map[string]string{
		"clients/alice/sessions/01.md": "not committed\n",
		"clients/carol/draft.md":       "not committed\n",
		"public/alice/index.html":      "ignored\n",
		"notes.txt":                    "the coach's own\n",
	}
	for p, data := range mine {
		writeFile(t, filepath.Join(f.a, p), data)
	}
	if err := os.Chmod(filepath.Join(f.a, "clients/alice/agreement.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := syncIn(t, f.a)
	if err != nil || !res.Pulled {
		t.Fatalf("%+v, %v", res, err)
	}
	for p, data := range mine {
		if got, err := os.ReadFile(filepath.Join(f.a, p)); string(got) != data {
			t.Errorf("%s: %q, %v", p, got, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(f.a, "clients/alice/agreement.md")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the pulled agreement's permissions: %v, %v", fi.Mode(), err)
	}
	if got, want := gitIn(t, f.a, "ls-files", "-s"), gitIn(t, f.b, "ls-files", "-s"); got != want {
		t.Errorf("index:\n%s\nwant:\n%s", got, want)
	}
	want := "?? clients/alice/sessions/01.md\n?? clients/carol/draft.md\n?? notes.txt\n!! public/alice/index.html"
	if got := gitIn(t, f.a, "status", "--porcelain", "--ignored", "-uall"); got != want {
		t.Errorf("status:\n%s\nwant:\n%s", got, want)
	}
	if got, want := gitIn(t, f.a, "rev-parse", "HEAD"), gitIn(t, f.b, "rev-parse", "HEAD"); got != want {
		t.Errorf("HEAD %s, want %s", got, want)
	}
}

// TestFastForwardHashesWhatItReplaces edits a committed file the remote
// also changes, keeping its size and restoring its modification time (as
// cp -p and some sync clients do). The fast-forward does not rely on the
// status check before it: it hashes each file it would replace, and refuses.
func TestFastForwardHashesWhatItReplaces(t *testing.T) {
	f := newPullFixture(t)
	writeFile(t, filepath.Join(f.b, "clients/alice/agreement.md"), "from B\n")
	f.push(t)
	gitIn(t, f.a, "fetch", "-q", "origin")
	path := filepath.Join(f.a, "clients/alice/agreement.md")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, "ALICE\n") // the same size as "alice\n"
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	before := treeState(t, f.a)
	r, err := OpenRepo(f.a)
	if err != nil {
		t.Fatal(err)
	}
	branch, ours, err := r.Branch()
	if err != nil {
		t.Fatal(err)
	}
	theirs := gitIn(t, f.a, "rev-parse", "origin/main")
	err = r.fastForward(branch, ours, plumbing.NewHash(theirs))
	var coll *CollisionError
	if !errors.As(err, &coll) || coll.Path != "clients/alice/agreement.md" || !strings.Contains(coll.Reason, "has changes here that are not committed") {
		t.Fatalf("err = %v", err)
	}
	if after := treeState(t, f.a); after != before {
		t.Errorf("a refused fast-forward changed the work tree\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
