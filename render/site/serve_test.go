package site

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func TestInjectReload(t *testing.T) {
	for _, tc := range []struct{ name, page, before string }{
		{"before the closing body tag", "<html><body><p>hi</p></body></html>", "</body></html>"},
		{"upper-case tag", "<HTML><BODY>hi</BODY></HTML>", "</BODY></HTML>"},
		{"no body tag", "<p>hi</p>", ""},
		// Letters whose lower case is longer (Ⱥ) or shorter (İ) in UTF-8
		// must not move where the tag is found.
		{"longer lower case before", "<body><p>ȺȺȺȺȺȺȺȺ</p></body></html>", "</body></html>"},
		{"shorter lower case before", "<body><p>İİİİ</p></body>\n", "</body>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(injectReload([]byte(tc.page), 3))
			if !strings.Contains(got, "var g=3;") || !strings.Contains(got, EventsPath) {
				t.Fatalf("no reload script in %q", got)
			}
			if !strings.HasSuffix(got, "</script>"+tc.before) {
				t.Errorf("script misplaced: %q", got)
			}
		})
	}
}

func TestServerServesPagesNotSecrets(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "alice"), 0o755)
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<body>index</body>"), 0o644)
	os.WriteFile(filepath.Join(dir, "alice", "session-01.html"), []byte("<body>one</body>"), 0o644)
	os.WriteFile(filepath.Join(dir, "alice", "session-01.pdf"), []byte("%PDF-1.7"), 0o644)
	os.WriteFile(filepath.Join(dir, ManifestFile), []byte("{}"), 0o644)
	srv := httptest.NewServer(NewServer(dir))
	defer srv.Close()
	for _, tc := range []struct {
		path   string
		status int
		has    string
	}{
		{"/", 200, "index"},
		{"/alice/session-01.html", 200, "one<script>"},
		{"/alice/session-01.pdf", 200, "%PDF-1.7"},
		{"/" + ManifestFile, 404, ""},
		{"/alice/.x.html", 404, ""},
		{"/../etc/passwd", 400, ""},
		{"/nothing.html", 404, ""},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		buf := make([]byte, 4096)
		n, _ := resp.Body.Read(buf)
		b.Write(buf[:n])
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(b.String(), tc.has) {
			t.Errorf("GET %s: %d %q, want %d with %q", tc.path, resp.StatusCode, b.String(), tc.status, tc.has)
		}
		if tc.path == "/alice/session-01.pdf" && strings.Contains(b.String(), "<script>") {
			t.Error("script injected into a pdf")
		}
	}
}

func TestWatchSeesNewFolders(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "clients", "alice"), 0o755)
	os.MkdirAll(filepath.Join(root, "public"), 0o755)
	var changes atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	done, err := Watch(ctx, root, []string{filepath.Join(root, "public")}, 20*time.Millisecond, func([]string) { changes.Add(1) }, func(err error) { t.Errorf("a folder not watched: %v", err) })
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); <-done }()

	wait := func(what string, want int32) {
		t.Helper()
		deadline := time.Now().Add(3 * time.Second)
		for changes.Load() < want {
			if time.Now().After(deadline) {
				t.Fatalf("no rebuild after %s", what)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	os.WriteFile(filepath.Join(root, "clients", "alice", "agreement.md"), []byte("x"), 0o644)
	wait("a new record", 1)
	os.MkdirAll(filepath.Join(root, "clients", "bob", "sessions"), 0o755)
	time.Sleep(100 * time.Millisecond)
	n := changes.Load()
	os.WriteFile(filepath.Join(root, "clients", "bob", "sessions", "s.md"), []byte("x"), 0o644)
	wait("a record in a new folder", n+1)

	// The destination and editors' hidden files do not trigger rebuilds.
	time.Sleep(100 * time.Millisecond)
	n = changes.Load()
	os.WriteFile(filepath.Join(root, "public", "index.html"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "clients", "alice", ".agreement.md.swp"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "notes.txt"), []byte("x"), 0o644)
	time.Sleep(200 * time.Millisecond)
	if got := changes.Load(); got != n {
		t.Errorf("%d rebuilds for files a build does not read", got-n)
	}
}

// TestWatchTellsOfUnwatchedFolders: a folder the system will not watch
// (out of watches) is told, once, and from then on every change is
// reported as one that may be anything.
func TestWatchTellsOfUnwatchedFolders(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"alice", "bob", "cat"} {
		os.MkdirAll(filepath.Join(root, "clients", dir, "sessions"), 0o755)
	}
	full := errors.New("no space left on device")
	defer func(add func(*fsnotify.Watcher, string) error) { addWatch = add }(addWatch)
	addWatch = func(w *fsnotify.Watcher, path string) error {
		if strings.Contains(path, string(filepath.Separator)+"bob") || strings.Contains(path, string(filepath.Separator)+"cat") {
			return full
		}
		return w.Add(path)
	}
	var mu sync.Mutex
	var told []error
	var changes [][]string
	ctx, cancel := context.WithCancel(context.Background())
	done, err := Watch(ctx, root, nil, 20*time.Millisecond, func(paths []string) {
		mu.Lock()
		changes = append(changes, paths)
		mu.Unlock()
	}, func(err error) {
		mu.Lock()
		told = append(told, err)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); <-done }()
	mu.Lock()
	if len(told) != 1 || !errors.Is(told[0], full) {
		t.Errorf("told of folders not watched: %v, want one error", told)
	}
	mu.Unlock()
	os.WriteFile(filepath.Join(root, "clients", "alice", "sessions", "s.md"), []byte("x"), 0o644)
	deadline := time.Now().Add(3 * time.Second)
	for {
		mu.Lock()
		n := len(changes)
		mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no change reported")
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if changes[0] != nil {
		t.Errorf("a change reported as %v while folders are not watched, want nil (anything may have changed)", changes[0])
	}
}

// TestServerStaysInItsFolder: a link in the served folder to a file
// elsewhere does not serve that file.
func TestServerStaysInItsFolder(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.html"), []byte("<body>private notes</body>"), 0o644)
	os.WriteFile(filepath.Join(outside, "secret.pdf"), []byte("private notes"), 0o644)
	for _, name := range []string{"secret.html", "secret.pdf"} {
		if err := os.Symlink(filepath.Join(outside, name), filepath.Join(dir, name)); err != nil {
			t.Skip("no symlinks here:", err)
		}
	}
	os.Symlink(outside, filepath.Join(dir, "elsewhere"))
	srv := httptest.NewServer(NewServer(dir))
	defer srv.Close()
	for _, p := range []string{"/secret.html", "/secret.pdf", "/elsewhere/secret.html", "/elsewhere/secret.pdf"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "private notes") {
			t.Errorf("GET %s served a file from outside the folder", p)
		}
	}
}
