package records

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"
)

// settle makes the client's pack as if it had been made an hour from now,
// as a pack is once its files have not changed for a while: what it kept
// is then trusted wherever the files still look the same (see racyWindow).
// edit, when set, changes the pack's heads first.
func settle(t *testing.T, c *Cache, id string, edit func(*packHeads)) {
	t.Helper()
	rewritePack(t, c, id, func(h *packHeads) {
		h.Made = time.Now().Add(time.Hour).UnixNano()
		if edit != nil {
			edit(h)
		}
	})
}

// rewritePack changes the heads of the client's pack with edit.
func rewritePack(t *testing.T, c *Cache, id string, edit func(*packHeads)) {
	t.Helper()
	full := filepath.Join(c.dir, id+".pack")
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	heads, rest, err := openPack(data, c.key, id)
	if err != nil {
		t.Fatal(err)
	}
	edit(heads)
	if err := os.WriteFile(full, joinPack(heads, c.key, rest), 0o600); err != nil {
		t.Fatal(err)
	}
}

// annWithCache is a practice of one client, ann, with an agreement and one
// session, read through a cache of its own.
func annWithCache(t *testing.T) (string, *Practice) {
	t.Helper()
	root := t.TempDir()
	for rel, content := range map[string]string{
		SettingsFile:                   "name: Test\n",
		"clients/ann/agreement.md":     "---\nkind: agreement\nclient_name: Ann Example\n---\nTerms.\n",
		"clients/ann/sessions/s-01.md": "---\nkind: session\nnumber: 1\n---\nNotes.\n",
	} {
		full := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	p.UseCache(t.TempDir())
	return root, p
}

// TestFolderListingsFollowTheFolders: a load through the cache takes a
// folder's listing from the pack only while the folder looks as it did;
// every way of adding, removing or renaming a record is seen at once.
func TestFolderListingsFollowTheFolders(t *testing.T) {
	root := t.TempDir()
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
	session := func(n int) string { return "---\nkind: session\nnumber: " + string(rune('0'+n)) + "\n---\nNotes.\n" }
	write(SettingsFile, "name: Test\n")
	write("clients/ann/agreement.md", "---\nkind: agreement\nclient_name: Ann Example\n---\nTerms.\n")
	write("clients/ann/sessions/s-01.md", session(1))
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	p.UseCache(t.TempDir())
	sessions := func() []string {
		t.Helper()
		c, err := p.LoadClient("ann", LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range c.Sessions {
			got = append(got, s.Path)
		}
		for _, pr := range c.Problems {
			if pr.Rule == RuleLink {
				got = append(got, "link "+pr.Path)
			}
		}
		return got
	}
	expect := func(step string, want ...string) {
		t.Helper()
		got := sessions()
		slices.Sort(got)
		slices.Sort(want)
		if len(got) != len(want) {
			t.Fatalf("%s: loaded %v, want %v", step, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: loaded %v, want %v", step, got, want)
			}
		}
	}
	dir := filepath.Join(root, "clients", "ann", "sessions")
	expect("first load", "clients/ann/sessions/s-01.md")
	// Changed just after the pack was made: too recent to trust.
	write("clients/ann/sessions/s-02.md", session(2))
	expect("a record added at once", "clients/ann/sessions/s-01.md", "clients/ann/sessions/s-02.md")

	settle(t, p.Cache, "ann", nil)
	write("clients/ann/sessions/s-03.md", session(3))
	expect("a record added", "clients/ann/sessions/s-01.md", "clients/ann/sessions/s-02.md", "clients/ann/sessions/s-03.md")

	// A tool that puts the folder's modification time back (rsync -t,
	// an unzip) cannot put back its change time.
	settle(t, p.Cache, "ann", nil)
	before, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	write("clients/ann/sessions/s-04.md", session(4))
	if err := os.Chtimes(dir, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	expect("a record added, the folder's time put back", "clients/ann/sessions/s-01.md", "clients/ann/sessions/s-02.md",
		"clients/ann/sessions/s-03.md", "clients/ann/sessions/s-04.md")

	settle(t, p.Cache, "ann", nil)
	if err := os.Remove(filepath.Join(dir, "s-01.md")); err != nil {
		t.Fatal(err)
	}
	expect("a record removed", "clients/ann/sessions/s-02.md", "clients/ann/sessions/s-03.md", "clients/ann/sessions/s-04.md")

	settle(t, p.Cache, "ann", nil)
	if err := os.Rename(filepath.Join(dir, "s-04.md"), filepath.Join(dir, "s-05.md")); err != nil {
		t.Fatal(err)
	}
	expect("a record renamed", "clients/ann/sessions/s-02.md", "clients/ann/sessions/s-03.md", "clients/ann/sessions/s-05.md")

	settle(t, p.Cache, "ann", nil)
	write("clients/ann/sessions/archive/s-06.md", session(6))
	expect("a folder added", "clients/ann/sessions/archive/s-06.md", "clients/ann/sessions/s-02.md",
		"clients/ann/sessions/s-03.md", "clients/ann/sessions/s-05.md")

	// Only the inner folder changes when a record is added to it.
	settle(t, p.Cache, "ann", nil)
	write("clients/ann/sessions/archive/s-07.md", session(7))
	expect("a record added to an inner folder", "clients/ann/sessions/archive/s-06.md", "clients/ann/sessions/archive/s-07.md",
		"clients/ann/sessions/s-02.md", "clients/ann/sessions/s-03.md", "clients/ann/sessions/s-05.md")

	// A record swapped for a link (renamed over it, as a tool would).
	settle(t, p.Cache, "ann", nil)
	link := filepath.Join(root, "link.tmp")
	if err := os.Symlink(filepath.Join(root, "clients", "ann", "agreement.md"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Rename(link, filepath.Join(dir, "s-03.md")); err != nil {
		t.Fatal(err)
	}
	expect("a record swapped for a link", "clients/ann/sessions/archive/s-06.md", "clients/ann/sessions/archive/s-07.md",
		"clients/ann/sessions/s-02.md", "clients/ann/sessions/s-05.md", "link clients/ann/sessions/s-03.md")
}

// TestUnchangedFoldersAreNotListedAgain: where the system says a folder's
// change time, a folder that looks as it did is not listed again; the
// listing the pack kept is used. (A listing planted in the pack shows it.)
func TestUnchangedFoldersAreNotListedAgain(t *testing.T) {
	_, p := annWithCache(t)
	if _, err := p.LoadClient("ann", LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	kept := false
	plant := func(h *packHeads) {
		for i := range h.Folders {
			if h.Folders[i].Name == "sessions" {
				h.Folders[i].Entries = nil
				kept = true
			}
		}
	}
	loaded := func() int {
		t.Helper()
		c, err := p.LoadClient("ann", LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return len(c.Sessions)
	}
	// Made just now, the folder could have changed within the file
	// system's clock tick: the planted listing is not used.
	rewritePack(t, p.Cache, "ann", plant)
	if got := loaded(); got != 1 {
		t.Errorf("a listing kept moments after the folder changed was used: %d sessions loaded, want 1", got)
	}
	settle(t, p.Cache, "ann", plant)
	listsAgain := runtime.GOOS != "linux" && runtime.GOOS != "darwin"
	if !kept && !listsAgain {
		t.Fatal("the pack kept no listing of sessions/")
	}
	if got := loaded(); (got == 1) != listsAgain {
		t.Errorf("%s: %d sessions loaded; want the folder listed again: %v", runtime.GOOS, got, listsAgain)
	}
}

// TestListingsOfUnusualNamesAreKept: a file system may hold names that are
// not UTF-8 (a folder unpacked from an old archive) or that hold a
// backslash; the pack keeps their folders' listings like any other, rather
// than refusing the whole pack on every run.
func TestListingsOfUnusualNamesAreKept(t *testing.T) {
	root, p := annWithCache(t)
	for _, name := range []string{"caf\xe9", `draft\old.txt`} {
		full := filepath.Join(root, "clients", "ann", "sessions", name)
		if err := os.WriteFile(full, nil, 0o644); err != nil {
			t.Skipf("no file named %q here: %v", name, err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "clients", "ann", "caf\xe9"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := p.LoadClient("ann", LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(p.Cache.dir, "ann.pack"))
	if err != nil {
		t.Fatal(err)
	}
	heads, _, err := openPack(data, p.Cache.key, "ann")
	if err != nil {
		t.Fatalf("the pack the load wrote is refused: %v", err)
	}
	if len(heads.Folders) == 0 && (runtime.GOOS == "linux" || runtime.GOOS == "darwin") {
		t.Error("the pack kept no listing")
	}
}

// TestWalkHoldsOpenOnlyTheFoldersItIsIn: a folder is kept open while its
// entries are walked, and closed once they are, so that a client with many
// folders does not run out of the files a process may hold open.
func TestWalkHoldsOpenOnlyTheFoldersItIsIn(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, SettingsFile), []byte("name: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		dir := filepath.Join(root, "clients", "ann", "attachments", fmt.Sprintf("s-%02d", i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "note.md"), []byte("---\nkind: session\n---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := OpenClientDir(root, "ann")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	most := 0
	err = d.Walk(func(rel string, e fs.DirEntry, err error) error {
		most = max(most, len(d.listed))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// clients/ann, attachments and one s-NN at a time.
	if most > 3 {
		t.Errorf("the walk held %d folders open at once, want at most the 3 it was in", most)
	}
}
