package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestCheckSameWithAndWithoutCache checks a practice full of faults, and
// changes it the ways a coach and their tools do, comparing after each step
// what check (and status) print through the cache, cold and warm, with what
// they print reading every record afresh (--no-cache). A cached finding
// that hid a new one, or kept an old one, shows as a difference.
func TestCheckSameWithAndWithoutCache(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("RAPPORT_NOW", "2026-02-04")
	t.Setenv("NO_COLOR", "1")
	root := t.TempDir()
	cache := filepath.Join(root, ".rapport", "cache")
	for _, src := range []string{"../records/check/testdata/practice", "../example-practice"} {
		if err := os.CopyFS(root, os.DirFS(src)); err != nil && !os.IsExist(err) {
			// The two share practice.yaml: the first one's is kept.
			if !strings.Contains(err.Error(), "exists") {
				t.Fatal(err)
			}
		}
	}
	write := func(rel, content string) {
		t.Helper()
		full := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	faulty := map[string]string{
		"clients/carol/agreement.md":              "---\r\nkind: agreement\r\nclient_name: Carol\r\ndate: 2026-13-01\r\ngoals: [[TODO]]\r\n---\r\n## Private\r\nTODO: fill in\r\n",
		"clients/carol/sessions/2026-01-10-01.md": "\xef\xbb\xbf---\nkind: session\nnumber: 1\ndate: 2026-01-10\nnext: tomorrow\n---\n{{placeholder}}\n",
		"clients/carol/sessions/2026-01-17-02.md": "---\nkind: session\nnumber: 2\n\tdate: 2026-01-17\n---\n",
		"clients/carol/sessions/bad.md":           "---\nkind: sesion\n---\n",
		"clients/carol/sessions/latin1.md":        "---\nkind: session\nnumber: 3\n---\ncaf\xe9\n",
		"clients/carol/reflections/empty.md":      "",
		"clients/carol/notes.txt":                 "a stray file\n",
		"clients/dan/agreement.md":                "---\nkind: agreement\nclient_name: Dan\ndate: 2026-01-05\nstatus: active\nfees: {amount: 0}\n---\nWe meet weekly for 45 minutes.\n",
		"clients/dan/sessions/2026-01-05-01.md":   "---\nkind: session\nnumber: 1\ndate: 2026-01-05\nactions:\n  - {text: Write, due: 2026-01-01, set_by: coach}\n---\n### Coach only\nsecret\n",
	}
	for rel, content := range faulty {
		write(rel, content)
	}
	// settle waits until what was just written is old enough for the
	// cache to trust how it looks: a file modified within two seconds of a
	// pack's making is hashed again, whatever it looks like.
	settle := func() { time.Sleep(2100 * time.Millisecond) }
	// Files older than the cache, so that the cache trusts how they look
	// rather than hashing every one again as it does just after a change.
	old := time.Now().Add(-time.Hour)
	backdate := func() {
		t.Helper()
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				err = os.Chtimes(p, old, old)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	backdate()
	settle()

	run := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		code := Main(append([]string{"--practice", root}, args...), strings.NewReader(""), &out, &errOut)
		return fmt.Sprintf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	same := func(step string) {
		t.Helper()
		for _, args := range [][]string{{"check"}, {"check", "--format", "json"}, {"check", "--strict", "--disable", "next-missing"}, {"status"}} {
			want := run(append([]string{"--no-cache"}, args...)...)
			for _, pass := range []string{"first", "second"} {
				if got := run(args...); got != want {
					t.Errorf("%s, %s run of %v: through the cache\n%s\nwithout it\n%s", step, pass, args, got, want)
				}
			}
		}
	}
	same("as written")
	packs, _ := filepath.Glob(filepath.Join(cache, "*.pack"))
	blobs, _ := filepath.Glob(filepath.Join(cache, "*.check.blob"))
	if len(packs) < 4 || len(blobs) < 4 {
		t.Fatalf("the cache holds %d packs and %d findings; want one of each per client", len(packs), len(blobs))
	}

	write("clients/dan/sessions/2026-01-05-01.md", "---\nkind: session\nnumber: 1\ndate: 2026-01-05\nminutes: [60]\n---\n")
	same("a record changed")

	backdate()
	settle()
	same("every file touched, none changed")

	// The same length, and the modification time put back as it was: only
	// the change time (and the content) tell.
	rel := filepath.Join(root, "clients", "dan", "agreement.md")
	data, _ := os.ReadFile(rel)
	data = bytes.Replace(data, []byte("date: 2026-01-05"), []byte("date: 2026-13-05"), 1)
	if err := os.WriteFile(rel, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(rel, old, old); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
		same("a record changed, its time put back")
	}

	write("clients/carol/sessions/2026-01-24-03.md", "---\nkind: session\nnumber: 2\ndate: 2026-01-24\n---\n")
	if err := os.Remove(filepath.Join(root, "clients", "carol", "sessions", "bad.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "clients", "carol", "notes.txt")); err != nil {
		t.Fatal(err)
	}
	same("records added and removed")

	if err := os.Symlink("../../dan/agreement.md", filepath.Join(root, "clients", "carol", "sessions", "link.md")); err == nil {
		same("a link added")
	}

	// Damaged, cut short and foreign cache files are ignored.
	packs, _ = filepath.Glob(filepath.Join(cache, "*.pack"))
	blobs, _ = filepath.Glob(filepath.Join(cache, "*.blob"))
	for i, f := range append(packs, blobs...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		switch i % 3 {
		case 0:
			data[len(data)/2] ^= 0xff
		case 1:
			data = data[:len(data)/2]
		case 2:
			other := append([]string(nil), packs...)
			data, _ = os.ReadFile(other[(i+1)%len(other)])
		}
		if err := os.WriteFile(f, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	same("the cache damaged")

	write("practice.yaml", "name: Other\ncheck: {disable: [uncommitted], warn: [placeholder-left]}\n")
	same("the settings changed")

	// A client folder deleted by hand takes what the cache kept of it along
	// at the next run; the cache never reaches git.
	if err := os.RemoveAll(filepath.Join(root, "clients", "dan")); err != nil {
		t.Fatal(err)
	}
	same("a client folder deleted")
	if left, _ := filepath.Glob(filepath.Join(cache, "dan.*")); len(left) > 0 {
		t.Errorf("the cache still keeps %v of a client whose folder is gone", left)
	}
	if data, err := os.ReadFile(filepath.Join(root, ".rapport", ".gitignore")); err != nil || !strings.Contains(string(data), "\n*\n") {
		t.Errorf(".rapport/.gitignore = %q, %v; want one that ignores everything", data, err)
	}
}
