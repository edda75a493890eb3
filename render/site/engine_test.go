package site

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakePlanner plans one HTML and one PDF output per record of the example
// practice, each holding the record's path and content, and an index page
// listing every client's outputs. It counts what it plans and renders so the
// tests can tell what the engine did.
type fakePlanner struct {
	root    string
	globals []string
	today   string // a plan input: outputs of "progress" records depend on it

	mu       sync.Mutex
	planned  []string // clients planned
	rendered []string // outputs rendered
	fail     map[string]error
	block    map[string]chan struct{} // outputs whose render waits to be released
	started  chan string              // told when a blocked render starts
	indexed  int                      // times the practice-wide pages were planned
}

func (p *fakePlanner) Globals() []string    { return p.globals }
func (p *fakePlanner) PlanInputs() []string { return []string{p.today} }

func (p *fakePlanner) Clients() ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(p.root, "clients"))
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range entries {
		if e.IsDir() {
			ids = append(ids, e.Name())
		}
	}
	return ids, nil
}

func (p *fakePlanner) Plan(c Client, emit func(Job)) (Summary, error) {
	p.mu.Lock()
	p.planned = append(p.planned, c.ID)
	p.mu.Unlock()
	var files []string
	for f := range c.Files {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".md")
		for _, ext := range []string{".html", ".pdf"} {
			in := []string{c.Input(f)}
			if path.Base(f) == "agreement.md" {
				in = append(in, "today@"+p.today) // as a progress handout counts overdue actions
			}
			emit(&fakeJob{p: p, out: c.ID + "/" + name + ext, inputs: in, file: f})
		}
	}
	return Summary{Name: c.ID, State: "active"}, nil
}

func (p *fakePlanner) Index(sums []Summary, emit func(Job)) error {
	p.mu.Lock()
	p.indexed++
	err := p.fail["index"]
	p.mu.Unlock()
	if err != nil {
		return err
	}
	data, err := json.Marshal(sums)
	if err != nil {
		return err
	}
	emit(&fakeJob{p: p, out: "index.html", inputs: []string{HashBytes(data)}, body: data})
	return nil
}

type fakeJob struct {
	p      *fakePlanner
	out    string
	inputs []string
	file   string // the record it shows
	body   []byte // or this
}

func (j *fakeJob) Output() string   { return j.out }
func (j *fakeJob) Inputs() []string { return j.inputs }

func (j *fakeJob) Render(w io.Writer) error {
	j.p.mu.Lock()
	j.p.rendered = append(j.p.rendered, j.out)
	err := j.p.fail[j.out]
	wait := j.p.block[j.out]
	j.p.mu.Unlock()
	body := j.body
	if j.file != "" {
		data, rerr := os.ReadFile(filepath.Join(j.p.root, filepath.FromSlash(j.file)))
		if rerr != nil {
			return rerr
		}
		body = append([]byte(j.file+"\n"), data...)
	}
	// Write half before failing, as a real renderer stopped midway would.
	w.Write(body[:len(body)/2])
	if wait != nil {
		j.p.started <- j.out
		<-wait
	}
	if err != nil {
		return err
	}
	_, werr := w.Write(body[len(body)/2:])
	return werr
}

// took returns and forgets what was planned and rendered since last asked.
func (p *fakePlanner) took() (planned, rendered []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	planned, rendered = p.planned, p.rendered
	p.planned, p.rendered = nil, nil
	sort.Strings(planned)
	sort.Strings(rendered)
	return planned, rendered
}

// practice copies the example practice into a temporary folder and dates
// every record an hour ago, as records are when a coach runs a build.
func practice(t *testing.T) (root, dest string) {
	t.Helper()
	root = t.TempDir()
	src := filepath.Join("..", "..", "example-practice")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(root, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	ageAll(t, root)
	return root, filepath.Join(root, "public")
}

// ageAll dates every file under root an hour ago.
func ageAll(t *testing.T, root string) {
	t.Helper()
	past := time.Now().Add(-time.Hour)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, past, past)
		}
		return err
	})
}

