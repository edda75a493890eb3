package cmd

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapport-coach/rapport/records"
)

// Strings planted where an export must never look: another client's
// records, the practice's own files, and a stale public/ handout.
var exportPlanted = map[string]string{
	"clients/lukasz-nowak/sessions/2026-04-08-02.md":  "PLANTED-OTHER-CLIENT-4b1e",
	"clients/zoe-lukasiewicz/notes.txt":               "PLANTED-OTHER-CLIENT-FILE-77c0",
	"practice.yaml":                                   "# PLANTED-PRACTICE-SETTINGS-2d9f",
	"README.md":                                       "PLANTED-PRACTICE-README-a0c3",
	"public/eleni-papadopoulou/session-01.html":       "PLANTED-STALE-PUBLIC-51aa",
	"public/coach/portfolio.html":                     "PLANTED-COACH-PORTFOLIO-e6f2",
	"clients/eleni-papadopoulou-old/agreement.md.bak": "PLANTED-NEIGHBOUR-FOLDER-9d04",
}

// exportPractice copies the example practice into a temporary folder, plants
// strings outside Eleni's folder, adds two files to it that are not records,
// commits everything but one change, and returns the practice root.
func exportPractice(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../example-practice")); err != nil {
		t.Fatal(err)
	}
	for rel, s := range exportPlanted {
		full := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		old, _ := os.ReadFile(full)
		if err := os.WriteFile(full, append(old, []byte("\n"+s+"\n")...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eleni := filepath.Join(root, "clients", "eleni-papadopoulou")
	write := func(rel, s string) {
		if err := os.WriteFile(filepath.Join(eleni, filepath.FromSlash(rel)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("scan-of-signed-agreement.txt", "not a record, still hers\x00\xff")
	write(".hidden-note", "a hidden file is still held about her")
	repo, err := records.InitRepo(root)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return fs.SkipDir
		}
		if d.Type().IsRegular() {
			all = append(all, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	if _, err := repo.Commit(all, "Records so far", "Test Coach", "coach@example.org", when); err != nil {
		t.Fatal(err)
	}
	// One record changed since the commit, one never committed.
	f, err := os.OpenFile(filepath.Join(eleni, "sessions", "2026-10-28-04.md"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\nAn afterthought, not yet committed.\n")
	f.Close()
	write("reflections/2026-11-27-05-client.md", "---\nkind: reflection\nauthor: client\nsession: 4\ndate: 2026-11-27\n---\n\nWritten after the commit.\n")
	return root
}

// runIn runs rapport with dir as the working folder and a fixed clock.
func runIn(t *testing.T, dir, now string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string {
			if k == "RAPPORT_NOW" {
				return now
			}
			return ""
		},
		Getwd: func() (string, error) { return dir, nil }}
	code = a.Run(args)
	return out.String(), errOut.String(), code
}

func readZip(t *testing.T, path string) (names []string, files map[string][]byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := files[f.Name]; dup {
			t.Errorf("%s is in the archive twice", f.Name)
		}
		names = append(names, f.Name)
		files[f.Name] = data
	}
	return names, files
}

// TestExportHoldsEverythingOfOneClientOnly is the subject-access promise:
// every file of the client, byte for byte, their handouts made fresh, a
// manifest whose hashes match, and nothing of anyone or anything else.
func TestExportHoldsEverythingOfOneClientOnly(t *testing.T) {
	root, dest := exportPractice(t), t.TempDir()
	out, errOut, code := runIn(t, dest, "2026-11-29", "--practice", root, "export", "eleni-papadopoulou")
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(out, "wrote eleni-papadopoulou-export-2026-11-29.zip") {
		t.Errorf("export said %q", out)
	}
	zipPath := filepath.Join(dest, "eleni-papadopoulou-export-2026-11-29.zip")
	names, files := readZip(t, zipPath)
	const top = "eleni-papadopoulou-export-2026-11-29/"
	if names[0] != top+"MANIFEST.md" {
		t.Errorf("first entry is %s, want the manifest", names[0])
	}
	for _, n := range names {
		if !strings.HasPrefix(n, top) {
			t.Errorf("%s is outside the archive's folder", n)
		}
	}

	// Every file in her folder, identical.
	eleni := filepath.Join(root, "clients", "eleni-papadopoulou")
	count := 0
	err := filepath.WalkDir(eleni, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		count++
		rel, _ := filepath.Rel(root, p)
		want, _ := os.ReadFile(p)
		got, ok := files[top+"records/"+filepath.ToSlash(rel)]
		if !ok {
			t.Errorf("%s is not in the export", rel)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the file on disk", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count < 12 {
		t.Fatalf("only %d files walked in her folder", count)
	}
	records := 0
	for n := range files {
		if strings.HasPrefix(n, top+"records/") {
			records++
			if !strings.HasPrefix(n, top+"records/clients/eleni-papadopoulou/") {
				t.Errorf("%s is not one of her records", n)
			}
		}
	}
	if records != count {
		t.Errorf("the archive holds %d record files, her folder %d", records, count)
	}

	// Handouts made fresh, never copied from public/.
	for _, h := range []string{"agreement.html", "session-01.html", "session-04.html", "reflection-04.html", "progress.html", "privacy.html"} {
		if _, ok := files[top+"handouts/"+h]; !ok {
			t.Errorf("handout %s is missing", h)
		}
	}
	if !bytes.Contains(files[top+"handouts/session-04.html"], []byte("revision")) {
		t.Errorf("session-04.html carries no revision")
	}

	// Nothing of anyone or anything else.
	for where, s := range exportPlanted {
		s = strings.TrimPrefix(s, "# ")
		for n, data := range files {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds %q, planted in %s", n, s, where)
			}
		}
	}
	for n, data := range files {
		for _, other := range []string{"lukasz-nowak", "Łukasz", "Nowak", "zoe-lukasiewicz", "Zoë", "Łukasiewicz"} {
			if bytes.Contains(data, []byte(other)) {
				t.Errorf("%s names another client: %q", n, other)
			}
		}
	}

	// Coach-only notes about her are in the records, and the manifest says why.
	manifest := string(files[top+"MANIFEST.md"])
	if !bytes.Contains(files[top+"records/clients/eleni-papadopoulou/sessions/2026-09-16-02.md"], []byte("discomfort with silence")) ||
		!bytes.Contains(files[top+"records/clients/eleni-papadopoulou/sessions/2026-09-30-03.md"], []byte("dreading Tuesdays")) {
		t.Errorf("her Private sections are not in the export")
	}
	for _, want := range []string{
		"Coach reflections and private notes",
		"They are included here because they are about you",
		"data-protection law",
		"right to a copy of the personal data held about you",
		"Sunday 29 November 2026 at 09:00 UTC",
		"kept for 6 years after the engagement ends",
		"The engagement has not ended.",
		"Two reflections that Rhiannon Pryce wrote",
		"Two other files in your folder",
	} {
		if !strings.Contains(manifest, want) {
			t.Errorf("the manifest does not say %q:\n%s", want, manifest)
		}
	}

	// Every entry listed with its hash; the hash matches.
	row := regexp.MustCompile("^\\| `([^`]+)` \\| `([0-9a-f]{64})` \\| (.+) \\|$")
	listed := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(manifest))
	for sc.Scan() {
		if m := row.FindStringSubmatch(sc.Text()); m != nil {
			listed[m[1]] = m[3]
			sum := sha256.Sum256(files[top+m[1]])
			if hex.EncodeToString(sum[:]) != m[2] {
				t.Errorf("the manifest's SHA-256 of %s does not match the file", m[1])
			}
		}
	}
	for n := range files {
		if n != top+"MANIFEST.md" && listed[strings.TrimPrefix(n, top)] == "" {
			t.Errorf("%s is not listed in the manifest", n)
		}
	}
	for name, want := range map[string]string{
		"records/clients/eleni-papadopoulou/agreement.md":                        ", 2026-11-01",
		"records/clients/eleni-papadopoulou/sessions/2026-10-28-04.md":           ", 2026-11-01, changed since",
		"records/clients/eleni-papadopoulou/reflections/2026-11-27-05-client.md": "not committed",
		"handouts/session-01.html":                                               "made for this export",
	} {
		if got := listed[name]; !strings.HasSuffix(got, want) || (strings.HasPrefix(want, ",") && len(got) != 7+len(want)) {
			t.Errorf("the manifest says %q of %s, want ...%q", got, name, want)
		}
	}
}

// TestExportIsReproducible: the same records and clock give the same bytes,
// so a coach can show an archive was not altered after it was sent.
func TestExportIsReproducible(t *testing.T) {
	root, dest := exportPractice(t), t.TempDir()
	var sums []string
	for _, name := range []string{"a.zip", "b.zip"} {
		if _, errOut, code := runIn(t, dest, "2026-11-29T14:30:00Z", "--practice", root, "export", "eleni-papadopoulou", "-o", name); code != 0 {
			t.Fatalf("export: exit %d\n%s", code, errOut)
		}
		data, err := os.ReadFile(filepath.Join(dest, name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		sums = append(sums, hex.EncodeToString(sum[:]))
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if !f.Modified.Equal(time.Date(2026, 11, 29, 14, 30, 0, 0, time.UTC)) {
				t.Errorf("%s is dated %s, not the export's time", f.Name, f.Modified)
			}
		}
	}
	if sums[0] != sums[1] {
		t.Errorf("two exports of the same records differ")
	}
}

// TestExportRefusesToReplace: an export is never overwritten, and a failed
// export leaves no file behind.
func TestExportRefusesToReplace(t *testing.T) {
	root, dest := exportPractice(t), t.TempDir()
	existing := filepath.Join(dest, "sar.zip")
	if err := os.WriteFile(existing, []byte("an earlier export"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runIn(t, dest, "2026-11-29", "--practice", root, "export", "eleni-papadopoulou", "-o", "sar.zip")
	if code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("exit %d, stderr %q; want 1 and already exists", code, errOut)
	}
	if data, _ := os.ReadFile(existing); string(data) != "an earlier export" {
		t.Errorf("the earlier export was replaced")
	}
	_, errOut, code = runIn(t, dest, "2026-11-29", "--practice", root, "export", "nobody-here")
	if code != 2 || !strings.Contains(errOut, `no client "nobody-here"`) {
		t.Errorf("unknown client: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dest, "nobody-here-export-2026-11-29.zip")); err == nil {
		t.Errorf("a failed export left a file behind")
	}
	entries, _ := os.ReadDir(dest)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
}

// TestExportWithoutHandouts: a layout that cannot be read costs the
// handouts, not the export; the records are what the client is owed, and
// the manifest and the coach both hear what is missing.
func TestExportWithoutHandouts(t *testing.T) {
	root, dest := exportPractice(t), t.TempDir()
	layout := filepath.Join(root, "templates", "layouts", "session.html")
	if err := os.MkdirAll(filepath.Dir(layout), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(layout, []byte("{{define \"content\"}}{{.Broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runIn(t, dest, "2026-11-29", "--practice", root, "export", "eleni-papadopoulou", "-o", "e.zip")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "warning: a handout could not be made") || !strings.Contains(errOut, "templates/layouts/session.html") {
		t.Errorf("stderr %q", errOut)
	}
	_, files := readZip(t, filepath.Join(dest, "e.zip"))
	manifest := string(files["eleni-papadopoulou-export-2026-11-29/MANIFEST.md"])
	if !strings.Contains(manifest, "## Not included") || !strings.Contains(manifest, "templates/layouts/session.html") {
		t.Errorf("the manifest does not say the handouts are missing:\n%s", manifest)
	}
	for n := range files {
		if strings.Contains(n, "/handouts/") {
			t.Errorf("%s is in the archive", n)
		}
	}
	if _, ok := files["eleni-papadopoulou-export-2026-11-29/records/clients/eleni-papadopoulou/agreement.md"]; !ok {
		t.Errorf("the records are missing")
	}
}

// TestExportManifestGolden keeps the manifest's words under review: the
// example practice outside git, a fixed clock, an ended engagement.
func TestExportManifestGolden(t *testing.T) {
	root, dest := t.TempDir(), t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../example-practice")); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runIn(t, dest, "2026-11-29", "--practice", root, "export", "lukasz-nowak", "-o", "l.zip"); code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	_, files := readZip(t, filepath.Join(dest, "l.zip"))
	// Handouts change with every layout tweak; their hashes are checked
	// against the files in TestExportHoldsEverythingOfOneClientOnly.
	handoutHash := regexp.MustCompile("(?m)^(\\| `handouts/[^`]+` \\| `)[0-9a-f]{64}")
	got := handoutHash.ReplaceAll(files["lukasz-nowak-export-2026-11-29/MANIFEST.md"], []byte("${1}<sha256>"))
	path := filepath.Join("testdata", "golden", "export-lukasz-MANIFEST.md")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the manifest differs from %s (go test -update rewrites it)\n%s", path, got)
	}
}
