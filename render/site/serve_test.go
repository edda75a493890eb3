package site

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
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
	done := make(chan struct{})
	go func() {
		Watch(ctx, root, []string{filepath.Join(root, "public")}, 20*time.Millisecond, func([]string) { changes.Add(1) })
		close(done)
	}()
	defer func() { cancel(); <-done }()
	time.Sleep(100 * time.Millisecond) // let the watches settle

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
