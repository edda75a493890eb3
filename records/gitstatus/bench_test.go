package gitstatus_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/rapport-coach/rapport/records/gitstatus"
)

// benchRepo is the practice the benchmarks read: the folder in
// RAPPORT_GIT_CORPUS, generated there by ../shared/tools/gencorpus
// (RAPPORT_GIT_CLIENTS clients, default 200, x 20 sessions) and committed
// with the git command line when it does not exist yet.
func benchRepo(b *testing.B) *git.Repository {
	dir := os.Getenv("RAPPORT_GIT_CORPUS")
	if dir == "" {
		b.Skip("set RAPPORT_GIT_CORPUS to a folder to benchmark git status over a generated practice")
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		clients := os.Getenv("RAPPORT_GIT_CLIENTS")
		if _, err := strconv.Atoi(clients); err != nil {
			clients = "200"
		}
		gen, err := filepath.Abs("../../../shared/tools/gencorpus")
		if err != nil {
			b.Fatal(err)
		}
		steps := [][]string{
			{gen, "go", "run", ".", "-clients", clients, "-sessions", "20", "-out", dir},
			{dir, "git", "init", "-q", "-b", "main"},
			{dir, "git", "add", "-A"},
			{dir, "git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "corpus"},
		}
		for _, s := range steps {
			cmd := exec.Command(s[1], s[2:]...)
			cmd.Dir = s[0]
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%v: %v\n%s", s[1:], err, out)
			}
		}
		// what a coach's practice holds besides its records: built
		// handouts, ignored, and a few edits not yet committed
		for i := range 2000 {
			writeBench(b, filepath.Join(dir, "public", strconv.Itoa(i%50), strconv.Itoa(i)+".html"), "<p>handout</p>\n")
		}
		writeBench(b, filepath.Join(dir, ".gitignore"), "public/\n")
		writeBench(b, filepath.Join(dir, "clients", "new-client", "agreement.md"), "---\nkind: agreement\n---\n")
	}
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err != nil {
		b.Fatal(err)
	}
	return repo
}

func writeBench(b *testing.B, name, data string) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkStatus is gitstatus over the whole work tree.
func BenchmarkStatus(b *testing.B) {
	repo := benchRepo(b)
	for b.Loop() {
		tree, err := gitstatus.Open(repo)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tree.Status(""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGoGitStatus is go-git's Worktree.Status on the same work tree,
// the yardstick gitstatus has to beat to be worth keeping.
func BenchmarkGoGitStatus(b *testing.B) {
	repo := benchRepo(b)
	for b.Loop() {
		wt, err := repo.Worktree()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := wt.Status(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatusVsGoGit runs both in each round and reports how many times
// longer go-git's status took than gitstatus's.
func BenchmarkStatusVsGoGit(b *testing.B) {
	repo := benchRepo(b)
	var ours, theirs time.Duration
	for b.Loop() {
		start := time.Now()
		tree, err := gitstatus.Open(repo)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tree.Status(""); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
		start = time.Now()
		wt, err := repo.Worktree()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := wt.Status(); err != nil {
			b.Fatal(err)
		}
		theirs += time.Since(start)
	}
	b.ReportMetric(float64(theirs)/float64(ours), "x-gitstatus")
}

// BenchmarkStatusVsCat is gitstatus against cat of every tracked file, the
// yardstick of PRODUCT.md's performance targets.
func BenchmarkStatusVsCat(b *testing.B) {
	repo := benchRepo(b)
	wt, err := repo.Worktree()
	if err != nil {
		b.Fatal(err)
	}
	idx, err := repo.Storer.Index()
	if err != nil {
		b.Fatal(err)
	}
	var files []string
	for _, e := range idx.Entries {
		files = append(files, filepath.Join(wt.Filesystem.Root(), e.Name))
	}
	var ours, catted time.Duration
	for b.Loop() {
		start := time.Now()
		for i := 0; i < len(files); i += 2000 {
			cmd := exec.Command("cat", files[i:min(i+2000, len(files))]...)
			cmd.Stdout = io.Discard
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
		catted += time.Since(start)
		start = time.Now()
		tree, err := gitstatus.Open(repo)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tree.Status(""); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
	}
	b.ReportMetric(float64(ours)/float64(catted), "x-cat")
}