// edit rewrites a record and dates it a minute ago, so the fingerprint can
// vouch for it.
func edit(t *testing.T, root, rel, content string) {
	t.Helper()
	full := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Minute)
	os.Chtimes(full, past, past)
}

func build(t *testing.T, p *fakePlanner, dest string, formats ...string) Stats {
	t.Helper()
	if len(formats) == 0 {
		formats = []string{"html"}
	}
	s, err := Build(context.Background(), p, Options{Root: p.root, Dest: dest, Formats: formats})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return s
}

func countRecords(t *testing.T, root string) int {
	n := 0
	filepath.WalkDir(filepath.Join(root, "clients"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			n++
		}
		return err
	})
	if n == 0 {
		t.Fatal("the example practice has no records")
	}
	return n
}

func TestSecondBuildSkipsEverything(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root, globals: []string{"templates@1"}}
	records := countRecords(t, root)

	s := build(t, p, dest)
	if s.Rendered != records+1 || s.Skipped != 0 || s.Failed != 0 {
		t.Fatalf("first build: %+v, want %d rendered", s, records+1)
	}
	p.took()
	s = build(t, p, dest)
	planned, rendered := p.took()
	if s.Rendered != 0 || s.Skipped != records+1 || s.Removed != 0 {
		t.Errorf("second build: %+v, want everything skipped", s)
	}
	if len(planned) != 0 || len(rendered) != 0 {
		t.Errorf("second build planned %v and rendered %v, want nothing read", planned, rendered)
	}
	if _, err := os.Stat(filepath.Join(dest, "eleni-papadopoulou", "2026-09-02-01.pdf")); err == nil {
		t.Error("an html build wrote a pdf")
	}
}

func TestChangedRecordRendersOnlyItsOutputs(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	p.took()

	rec := "clients/eleni-papadopoulou/sessions/2026-09-16-02.md"
	edit(t, root, rec, "---\nkind: session\nnumber: 2\n---\nChanged notes.\n")
	s := build(t, p, dest)
	planned, rendered := p.took()
	if want := []string{"eleni-papadopoulou"}; fmt.Sprint(planned) != fmt.Sprint(want) {
		t.Errorf("planned %v, want only %v", planned, want)
	}
	if want := []string{"eleni-papadopoulou/2026-09-16-02.html"}; fmt.Sprint(rendered) != fmt.Sprint(want) {
		t.Errorf("rendered %v, want only %v", rendered, want)
	}
	if s.Rendered != 1 {
		t.Errorf("stats %+v, want 1 rendered", s)
	}
	got, _ := os.ReadFile(filepath.Join(dest, "eleni-papadopoulou", "2026-09-16-02.html"))
	if !strings.Contains(string(got), "Changed notes.") {
		t.Errorf("output not updated: %q", got)
	}
}

func TestTouchedRecordRendersNothing(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	p.took()
	rec := filepath.Join(root, "clients", "lukasz-nowak", "agreement.md")
	past := time.Now().Add(-time.Minute)
	os.Chtimes(rec, past, past)
	s := build(t, p, dest)
	planned, rendered := p.took()
	if len(planned) != 1 || len(rendered) != 0 || s.Rendered != 0 {
		t.Errorf("planned %v, rendered %v (%+v): a touched record with the same content should re-plan its client only", planned, rendered, s)
	}
}

func TestChangedGlobalRendersEverything(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root, globals: []string{"practice.yaml@1"}}
	first := build(t, p, dest)
	p.globals = []string{"practice.yaml@2"}
	s := build(t, p, dest)
	if s.Rendered != first.Rendered || s.Skipped != 0 {
		t.Errorf("after a global change: %+v, want all %d rendered", s, first.Rendered)
	}
}

