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
	"slices"
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

// serving runs serve on the practice at root until the test ends, and
// returns its address and what it prints.
func serving(t *testing.T, root string) (url string, stdout, stderr *syncBuffer) {
	t.Helper()
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	a := &App{Stdout: stdout, Stderr: stderr, Getenv: func(k string) string {
		if k == "RAPPORT_NOW" {
			return "2026-11-20"
		}
		return ""
	}, Getwd: func() (string, error) { return root, nil }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, a, &serveOptions{port: 0, bind: "127.0.0.1"}) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve stopped with %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop")
		}
	})
	addr := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)
	deadline := time.Now().Add(20 * time.Second)
	for !addr.MatchString(stdout.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s%s", stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // the watcher is set up
	return addr.FindStringSubmatch(stdout.String())[1], stdout, stderr
}

// addLine saves a record with a line added at the top of its body, as an
// editor would.
func addLine(t *testing.T, rec, line string) {
	t.Helper()
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	end := bytes.Index(data[3:], []byte("\n---\n")) + 3 + len("\n---\n")
	edited := slices.Concat(data[:end], []byte("\n"+line+"\n"), data[end:])
	if err := os.WriteFile(rec, edited, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestServeKeepsPDFsCurrent: after a build in HTML and PDF, serve starts
// from what the build made, and a session edited while serving has its PDF
// rendered again with the HTML, so the PDF link gives the current handout.
func TestServeKeepsPDFsCurrent(t *testing.T) {
	root := copyExample(t)
	var out, errs syncBuffer
	a := &App{Stdout: &out, Stderr: &errs, Getenv: func(k string) string {
		if k == "RAPPORT_NOW" {
			return "2026-11-20"
		}
		return ""
	}, Getwd: func() (string, error) { return root, nil }}
	if err := runBuild(context.Background(), a, &buildOptions{formats: []string{"html", "pdf"}, quiet: true}); err != nil {
		t.Fatalf("build: %v\n%s", err, errs.String())
	}
	pdf := filepath.Join(root, "public", "eleni-papadopoulou", "session-01.pdf")
	html := filepath.Join(root, "public", "eleni-papadopoulou", "session-01.html")
	before, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatalf("the build made no PDF: %v", err)
	}

	url, stdout, stderr := serving(t, root)
	if !regexp.MustCompile(`built \S+: 0 rendered, [1-9][0-9]* skipped`).MatchString(stdout.String()) {
		t.Errorf("serve did not start from the build's outputs:\n%s", stdout.String())
	}
	const line = "We agreed to try the two-sentence opener at the depot review on Thursday."
	addLine(t, filepath.Join(root, "clients", "eleni-papadopoulou", "sessions", "2026-09-02-01.md"), line)
	eventually(t, "the HTML handout to show the edit", func() bool {
		data, _ := os.ReadFile(html)
		return bytes.Contains(data, []byte("two-sentence opener"))
	})
	eventually(t, "the PDF handout to be rendered again", func() bool {
		data, _ := os.ReadFile(pdf)
		return len(data) > 0 && !bytes.Equal(data, before)
	})
	served := []byte(get(t, url+"eleni-papadopoulou/session-01.pdf"))
	now, _ := os.ReadFile(pdf)
	if !bytes.Equal(served, now) {
		t.Errorf("the PDF link serves something other than the PDF built")
	}
	if text := pdfText(t, served); text != nil && !bytes.Contains(bytes.Join(bytes.Fields(text), []byte(" ")), []byte(line)) {
		t.Errorf("the served PDF lacks the edit:\n%s", text)
	}
	if strings.Contains(stderr.String(), "rapport: ") {
		t.Errorf("serve reported:\n%s", stderr.String())
	}
}

// TestServeSeesChangesDuringFirstBuild: a record saved after serve's first
// build read it, before serving begins, is rebuilt: the practice is
// watched from before that build.
func TestServeSeesChangesDuringFirstBuild(t *testing.T) {
	root := copyExample(t)
	const line = "We agreed to try the two-sentence opener at the depot review on Thursday."
	defer func() { afterFirstBuild = nil }()
	afterFirstBuild = func() {
		addLine(t, filepath.Join(root, "clients", "eleni-papadopoulou", "sessions", "2026-09-02-01.md"), line)
	}
	serving(t, root)
	eventually(t, "the HTML handout to show the edit saved during the first build", func() bool {
		data, _ := os.ReadFile(filepath.Join(root, "public", "eleni-papadopoulou", "session-01.html"))
		return bytes.Contains(data, []byte("two-sentence opener"))
	})
}

// TestServeKeepsLargePrintPDFs: the PDFs a build made in large print
// (--large-print) stay large when serve renders them again, though serve's
// own HTML preview is in standard print.
func TestServeKeepsLargePrintPDFs(t *testing.T) {
	root := copyExample(t)
	var out, errs syncBuffer
	a := &App{Stdout: &out, Stderr: &errs, Getenv: func(k string) string {
		if k == "RAPPORT_NOW" {
			return "2026-11-20"
		}
		return ""
	}, Getwd: func() (string, error) { return root, nil }}
	if err := runBuild(context.Background(), a, &buildOptions{formats: []string{"html", "pdf"}, large: true, quiet: true}); err != nil {
		t.Fatalf("build: %v\n%s", err, errs.String())
	}
	large := regexp.MustCompile(`/F[0-9]+ 16 Tf`)
	pdf := filepath.Join(root, "public", "eleni-papadopoulou", "session-01.pdf")
	other := filepath.Join(root, "public", "lukasz-nowak", "session-01.pdf")
	before, err := os.ReadFile(pdf)
	if err != nil || !large.Match(before) {
		t.Fatalf("the build made no large-print PDF: %v", err)
	}
	otherBefore, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}

	_, _, stderr := serving(t, root)
	const line = "We agreed to try the two-sentence opener at the depot review on Thursday."
	addLine(t, filepath.Join(root, "clients", "eleni-papadopoulou", "sessions", "2026-09-02-01.md"), line)
	var now []byte
	eventually(t, "the PDF handout to be rendered again", func() bool {
		now, _ = os.ReadFile(pdf)
		return len(now) > 0 && !bytes.Equal(now, before)
	})
	if !large.Match(now) {
		t.Errorf("serve drew the PDF of the edited session in standard print")
	}
	if data, _ := os.ReadFile(other); !bytes.Equal(data, otherBefore) {
		t.Errorf("serve drew again a PDF whose records did not change (large print %v)", large.Match(data))
	}
	// A new session's PDF is drawn as the client's others were.
	if err := os.WriteFile(filepath.Join(root, "clients", "eleni-papadopoulou", "sessions", "2026-11-11-05.md"),
		[]byte("---\nkind: session\nnumber: 5\ndate: 2026-11-11\nminutes: 60\ngoals: [speak-up]\n---\n## What we discussed\n\nThe depot review went well.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifth := filepath.Join(root, "public", "eleni-papadopoulou", "session-05.pdf")
	eventually(t, "the new session's PDF", func() bool {
		now, _ = os.ReadFile(fifth)
		return len(now) > 0
	})
	if !large.Match(now) {
		t.Errorf("serve drew the PDF of a new session in standard print")
	}
	if strings.Contains(stderr.String(), "rapport: ") {
		t.Errorf("serve reported:\n%s", stderr.String())
	}
}

// TestServeGuardLearnsNewNames: the leak guard serve keeps between rebuilds
// learns a client's new name before the next handout is written, whether
// the name comes in an earlier save or in the same one.
func TestServeGuardLearnsNewNames(t *testing.T) {
	root := copyExample(t)
	_, _, stderr := serving(t, root)
	agreement := filepath.Join(root, "clients", "lukasz-nowak", "agreement.md")
	rename := func(from, to string) {
		t.Helper()
		data, _ := os.ReadFile(agreement)
		edited := bytes.Replace(data, []byte("client_name: "+from), []byte("client_name: "+to), 1)
		if bytes.Equal(edited, data) {
			t.Fatalf("no client_name %s in Łukasz's agreement", from)
		}
		if err := os.WriteFile(agreement, edited, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sessions := filepath.Join(root, "clients", "eleni-papadopoulou", "sessions")
	refused := func(handout, name string) {
		t.Helper()
		eventually(t, handout+" to be refused for "+name, func() bool {
			return regexp.MustCompile(`eleni-papadopoulou/` + handout + `\.html: refused: it contains text from clients/lukasz-nowak/agreement\.md`).MatchString(stderr.String())
		})
		data, _ := os.ReadFile(filepath.Join(root, "public", "eleni-papadopoulou", handout+".html"))
		if bytes.Contains(data, []byte(name)) {
			t.Errorf("%s carries another client's name", handout)
		}
	}

	// In an earlier save.
	rename("Łukasz Nowak", "Bartholomew Quince")
	eventually(t, "Łukasz's handout to show his new name", func() bool {
		data, _ := os.ReadFile(filepath.Join(root, "public", "lukasz-nowak", "agreement.html"))
		return bytes.Contains(data, []byte("Bartholomew Quince"))
	})
	addLine(t, filepath.Join(sessions, "2026-09-02-01.md"), "You mentioned Bartholomew Quince had done the same.")
	refused("session-01", "Bartholomew Quince")

	// In the same save.
	rename("Bartholomew Quince", "Cornelius Vandermeer")
	addLine(t, filepath.Join(sessions, "2026-09-16-02.md"), "Cornelius Vandermeer runs the depot now.")
	refused("session-02", "Cornelius Vandermeer")
}

// TestServeReadsChangedTemplates: the layouts serve keeps between rebuilds
// are read again when a template changes.
func TestServeReadsChangedTemplates(t *testing.T) {
	root := copyExample(t)
	serving(t, root)
	css := filepath.Join(root, "templates", "css", "practice.css")
	if err := os.MkdirAll(filepath.Dir(css), 0o755); err != nil {
		t.Fatal(err)
	}
	handout := filepath.Join(root, "public", "eleni-papadopoulou", "session-01.html")
	for _, rule := range []string{".serve-first{color:#123456}", ".serve-second{color:#654321}"} {
		if err := os.WriteFile(css, []byte(rule+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the handout to carry "+rule, func() bool {
			data, _ := os.ReadFile(handout)
			return bytes.Contains(data, []byte(rule))
		})
	}
}
