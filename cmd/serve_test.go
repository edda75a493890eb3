package cmd

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to write from serve's goroutines while
// the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// copyExample copies the example practice into a temporary folder.
func copyExample(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	src := filepath.Join("..", "example-practice")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(root, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(root, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// eventually polls cond until it holds or a few seconds pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return string(body)
}

func TestServeRebuildsAndReloads(t *testing.T) {
	root := copyExample(t)
	var stdout, stderr syncBuffer
	a := &App{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		if k == "RAPPORT_NOW" {
			return "2026-11-20"
		}
		return ""
	}, Getwd: func() (string, error) { return root, nil }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, a, &serveOptions{port: 0, bind: "127.0.0.1"}) }()

	addr := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)
	eventually(t, "serve to print its address", func() bool { return addr.MatchString(stdout.String()) })
	url := addr.FindStringSubmatch(stdout.String())[1]

	page := get(t, url)
	if !strings.Contains(page, "Ελένη Παπαδοπούλου") || !strings.Contains(page, "/_rapport/events") {
		t.Fatalf("served index lacks the client or the reload script:\n%s", page)
	}
	built, _ := os.ReadFile(filepath.Join(root, "public", "index.html"))
	if bytes.Contains(built, []byte("_rapport")) {
		t.Error("the reload script reached the built file")
	}
	resp, err := http.Get(url + ".rapport-build.json")
	if err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("the build manifest is served: %v %v", resp.Status, err)
	}

	// A page elsewhere that rebinds its name to 127.0.0.1, or that asks
	// for the rebuild events, is refused.
	port := url[strings.LastIndex(url, ":")+1 : len(url)-1]
	for _, tc := range []struct {
		path, host, origin string
		want               int
	}{
		{"", "evil.example:" + port, "", http.StatusMisdirectedRequest},
		{"", "localhost.evil.example:" + port, "", http.StatusMisdirectedRequest},
		{"_rapport/events", "", "https://evil.example", http.StatusForbidden},
	} {
		req, _ := http.NewRequest("GET", url+tc.path, nil)
		if tc.host != "" {
			req.Host = tc.host
		}
		if tc.origin != "" {
			req.Header.Set("Origin", tc.origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET /%s with Host %q, Origin %q: %s, want %d", tc.path, tc.host, tc.origin, resp.Status, tc.want)
		}
	}

	events, err := http.Get(url + "_rapport/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	lines := bufio.NewReader(events.Body)
	if line, _ := lines.ReadString('\n'); line != "data: 0\n" {
		t.Fatalf("first event %q, want the current generation", line)
	}

	agreement := filepath.Join(root, "clients", "eleni-papadopoulou", "agreement.md")
	data, _ := os.ReadFile(agreement)
	data = bytes.Replace(data, []byte("client_name: Ελένη Παπαδοπούλου"), []byte("client_name: Eleni Papadopoulou"), 1)
	if err := os.WriteFile(agreement, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		for {
			line, err := lines.ReadString('\n')
			if err != nil || strings.HasPrefix(line, "data: ") {
				got <- line
				return
			}
		}
	}()
	select {
	case line := <-got:
		if line == "data: 0\n" || !strings.HasPrefix(line, "data: ") {
			t.Errorf("event after the change: %q, want a new generation", line)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no reload event after a record changed; serve said:\n%s%s", stdout.String(), stderr.String())
	}
	// An editor's save may come as several events, so more than one
	// rebuild may follow; the page gets there in the end.
	eventually(t, "the page to show the new name", func() bool {
		return strings.Contains(get(t, url), "Eleni Papadopoulou")
	})

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve stopped with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop on Ctrl-C")
	}
	if !regexp.MustCompile(`rebuilt: [1-9][0-9]* rendered, [1-9][0-9]* skipped`).MatchString(stdout.String()) || !strings.HasSuffix(stdout.String(), "stopped\n") {
		t.Errorf("serve output:\n%s", stdout.String())
	}
}

func TestServeWarnsOffLoopback(t *testing.T) {
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1", true},
		{"::1", true},
		{"localhost", true},
		{"0.0.0.0", false},
		{"192.168.1.4", false},
		{"", false},
	} {
		if got := isLoopback(tc.addr); got != tc.ok {
			t.Errorf("isLoopback(%q) = %v, want %v", tc.addr, got, tc.ok)
		}
	}
}