func TestChangedPlanInputReplansButRendersOnlyDependents(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root, today: "2026-02-04"}
	build(t, p, dest)
	p.took()
	p.today = "2026-02-05"
	s := build(t, p, dest)
	planned, rendered := p.took()
	if len(planned) != 3 {
		t.Errorf("planned %v after a new day, want every client", planned)
	}
	want := "[eleni-papadopoulou/agreement.html lukasz-nowak/agreement.html zoe-lukasiewicz/agreement.html]"
	if fmt.Sprint(rendered) != want || s.Rendered != 3 {
		t.Errorf("rendered %v (%+v), want only the day-dependent %s", rendered, s, want)
	}
}

func TestCleanRendersEverything(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	first := build(t, p, dest)
	s, err := Build(context.Background(), p, Options{Root: root, Dest: dest, Formats: []string{"html"}, Clean: true})
	if err != nil || s.Rendered != first.Rendered || s.Skipped != 0 {
		t.Errorf("clean build: %+v %v, want all %d rendered", s, err, first.Rendered)
	}
}

func TestRemovedRecordRemovesItsOutput(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)

	os.Remove(filepath.Join(root, "clients", "eleni-papadopoulou", "sessions", "2026-10-28-04.md"))
	os.RemoveAll(filepath.Join(root, "clients", "lukasz-nowak"))
	s := build(t, p, dest)
	lukasz := 0
	filepath.WalkDir(filepath.Join("..", "..", "example-practice", "clients", "lukasz-nowak"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			lukasz++
		}
		return err
	})
	if want := 1 + lukasz; s.Removed != want {
		t.Errorf("removed %d, want %d: %+v", s.Removed, want, s)
	}
	for _, gone := range []string{"eleni-papadopoulou/2026-10-28-04.html", "lukasz-nowak"} {
		if _, err := os.Stat(filepath.Join(dest, gone)); err == nil {
			t.Errorf("%s still there", gone)
		}
	}
	m, _ := loadManifest(openRoot(t, dest))
	if _, ok := m.Clients["lukasz-nowak"]; ok {
		t.Error("manifest still lists a removed client")
	}
}

func TestFilesNotWrittenByBuildAreKept(t *testing.T) {
	root, dest := practice(t)
	mine := []string{"notes.txt", "lukasz-nowak/printed.html", "eleni-papadopoulou/extra.html"}
	for _, f := range mine {
		full := filepath.Join(dest, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte("the coach's own"), 0o644)
	}
	p := &fakePlanner{root: root}
	build(t, p, dest)
	os.RemoveAll(filepath.Join(root, "clients", "lukasz-nowak"))
	os.Remove(filepath.Join(root, "clients", "eleni-papadopoulou", "agreement.md"))
	build(t, p, dest)
	for _, f := range mine {
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(f))); err != nil {
			t.Errorf("%s was deleted: %v", f, err)
		}
	}
}

func TestOtherFormatsAreKept(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	both := build(t, p, dest, "html", "pdf")
	pdf := filepath.Join(dest, "eleni-papadopoulou", "2026-09-02-01.pdf")
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("pdf not built: %v", err)
	}
	edit(t, root, "clients/eleni-papadopoulou/sessions/2026-09-02-01.md", "---\nkind: session\n---\nNew.\n")
	s := build(t, p, dest, "html")
	if s.Removed != 0 {
		t.Errorf("an html build removed %d outputs", s.Removed)
	}
	if _, err := os.Stat(pdf); err != nil {
		t.Errorf("an html build removed a pdf: %v", err)
	}
	s = build(t, p, dest, "html", "pdf")
	if s.Rendered != 1 || s.Skipped != both.Rendered-1 {
		t.Errorf("stale pdf: %+v, want it alone rendered", s)
	}
}

