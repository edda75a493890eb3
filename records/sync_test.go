package records

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// git runs the git command line in dir, as the second machine's coach would.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// gitEnv gives the git command line a fixed identity and no user or system
// configuration, so the tests never reach beyond their own folders.
func gitEnv(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, "gitconfig"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_TERMINAL_PROMPT", "0")
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		t.Setenv(k, "Jo Bloggs")
	}
	for _, k := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
		t.Setenv(k, "jo@example.org")
	}
	return home
}

func bareRepo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	gitIn(t, root, "init", "-q", "--bare", "-b", "main", "practice.git")
	return root
}

// gitDaemon serves the repositories under root over git:// on loopback.
func gitDaemon(t *testing.T, root string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command("git", "daemon", "--export-all", "--enable=receive-pack", "--reuseaddr",
		"--base-path="+root, "--listen=127.0.0.1", "--port="+strconv.Itoa(port), root)
	if err := cmd.Start(); err != nil {
		t.Skipf("git daemon: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("git daemon did not start on %s", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "git://" + addr + "/practice.git"
}

// gitHTTP serves the repositories under root through git http-backend on
// loopback, asking for a username and password as a hosted remote would.
func gitHTTP(t *testing.T, root, user, pass string) string {
	t.Helper()
	execPath := gitIn(t, root, "--exec-path")
	backend := filepath.Join(execPath, "git-http-backend")
	if _, err := os.Stat(backend); err != nil {
		t.Skipf("no git http-backend: %v", err)
	}
	gitIn(t, filepath.Join(root, "practice.git"), "config", "http.receivepack", "true")
	cgiHandler := &cgi.Handler{Path: backend, Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != user || p != pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="practice"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		cgiHandler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/practice.git"
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func syncIn(t *testing.T, dir string) (*SyncResult, error) {
	t.Helper()
	r, err := OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return r.Sync(ctx, "origin")
}

// twoMachines plays a coach working from two machines through url.
func twoMachines(t *testing.T, url string) {
	work := t.TempDir()
	a, b := filepath.Join(work, "a"), filepath.Join(work, "b")

	gitIn(t, work, "init", "-q", "-b", "main", "a")
	writeFile(t, filepath.Join(a, "practice.yaml"), "name: Test\n")
	gitIn(t, a, "add", "-A")
	gitIn(t, a, "commit", "-q", "-m", "Start the practice")
	gitIn(t, a, "remote", "add", "origin", url)
	res, err := syncIn(t, a)
	if err != nil || !res.Pushed || res.Ahead != 1 {
		t.Fatalf("first push: %+v, %v", res, err)
	}

	gitIn(t, work, "clone", "-q", url, "b")
	if res, err := syncIn(t, b); err != nil || res.Pushed || res.Pulled {
		t.Fatalf("fresh clone: %+v, %v", res, err)
	}

	// A contracts a client; B gets the agreement.
	writeFile(t, filepath.Join(a, "clients/alice/agreement.md"), "---\nkind: agreement\n---\n")
	gitIn(t, a, "add", "-A")
	gitIn(t, a, "commit", "-q", "-m", "Contract Alice")
	if res, err := syncIn(t, a); err != nil || !res.Pushed {
		t.Fatalf("A pushes: %+v, %v", res, err)
	}
	res, err = syncIn(t, b)
	if err != nil || !res.Pulled || res.Behind != 1 {
		t.Fatalf("B pulls: %+v, %v", res, err)
	}
	if data, err := os.ReadFile(filepath.Join(b, "clients/alice/agreement.md")); err != nil || !strings.Contains(string(data), "agreement") {
		t.Fatalf("B's copy of the agreement: %q, %v", data, err)
	}
	if st := gitIn(t, b, "status", "--porcelain"); st != "" {
		t.Fatalf("B after pulling: %s", st)
	}
	if gitIn(t, b, "rev-parse", "HEAD") != gitIn(t, a, "rev-parse", "HEAD") {
		t.Fatal("A and B differ after syncing")
	}

	// Both write a session; A syncs first, B is refused and keeps its own.
	writeFile(t, filepath.Join(a, "clients/alice/sessions/01.md"), "from A\n")
	gitIn(t, a, "add", "-A")
	gitIn(t, a, "commit", "-q", "-m", "Session 1 on A")
	writeFile(t, filepath.Join(b, "clients/alice/sessions/01.md"), "from B\n")
	gitIn(t, b, "add", "-A")
	gitIn(t, b, "commit", "-q", "-m", "Session 1 on B")
	if _, err := syncIn(t, a); err != nil {
		t.Fatal(err)
	}
	head := gitIn(t, b, "rev-parse", "HEAD")
	res, err = syncIn(t, b)
	if !errors.Is(err, ErrDiverged) || res.Ahead != 1 || res.Behind != 1 {
		t.Fatalf("B after both committed: %+v, %v", res, err)
	}
	if gitIn(t, b, "rev-parse", "HEAD") != head {
		t.Error("a refused sync moved B's branch")
	}
	if data, _ := os.ReadFile(filepath.Join(b, "clients/alice/sessions/01.md")); string(data) != "from B\n" {
		t.Errorf("a refused sync changed B's session: %q", data)
	}
	if st := gitIn(t, b, "status", "--porcelain"); st != "" {
		t.Errorf("B after a refused sync: %s", st)
	}
	// The remote still has A's session, not B's.
	if got := gitIn(t, a, "ls-remote", "origin", "refs/heads/main"); !strings.HasPrefix(got, gitIn(t, a, "rev-parse", "HEAD")) {
		t.Errorf("remote main is %s", got)
	}
}

func TestSyncThroughGitDaemon(t *testing.T) {
	gitEnv(t)
	twoMachines(t, gitDaemon(t, bareRepo(t)))
}

func TestSyncThroughHTTPWithCredentialHelper(t *testing.T) {
	home := gitEnv(t)
	url := gitHTTP(t, bareRepo(t), "jo", "s3cret-pass")
	// The coach's git keeps the password in its credential store; rapport
	// asks git for it and never sees it anywhere else.
	store := filepath.Join(home, "credentials")
	host := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/practice.git")
	writeFile(t, store, "http://jo:s3cret-pass@"+host+"\n")
	writeFile(t, filepath.Join(home, "gitconfig"), "[credential]\n\thelper = store --file="+store+"\n")
	twoMachines(t, url)
}

func TestSyncWithoutCredentialsFails(t *testing.T) {
	gitEnv(t)
	url := gitHTTP(t, bareRepo(t), "jo", "s3cret-pass")
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q", "-b", "main")
	writeFile(t, filepath.Join(dir, "practice.yaml"), "name: Test\n")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "Start")
	gitIn(t, dir, "remote", "add", "origin", url)
	_, err := syncIn(t, dir)
	if err == nil || !strings.Contains(err.Error(), "authentication required") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Error("the error shows a password")
	}
}

func TestSyncRefusesWhatItCannotDo(t *testing.T) {
	gitEnv(t)
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q", "-b", "main")
	writeFile(t, filepath.Join(dir, "practice.yaml"), "name: Test\n")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "Start")
	if _, err := syncIn(t, dir); !errors.Is(err, ErrNoRemote) {
		t.Errorf("no remote: %v", err)
	}
	gitIn(t, dir, "remote", "add", "origin", "file://"+filepath.Join(bareRepo(t), "practice.git"))
	writeFile(t, filepath.Join(dir, "practice.yaml"), "name: Changed\n")
	if _, err := syncIn(t, dir); !errors.Is(err, ErrDirty) {
		t.Errorf("uncommitted change: %v", err)
	}
	if got := gitIn(t, dir, "branch", "-r"); got != "" {
		t.Errorf("a refused sync fetched: %q", got)
	}
}

func TestSyncFastForwardKeepsUntrackedFiles(t *testing.T) {
	gitEnv(t)
	url := "file://" + filepath.Join(bareRepo(t), "practice.git")
	work := t.TempDir()
	a, b := filepath.Join(work, "a"), filepath.Join(work, "b")
	gitIn(t, work, "init", "-q", "-b", "main", "a")
	writeFile(t, filepath.Join(a, "practice.yaml"), "name: Test\n")
	gitIn(t, a, "add", "-A")
	gitIn(t, a, "commit", "-q", "-m", "Start")
	gitIn(t, a, "remote", "add", "origin", url)
	if _, err := syncIn(t, a); err != nil {
		t.Fatal(err)
	}
	gitIn(t, work, "clone", "-q", url, "b")
	writeFile(t, filepath.Join(a, "clients/alice/agreement.md"), "from A\n")
	gitIn(t, a, "add", "-A")
	gitIn(t, a, "commit", "-q", "-m", "Contract Alice")
	if _, err := syncIn(t, a); err != nil {
		t.Fatal(err)
	}

	// B wrote the same file without committing it: a fast-forward would
	// overwrite it, so sync refuses and leaves B as it was.
	writeFile(t, filepath.Join(b, "clients/alice/agreement.md"), "from B, not committed\n")
	head := gitIn(t, b, "rev-parse", "HEAD")
	_, err := syncIn(t, b)
	if err == nil || !strings.Contains(err.Error(), "clients/alice/agreement.md is not committed here and would be overwritten") {
		t.Fatalf("err = %v", err)
	}
	if gitIn(t, b, "rev-parse", "HEAD") != head {
		t.Error("the refused fast-forward moved the branch")
	}
	if data, _ := os.ReadFile(filepath.Join(b, "clients/alice/agreement.md")); string(data) != "from B, not committed\n" {
		t.Errorf("B's file became %q", data)
	}
	// An untracked file elsewhere is kept through a fast-forward.
	os.Remove(filepath.Join(b, "clients/alice/agreement.md"))
	writeFile(t, filepath.Join(b, "drafts/idea.md"), "mine\n")
	if res, err := syncIn(t, b); err != nil || !res.Pulled {
		t.Fatalf("%+v, %v", res, err)
	}
	if data, _ := os.ReadFile(filepath.Join(b, "drafts/idea.md")); string(data) != "mine\n" {
		t.Errorf("the untracked draft became %q", data)
	}
	if data, _ := os.ReadFile(filepath.Join(b, "clients/alice/agreement.md")); string(data) != "from A\n" {
		t.Errorf("B's agreement is %q", data)
	}
}
