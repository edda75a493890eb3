package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plant rewrites the manifest in dest as someone else could: edit gets the
// manifest as plain JSON, whatever its version, and changes it.
func plant(t *testing.T, dest string, edit func(m map[string]any)) {
	t.Helper()
	path := filepath.Join(dest, ManifestFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	data, _ = json.Marshal(m)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// victim is a file a planted manifest points at, with the entry that names
// it: the hash of its content is right, as anyone who can read it can make.
func victim(t *testing.T, full, content string) map[string]any {
	t.Helper()
	os.MkdirAll(filepath.Dir(full), 0o755)
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return map[string]any{"key": "k", "size": len(content), "sum": HashBytes([]byte(content))}
}

// TestPlantedManifestIsIgnored: a manifest naming a file outside the
// destination, or a client id that is not one, deletes nothing; the build
// says it ignored the manifest and renders everything again.
func TestPlantedManifestIsIgnored(t *testing.T) {
	for _, tc := range []struct {
		name   string
		owner  string // "" for the practice-wide entry
		out    func(root, dest string) (entry, full string)
		reason string
	}{
		{"practice.yaml beside public", "", func(root, dest string) (string, string) {
			return "../practice.yaml", filepath.Join(root, "practice.yaml")
		}, "leads outside"},
		{"a file outside the practice", "", func(root, dest string) (string, string) {
			return "../../outside-file", filepath.Join(filepath.Dir(root), "outside-file")
		}, "leads outside"},
		{"an absolute path", "", func(root, dest string) (string, string) {
			full := filepath.Join(filepath.Dir(root), "absolute-file")
			return filepath.ToSlash(full), full
		}, "leads outside"},
		{"a gone client's output outside", "gone-client", func(root, dest string) (string, string) {
			return "../practice.yaml", filepath.Join(root, "practice.yaml")
		}, "leads outside"},
		{"a client id with ..", "../..", func(root, dest string) (string, string) {
			return "../practice.yaml", filepath.Join(root, "practice.yaml")
		}, "client"},
		{"a client id with .. and a tame output", "../x", func(root, dest string) (string, string) {
			return "notes.html", filepath.Join(dest, "notes.html")
		}, "client"},
		{"a hidden output", "", func(root, dest string) (string, string) {
			return "eleni-papadopoulou/.keep", filepath.Join(dest, "eleni-papadopoulou", ".keep")
		}, "hides"},
		{"a Windows stream", "", func(root, dest string) (string, string) {
			return "notes.txt:secret", filepath.Join(dest, "notes.txt:secret")
		}, "leads outside"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, dest := practice(t)
			p := &fakePlanner{root: root}
			build(t, p, dest)
			entry, full := tc.out(root, dest)
			const content = "name: the coach's own file\n"
			line := victim(t, full, content)
			plant(t, dest, func(m map[string]any) {
				e := map[string]any{"outputs": map[string]any{entry: line}}
				if tc.owner == "" {
					e = m["practice"].(map[string]any)
					e["outputs"].(map[string]any)[entry] = line
				} else {
					m["clients"].(map[string]any)[tc.owner] = e
				}
			})
			s := build(t, p, dest)
			if data, err := os.ReadFile(full); err != nil || string(data) != content {
				t.Fatalf("the build removed or changed %s: %q %v", full, data, err)
			}
			if len(s.Warnings) == 0 || !strings.Contains(s.Warnings[0], ManifestFile) || !strings.Contains(s.Warnings[0], tc.reason) {
				t.Errorf("warnings %q, want the manifest reported as ignored (%s)", s.Warnings, tc.reason)
			}
			if s.Skipped != 0 || s.Rendered == 0 {
				t.Errorf("not a full build after an ignored manifest: %+v", s)
			}
			if s := build(t, p, dest); len(s.Warnings) != 0 || s.Rendered != 0 {
				t.Errorf("the build after did not trust its own manifest again: %+v", s)
			}
		})
	}
}

// TestPlantedVariantIsIgnored: an output said to be drawn under a variant
// no job could name makes the manifest untrusted, so nothing reads it as
// a run-wide choice.
func TestPlantedVariantIsIgnored(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	plant(t, dest, func(m map[string]any) {
		for _, e := range m["clients"].(map[string]any) {
			for _, o := range e.(map[string]any)["outputs"].(map[string]any) {
				o.(map[string]any)["variant"] = "Large Print\n../x"
			}
		}
	})
	s := build(t, p, dest)
	if len(s.Warnings) == 0 || !strings.Contains(s.Warnings[0], "variant") {
		t.Errorf("warnings %q, want the manifest reported as ignored for its variant", s.Warnings)
	}
}

// TestManifestNotAPlainFile: a manifest that is a link is not followed.
func TestManifestNotAPlainFile(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	elsewhere := filepath.Join(filepath.Dir(root), "elsewhere.json")
	os.Rename(filepath.Join(dest, ManifestFile), elsewhere)
	if err := os.Symlink(elsewhere, filepath.Join(dest, ManifestFile)); err != nil {
		t.Skip("no symlinks here:", err)
	}
	s := build(t, p, dest)
	if len(s.Warnings) == 0 || !strings.Contains(s.Warnings[0], "not a plain file") {
		t.Errorf("warnings %q, want the linked manifest reported", s.Warnings)
	}
	if fi, err := os.Lstat(filepath.Join(dest, ManifestFile)); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the manifest link was not replaced by a file: %v", err)
	}
}