func TestFailedRenderKeepsOldOutput(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	out := "eleni-papadopoulou/2026-09-16-02.html"
	old, _ := os.ReadFile(filepath.Join(dest, filepath.FromSlash(out)))

	edit(t, root, "clients/eleni-papadopoulou/sessions/2026-09-16-02.md", "---\nkind: session\n---\nNew notes.\n")
	p.fail = map[string]error{out: errors.New("template broke")}
	s := build(t, p, dest)
	if s.Failed != 1 || len(s.Failures) != 1 || s.Failures[0].Output != out {
		t.Fatalf("stats %+v, want the one failure reported", s)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, filepath.FromSlash(out))); string(got) != string(old) {
		t.Errorf("failed render changed the output to %q", got)
	}
	checkManifest(t, p, dest)

	p.fail = nil
	p.took()
	s = build(t, p, dest)
	if _, rendered := p.took(); fmt.Sprint(rendered) != "["+out+"]" {
		t.Errorf("next build rendered %v, want only the failed output (%+v)", rendered, s)
	}
}

func TestStoppedBuildLeavesConsistentOutputs(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	for _, f := range []string{"2026-09-02-01", "2026-09-16-02", "2026-09-30-03", "2026-10-28-04"} {
		edit(t, root, "clients/eleni-papadopoulou/sessions/"+f+".md", "---\nkind: session\n---\nRewritten "+f+".\n")
	}
	blocked := "eleni-papadopoulou/2026-09-30-03.html"
	release := make(chan struct{})
	p.block = map[string]chan struct{}{blocked: release}
	p.started = make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := Build(ctx, p, Options{Root: root, Dest: dest, Formats: []string{"html"}, Workers: 1})
		done <- err
	}()
	<-p.started
	cancel() // Ctrl-C while a handout is half rendered
	close(release)
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped build returned %v, want context.Canceled", err)
	}
	got, _ := os.ReadFile(filepath.Join(dest, filepath.FromSlash(blocked)))
	if !strings.Contains(string(got), "Rewritten") && !strings.Contains(string(got), "kind: session\nnumber: 3") {
		t.Errorf("half-rendered output: %q", got)
	}
	checkManifest(t, p, dest)

	p.block = nil
	p.took()
	s := build(t, p, dest)
	if s.Rendered == 0 || s.Failed != 0 {
		t.Errorf("the next build did not finish the job: %+v", s)
	}
	checkManifest(t, p, dest)
	if got, _ := os.ReadFile(filepath.Join(dest, filepath.FromSlash(blocked))); !strings.Contains(string(got), "Rewritten 2026-09-30-03.") {
		t.Errorf("output after the next build: %q", got)
	}
}

// checkManifest asserts that every output the manifest lists exists with its
// recorded size, and that no temporary file was left behind.
func checkManifest(t *testing.T, p *fakePlanner, dest string) {
	t.Helper()
	m, err := loadManifest(openRoot(t, dest))
	if err != nil {
		t.Fatal(err)
	}
	entries := []*clientEntry{m.Practice}
	for _, e := range m.Clients {
		entries = append(entries, e)
	}
	for _, e := range entries {
		for out, o := range e.Outputs {
			fi, err := os.Stat(filepath.Join(dest, filepath.FromSlash(out)))
			if err != nil || fi.Size() != o.Size {
				t.Errorf("manifest lists %s with size %d; on disk: %v %v", out, o.Size, fi, err)
			}
		}
	}
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return err
	})
}

func TestKilledBuildsTemporaryFilesAreSwept(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	dir := filepath.Join(dest, "eleni-papadopoulou")
	stale := filepath.Join(dir, ".2026-09-02-01.html.tmp-999-1")
	fresh := filepath.Join(dir, ".2026-09-16-02.html.tmp-998-1") // another build, writing right now
	for _, f := range []string{stale, fresh} {
		os.WriteFile(f, []byte("half a hand"), 0o644)
	}
	past := time.Now().Add(-time.Hour)
	os.Chtimes(stale, past, past)
	edit(t, root, "clients/eleni-papadopoulou/sessions/2026-09-02-01.md", "---\nkind: session\n---\nNew.\n")
	build(t, p, dest)
	if _, err := os.Stat(stale); err == nil {
		t.Error("a killed build's temporary file was left")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a temporary file being written was removed")
	}
}

