package site

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// siteBuild builds into a kept Site as serve does: HTML, with the PDFs a
// build made kept current.
func siteBuild(t *testing.T, s *Site, p *fakePlanner, only map[string]bool) Stats {
	t.Helper()
	st, err := s.Build(context.Background(), p, Options{Root: p.root, Formats: []string{"html"}, Follow: []string{"pdf"}, Only: only})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return st
}

// TestFollowedFormatsStayCurrent: a format followed is rendered for the
// clients that have outputs in it, after the build's own formats, stale
// ones included, and never for a client without any.
func TestFollowedFormatsStayCurrent(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest, "html", "pdf")
	// Łukasz comes back after an HTML-only build: he has no PDF.
	away := filepath.Join(t.TempDir(), "lukasz-nowak")
	if err := os.Rename(filepath.Join(root, "clients", "lukasz-nowak"), away); err != nil {
		t.Fatal(err)
	}
	build(t, p, dest, "html", "pdf")
	if err := os.Rename(away, filepath.Join(root, "clients", "lukasz-nowak")); err != nil {
		t.Fatal(err)
	}
	// Eleni's session changes in an HTML-only build: her PDF is stale.
	edit(t, root, "clients/eleni-papadopoulou/sessions/2026-09-16-02.md", "---\nkind: session\n---\nFirst change.\n")
	build(t, p, dest, "html")
	p.took()

	s := NewSite(dest)
	st := siteBuild(t, s, p, nil)
	if _, rendered := p.took(); !slices.Equal(rendered, []string{"eleni-papadopoulou/2026-09-16-02.pdf"}) || st.Rendered != 1 {
		t.Errorf("first build rendered %v (%+v), want the stale PDF alone", rendered, st)
	}
	pdf := filepath.Join(dest, "eleni-papadopoulou", "2026-09-16-02.pdf")
	if got, _ := os.ReadFile(pdf); !strings.Contains(string(got), "First change.") {
		t.Errorf("stale PDF not rendered again: %q", got)
	}

	edit(t, root, "clients/eleni-papadopoulou/sessions/2026-09-16-02.md", "---\nkind: session\n---\nSecond change.\n")
	edit(t, root, "clients/eleni-papadopoulou/sessions/2026-09-30-03.md", "---\nkind: session\n---\nThird change.\n")
	edit(t, root, "clients/lukasz-nowak/sessions/2026-04-08-02.md", "---\nkind: session\n---\nHis change.\n")
	siteBuild(t, s, p, map[string]bool{"eleni-papadopoulou": true, "lukasz-nowak": true})
	p.mu.Lock()
	var eleni []string
	for _, out := range p.rendered {
		if strings.HasPrefix(out, "eleni-papadopoulou/") {
			eleni = append(eleni, filepath.Ext(out))
		}
	}
	p.mu.Unlock()
	if want := []string{".html", ".html", ".pdf", ".pdf"}; !slices.Equal(eleni, want) {
		t.Errorf("Eleni's outputs rendered in the order %v, want %v: the HTML first", eleni, want)
	}
	planned, rendered := p.took()
	if want := []string{"eleni-papadopoulou", "lukasz-nowak"}; !slices.Equal(planned, want) {
		t.Errorf("planned %v, want %v", planned, want)
	}
	want := []string{
		"eleni-papadopoulou/2026-09-16-02.html", "eleni-papadopoulou/2026-09-16-02.pdf",
		"eleni-papadopoulou/2026-09-30-03.html", "eleni-papadopoulou/2026-09-30-03.pdf",
		"lukasz-nowak/2026-04-08-02.html",
	}
	if !slices.Equal(rendered, want) {
		t.Errorf("rendered %v, want %v", rendered, want)
	}
	if got, _ := os.ReadFile(pdf); !strings.Contains(string(got), "Second change.") {
		t.Errorf("PDF not rendered with its HTML: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dest, "lukasz-nowak", "2026-04-08-02.pdf")); err == nil {
		t.Error("a PDF was made for a client without any")
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	// A build of both formats finds Eleni's PDFs current.
	st = build(t, p, dest, "html", "pdf")
	_, rendered = p.took()
	for _, out := range rendered {
		if !strings.HasPrefix(out, "lukasz-nowak/") || !strings.HasSuffix(out, ".pdf") {
			t.Errorf("a full build after serve rendered %s, want Łukasz's PDFs alone", out)
		}
	}
	if records, _ := filepath.Glob(filepath.Join(root, "clients", "lukasz-nowak", "*", "*.md")); len(rendered) != len(records)+1 {
		t.Errorf("a full build after serve rendered %v, want Łukasz's %d PDFs", rendered, len(records)+1)
	}
}

// TestSiteKeepsTheManifest: a kept site reads the manifest once and writes
// it when saved, and notices when another build replaced it meanwhile.
func TestSiteKeepsTheManifest(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	manifest := filepath.Join(dest, ManifestFile)
	s := NewSite(dest)
	siteBuild(t, s, p, nil)

	rec := "clients/eleni-papadopoulou/sessions/2026-09-16-02.md"
	edit(t, root, rec, "---\nkind: session\n---\nChanged by serve.\n")
	before, _ := os.ReadFile(manifest)
	if st := siteBuild(t, s, p, map[string]bool{"eleni-papadopoulou": true}); st.Rendered != 1 {
		t.Errorf("after an edit: %+v, want one rendered", st)
	}
	if now, _ := os.ReadFile(manifest); string(now) != string(before) {
		t.Error("a kept site wrote the manifest before it was saved")
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if st := build(t, p, dest); st.Rendered != 0 {
		t.Errorf("a build after the site was saved: %+v, want nothing rendered", st)
	}

	// Another build changes the outputs and the manifest: the site reads
	// it again rather than render what that build rendered.
	edit(t, root, rec, "---\nkind: session\n---\nChanged by a build.\n")
	build(t, p, dest)
	p.took()
	if st := siteBuild(t, s, p, map[string]bool{"eleni-papadopoulou": true}); st.Rendered != 0 {
		t.Errorf("after another build: %+v, want nothing rendered", st)
	}
}

// TestBuildWaitsForAKeptSite: while a kept site (serve) holds outputs its
// manifest on disk does not list yet, another build of the destination waits
// for it, and goes ahead once the site has saved.
func TestBuildWaitsForAKeptSite(t *testing.T) {
	defer func(w time.Duration) { lockWait = w }(lockWait)
	lockWait = 50 * time.Millisecond
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	s := NewSite(dest)
	siteBuild(t, s, p, nil)
	rec := "clients/eleni-papadopoulou/sessions/2026-09-16-02.md"
	edit(t, root, rec, "---\nkind: session\n---\nChanged by serve.\n")
	siteBuild(t, s, p, map[string]bool{"eleni-papadopoulou": true})

	if _, err := Build(context.Background(), p, Options{Root: root, Dest: dest, Formats: []string{"html"}}); !errors.Is(err, ErrBusy) {
		t.Fatalf("a build while the kept site had not saved: %v, want ErrBusy", err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if st := build(t, p, dest); st.Rendered != 0 {
		t.Errorf("a build after the site saved: %+v, want nothing rendered (the site's outputs are in the manifest)", st)
	}
	// And the site, building again, waits for nothing and reads that
	// build's manifest.
	p.took()
	if st := siteBuild(t, s, p, map[string]bool{"eleni-papadopoulou": true}); st.Rendered != 0 {
		t.Errorf("the site after the build: %+v, want nothing rendered", st)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
}

// TestSiteKeepsAnotherProgramsManifest: a manifest written meanwhile by a
// program that does not take the lock (an older rapport, a sync tool) is
// never written over with the site's older copy; the site says so, and
// reads it again at its next build.
func TestSiteKeepsAnotherProgramsManifest(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	manifest := filepath.Join(dest, ManifestFile)
	s := NewSite(dest)
	siteBuild(t, s, p, nil)
	rec := "clients/eleni-papadopoulou/sessions/2026-09-16-02.md"
	edit(t, root, rec, "---\nkind: session\n---\nChanged by serve.\n")
	siteBuild(t, s, p, map[string]bool{"eleni-papadopoulou": true})

	theirs, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	theirs = append(theirs, '\n')
	if err := os.WriteFile(manifest+".tmp", theirs, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(manifest+".tmp", manifest); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(); !errors.Is(err, ErrManifestReplaced) {
		t.Errorf("Save after another program wrote the manifest: %v, want ErrManifestReplaced", err)
	}
	if now, _ := os.ReadFile(manifest); string(now) != string(theirs) {
		t.Error("the kept site wrote its older manifest over the other program's")
	}
	// The site reads that manifest again, renders what it does not list as
	// the site left it, and saves.
	p.took()
	if st := siteBuild(t, s, p, map[string]bool{"eleni-papadopoulou": true}); st.Rendered != 1 {
		t.Errorf("after the other program's manifest: %+v, want the edited session rendered again", st)
	}
	if err := s.Save(); err != nil {
		t.Errorf("Save after reading the manifest again: %v", err)
	}
}

// TestPracticePagesOnlyWhenTheyChange: the practice-wide pages are planned
// again only when a client's summary or outputs, the clients, or the
// build's inputs changed, and again after they could not be made.
func TestPracticePagesOnlyWhenTheyChange(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root, today: "2026-02-04"}
	build(t, p, dest)
	indexed := func() int {
		p.mu.Lock()
		defer p.mu.Unlock()
		n := p.indexed
		p.indexed = 0
		return n
	}
	indexed()
	edit(t, root, "clients/eleni-papadopoulou/sessions/2026-09-16-02.md", "---\nkind: session\n---\nChanged notes.\n")
	build(t, p, dest)
	if n := indexed(); n != 0 {
		t.Errorf("a changed record with the same summary and outputs planned the index %d times", n)
	}
	p.today = "2026-02-05"
	build(t, p, dest)
	if n := indexed(); n != 1 {
		t.Errorf("a new day planned the index %d times, want once", n)
	}

	// A new record is a new output to list, but the index cannot be made.
	p.fail = map[string]error{"index": errors.New("cannot plan the index")}
	edit(t, root, "clients/eleni-papadopoulou/sessions/2026-11-11-05.md", "---\nkind: session\n---\nNew.\n")
	if st := build(t, p, dest); st.Failed != 1 {
		t.Errorf("index failure: %+v", st)
	}
	p.fail = nil
	indexed()
	build(t, p, dest)
	if n := indexed(); n != 1 {
		t.Errorf("after the index failed, the next build planned it %d times, want once", n)
	}
	build(t, p, dest)
	if n := indexed(); n != 0 {
		t.Errorf("once made, the index was planned again %d times", n)
	}

	// A client gone.
	os.RemoveAll(filepath.Join(root, "clients", "zoe-lukasiewicz"))
	build(t, p, dest)
	if n := indexed(); n != 1 {
		t.Errorf("a client gone planned the index %d times, want once", n)
	}
	// The index removed from public/.
	os.Remove(filepath.Join(dest, "index.html"))
	build(t, p, dest)
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Errorf("the index was not made again: %v", err)
	}
}