// TestChangedOutputIsKept: an output whose record is gone is removed only
// while it holds what the build wrote; one the coach changed is kept and
// reported.
func TestChangedOutputIsKept(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	const rec = "clients/eleni-papadopoulou/sessions/2026-09-02-01.md"
	changed := filepath.Join(dest, "eleni-papadopoulou", "2026-09-02-01.html")
	untouched := filepath.Join(dest, "eleni-papadopoulou", "2026-09-16-02.html")
	os.WriteFile(changed, []byte("<p>my own notes on this handout</p>"), 0o644)
	os.Remove(filepath.Join(root, filepath.FromSlash(rec)))
	os.Remove(filepath.Join(root, "clients/eleni-papadopoulou/sessions/2026-09-16-02.md"))
	ageAll(t, root)
	s := build(t, p, dest)
	if _, err := os.Stat(changed); err != nil {
		t.Error("an output the coach changed was removed")
	}
	if _, err := os.Stat(untouched); err == nil {
		t.Error("an output as the build wrote it was not removed")
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "2026-09-02-01.html") || !strings.Contains(s.Warnings[0], "changed") {
		t.Errorf("warnings %q, want the changed output reported", s.Warnings)
	}
	if s := build(t, p, dest); len(s.Warnings) != 0 {
		t.Errorf("the kept output was reported again: %q", s.Warnings)
	}
}

// TestLinkedOutputFolder: an output folder replaced by a link to somewhere
// else is neither written nor removed through.
func TestLinkedOutputFolder(t *testing.T) {
	root, dest := practice(t)
	p := &fakePlanner{root: root}
	build(t, p, dest)
	outside := filepath.Join(filepath.Dir(root), "outside")
	client := filepath.Join(dest, "eleni-papadopoulou")
	if err := os.Rename(client, outside); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, client); err != nil {
		t.Skip("no symlinks here:", err)
	}
	before := snapshot(t, outside)
	edit(t, root, "clients/eleni-papadopoulou/sessions/2026-09-30-03.md", "---\nkind: session\n---\nRewritten.\n")
	os.Remove(filepath.Join(root, "clients/eleni-papadopoulou/sessions/2026-09-02-01.md"))
	ageAll(t, root)
	s := build(t, p, dest)
	if after := snapshot(t, outside); after != before {
		t.Errorf("the build wrote or removed through a linked folder:\nbefore %s\nafter  %s", before, after)
	}
	if s.Failed == 0 && len(s.Warnings) == 0 {
		t.Errorf("the linked folder was not reported: %+v", s)
	}
}

// TestLinkedDestination: a destination that is a link is refused.
func TestLinkedDestination(t *testing.T) {
	root, _ := practice(t)
	outside := t.TempDir()
	dest := filepath.Join(root, "public")
	if err := os.Symlink(outside, dest); err != nil {
		t.Skip("no symlinks here:", err)
	}
	p := &fakePlanner{root: root}
	if _, err := Build(t.Context(), p, Options{Root: root, Dest: dest, Formats: []string{"html"}}); err == nil || !strings.Contains(err.Error(), "link") {
		t.Errorf("got %v, want the linked destination refused", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("the build wrote through the link: %v", entries)
	}
}

// snapshot lists a folder's files and contents.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			b.WriteString(p + "=" + HashBytes(data) + " ")
		}
		return err
	})
	return b.String()
}