func TestValidOutput(t *testing.T) {
	for _, tc := range []struct {
		path string
		ok   bool
	}{
		{"alice-smith/session-03.html", true},
		{"index.html", true},
		{"coach/prep-alice.pdf", true},
		{"", false},
		{"../escape.html", false},
		{"alice/../../escape.html", false},
		{"/etc/passwd", false},
		{".rapport-build.json", false},
		{"alice/.hidden.html", false},
		{"alice//x.html", false},
		{"alice\\x.html", false},
		{"c:/x.html", false},
		{"alice/x.html:stream", false},
		{"alice/x\n.html", false},
		{"alice/nul.html", false},
		{"COM1", false},
		{"alice/com10.html", true},
		{"alice/x.html.", false},
		{"alice /x.html", false},
	} {
		if got := validOutput(tc.path); got != tc.ok {
			t.Errorf("validOutput(%q) = %v, want %v", tc.path, got, tc.ok)
		}
	}
}

// clashPlanner plans, for every client, an output in its own folder twice,
// a shared page that every client claims, and one outside the destination.
type clashPlanner struct{ *fakePlanner }

func (p clashPlanner) Plan(c Client, emit func(Job)) (Summary, error) {
	for _, out := range []string{c.ID + "/twice.html", c.ID + "/twice.html", "coach/shared.html", "../escape.html"} {
		emit(&fakeJob{p: p.fakePlanner, out: out, body: []byte(c.ID)})
	}
	return Summary{}, nil
}

func TestClashingOutputsFail(t *testing.T) {
	root, dest := practice(t)
	p := clashPlanner{&fakePlanner{root: root}}
	s, err := Build(context.Background(), p, Options{Root: root, Dest: dest, Formats: []string{"html"}, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Per client: the second twice.html and ../escape.html; and the shared
	// page for every client but the first.
	if want := 3*2 + 2; s.Failed != want {
		t.Errorf("failed %d, want %d: %v", s.Failed, want, s.Failures)
	}
	if _, err := os.Stat(filepath.Join(root, "escape.html")); err == nil {
		t.Error("an output escaped the destination")
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "coach", "shared.html")); string(got) != "eleni-papadopoulou" {
		t.Errorf("shared page %q, want the first client's", got)
	}
}

// TestOnlyLooksAtTheClientsNamed: serve names the clients its file watcher
// saw change; the others are not looked at unless the manifest says they
// were built with other inputs, when every client is.
func TestOnlyLooksAtTheClientsNamed(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root, today: "2026-02-04"}
	build(t, p, dest)
	p.took()
	only := func() Stats {
		t.Helper()
		s, err := Build(context.Background(), p, Options{Root: root, Dest: dest, Formats: []string{"html"},
			Only: map[string]bool{"eleni-papadopoulou": true}})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// Changed in both; only the client named is looked at.
	edit(t, root, "clients/eleni-papadopoulou/sessions/2026-09-16-02.md", "---\nkind: session\nnumber: 2\n---\nChanged notes.\n")
	edit(t, root, "clients/lukasz-nowak/agreement.md", "---\nkind: agreement\n---\nChanged too.\n")
	only()
	planned, _ := p.took()
	if fmt.Sprint(planned) != "[eleni-papadopoulou]" {
		t.Errorf("planned %v, want the client named only", planned)
	}
	// A new day changes a plan input of every client: all are looked at.
	p.today = "2026-02-05"
	only()
	planned, _ = p.took()
	if len(planned) != 3 {
		t.Errorf("planned %v after a new day, want every client", planned)
	}
	got, _ := os.ReadFile(filepath.Join(dest, "lukasz-nowak", "agreement.html"))
	if !strings.Contains(string(got), "Changed too.") {
		t.Errorf("a client not named kept an output of old inputs: %q", got)
	}
}
