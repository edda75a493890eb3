package records

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestPackRefusesWhatItDidNotMake: a pack is used only when it is whole,
// made under the same key, and holds the client's own records.
func TestPackRefusesWhatItDidNotMake(t *testing.T) {
	var key, other [32]byte
	key[0], other[0] = 1, 2
	good := &pack{Made: 1, Entries: []*packEntry{{packHead{Rel: "clients/ann/s.md"},
		packRec{Problems: []Problem{{Path: "clients/ann/s.md", Message: "as it was read"}}}}}}
	data, err := encodePack(good, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := openPack(data, key, "ann"); err != nil {
		t.Fatalf("a good pack was refused: %v", err)
	}
	foreign, _ := encodePack(&pack{Entries: []*packEntry{{packHead{Rel: "clients/bob/s.md"}, packRec{}}}}, key)
	escape, _ := encodePack(&pack{Entries: []*packEntry{{packHead{Rel: "clients/ann/../bob/s.md"}, packRec{}}}}, key)
	twice, _ := encodePack(&pack{Entries: []*packEntry{{packHead{Rel: "clients/ann/s.md"}, packRec{}}, {packHead{Rel: "clients/ann/s.md"}, packRec{}}}}, key)
	listing := func(folders ...packFolder) []byte {
		b, _ := encodePack(&pack{Made: 1, Folders: folders}, key)
		return b
	}
	good2 := listing(packFolder{Name: ".", Stat: statID{Size: 1, Ino: 2}, Entries: []listedEntry{{"agreement.md", 0}, {"sessions", fs.ModeDir}}},
		packFolder{Name: "sessions", Entries: []listedEntry{{".DS_Store", 0}, {"archive", fs.ModeDir}, {"s-01.md", fs.ModeSymlink}}})
	if heads, _, err := openPack(good2, key, "ann"); err != nil || len(heads.Folders) != 2 ||
		heads.Folders[0].Stat != (statID{Size: 1, Ino: 2}) || heads.Folders[1].Entries[2] != (listedEntry{"s-01.md", fs.ModeSymlink}) {
		t.Fatalf("a pack's folder listings did not come back as kept: %+v, %v", heads, err)
	}
	leadingOut := listing(packFolder{Name: "../bob"})
	absolute := listing(packFolder{Name: "/etc"})
	slashed := listing(packFolder{Name: ".", Entries: []listedEntry{{"../bob", fs.ModeDir}}})
	unordered := listing(packFolder{Name: ".", Entries: []listedEntry{{"b.md", 0}, {"a.md", 0}}})
	named2 := listing(packFolder{Name: ".", Entries: []listedEntry{{"a.md", 0}, {"a.md", 0}}})
	perm := listing(packFolder{Name: ".", Entries: []listedEntry{{"a.md", 0o644}}})
	folder2 := listing(packFolder{Name: "sessions"}, packFolder{Name: "sessions"})
	flipped := append([]byte(nil), data...)
	// A letter of the record's text: the records still decode, so only
	// the checksum tells.
	flipped[bytes.Index(flipped, []byte("as it was read"))] ^= 1
	headFlipped := append([]byte(nil), data...)
	headFlipped[packPrefix+2] ^= 1
	// used opens the pack and decodes its records, as a load that needs
	// them does: the records are checked only then.
	used := func(data []byte, key [32]byte) error {
		heads, rest, err := openPack(data, key, "ann")
		if err != nil {
			return err
		}
		r := &packReader{heads: heads, rest: rest}
		for i := range heads.Heads {
			if _, ok := r.old(i, "ann"); !ok {
				return fmt.Errorf("record %d refused", i)
			}
		}
		return nil
	}
	if err := used(data, key); err != nil {
		t.Fatalf("a good pack's records were refused: %v", err)
	}
	for name, bad := range map[string]struct {
		data []byte
		key  [32]byte
	}{
		"empty":                          {nil, key},
		"cut short":                      {data[:len(data)-5], key},
		"header only":                    {data[:packPrefix], key},
		"a byte changed":                 {flipped, key},
		"a head changed":                 {headFlipped, key},
		"another key":                    {data, other},
		"another client's":               {foreign, key},
		"a path leading out":             {escape, key},
		"a record twice":                 {twice, key},
		"not a pack":                     {[]byte("---\nkind: session\n---\n"), key},
		"a folder leading out":           {leadingOut, key},
		"a folder from the root":         {absolute, key},
		"a listed name leading out":      {slashed, key},
		"a listing out of order":         {unordered, key},
		"a name listed twice":            {named2, key},
		"a listed type with permissions": {perm, key},
		"a folder listed twice":          {folder2, key},
	} {
		if err := used(bad.data, bad.key); err == nil {
			t.Errorf("%s: pack was used", name)
		}
	}
	// Records of another kind or client than they say are refused too.
	rec := &Record{Path: "clients/ann/s.md", Client: "bob", Kind: KindSession}
	if (&packEntry{packHead{Rel: rec.Path}, packRec{Session: &Session{Record: rec}}}).valid("ann") == nil {
		t.Error("a record of another client was used")
	}
	rec = &Record{Path: "clients/ann/s.md", Client: "ann", Kind: KindAgreement}
	if (&packEntry{packHead{Rel: rec.Path}, packRec{Session: &Session{Record: rec}}}).valid("ann") == nil {
		t.Error("an agreement filed as a session was used")
	}
}

// TestTrimCache drops what the cache keeps of a client whose folder is
// gone, and nothing that is not a file the cache made.
func TestTrimCache(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, ClientsDir, "ann"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, SettingsFile), []byte("name: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p.UseCache(dir)
	data, err := encodePack(&pack{}, p.Cache.key)
	if err != nil {
		t.Fatal(err)
	}
	put := func(name string, b []byte) string {
		full := filepath.Join(dir, name)
		if err := os.WriteFile(full, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return full
	}
	kept := put("ann.pack", data)
	gone := put("bob.pack", data)
	goneFindings := put("bob.check.blob", data)
	notMine := put("bob.notes", data)
	posing := put("carol.pack", []byte("not a pack at all, though named as one"))
	p.TrimCache()
	for f, want := range map[string]bool{kept: true, gone: false, goneFindings: false, notMine: true, posing: true} {
		if _, err := os.Stat(f); (err == nil) != want {
			t.Errorf("%s: kept %v, want %v", f, err == nil, want)
		}
	}
}

// TestForgetRemovesTheClient: erasing a client leaves nothing of it in the
// cache, and nothing of the other clients goes.
func TestForgetRemovesTheClient(t *testing.T) {
	root := t.TempDir()
	for rel, content := range map[string]string{
		"practice.yaml":                "name: Test\n",
		"clients/ann/agreement.md":     "---\nkind: agreement\nclient_name: Ann Example\n---\nTerms.\n",
		"clients/ann-b/agreement.md":   "---\nkind: agreement\nclient_name: Ann B\n---\nTerms.\n",
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
	for _, id := range []string{"ann", "ann-b"} {
		if _, err := p.LoadClient(id, LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		p.Cache.PutBlob(id+".check", [32]byte{}, []byte("found"))
	}
	left := func() []string {
		entries, _ := os.ReadDir(p.Cache.dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	if got := left(); len(got) != 4 {
		t.Fatalf("cache holds %v, want a pack and a blob per client", got)
	}
	p.Cache.Forget("ann")
	if got := fmt.Sprint(left()); got != "[ann-b.check.blob ann-b.pack]" {
		t.Errorf("after forgetting ann the cache holds %s", got)
	}
}

// TestStateDirIsNeverALink: a .rapport folder that is a link (planted, or
// left by a tool) is never written through; the practice is read without
// a cache instead.
func TestStateDirIsNeverALink(t *testing.T) {
	for _, planted := range []string{StateDir, CacheDir} {
		t.Run(planted, func(t *testing.T) {
			root, elsewhere := t.TempDir(), t.TempDir()
			if err := os.WriteFile(filepath.Join(root, SettingsFile), []byte("name: Test\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if planted == CacheDir {
				if err := os.Mkdir(filepath.Join(root, StateDir), 0o700); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Symlink(elsewhere, filepath.Join(root, filepath.FromSlash(planted))); err != nil {
				t.Skip("no symbolic links here:", err)
			}
			p, err := Open(root)
			if err != nil {
				t.Fatal(err)
			}
			p.OpenCache()
			if p.Cache != nil {
				t.Errorf("a cache was opened through the link %s", planted)
			}
			if entries, _ := os.ReadDir(elsewhere); len(entries) > 0 {
				t.Errorf("wrote %d files where the link leads", len(entries))
			}
		})
	}
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, SettingsFile), []byte("name: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if p.OpenCache(); p.Cache == nil {
		t.Fatal("no cache in a practice without a state folder")
	}
	if fi, err := os.Stat(filepath.Join(root, StateDir)); err != nil || fi.Mode().Perm()&0o077 != 0 && runtime.GOOS != "windows" {
		t.Errorf("the state folder: %v, %v; want it readable by the coach only", fi.Mode(), err)
	}
}

// TestPackRecordsFromThePackRead: a load reads a pack's heads first and its
// records only when it needs them; a pack written again in between (by
// another run) is not taken for the one whose heads were read.
func TestPackRecordsFromThePackRead(t *testing.T) {
	c := &Cache{dir: t.TempDir()}
	c.key[0] = 1
	write := func(msg string) {
		t.Helper()
		pk := &pack{Made: 1, Entries: []*packEntry{{packHead{Rel: "clients/ann/s.md"},
			packRec{Problems: []Problem{{Path: "clients/ann/s.md", Message: msg}}}}}}
		data, err := encodePack(pk, c.key)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(c.dir, "ann.pack"), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("first")
	r := c.reader("ann")
	if r.heads == nil {
		t.Fatal("a good pack's heads were refused")
	}
	if e, ok := r.old(0, "ann"); !ok || e.Problems[0].Message != "first" {
		t.Fatalf("the records of a pack left alone: %v, %v", e, ok)
	}
	r = c.reader("ann")
	write("second")
	if e, ok := r.old(0, "ann"); ok {
		t.Errorf("records of a pack written since its heads were read were used: %v", e.Problems)
	}
}

// TestFieldPositionsRoundTrip: the positions a pack keeps come back as they
// were, and damaged ones are refused rather than half read.
func TestFieldPositionsRoundTrip(t *testing.T) {
	in := fieldPositions{"kind": {2, 1}, "actions.0.text": {9, 5}, "": {1, 1}}
	b, err := in.GobEncode()
	if err != nil {
		t.Fatal(err)
	}
	var out fieldPositions
	if err := out.GobDecode(b); err != nil || fmt.Sprint(out) != fmt.Sprint(in) {
		t.Fatalf("got %v, %v; want %v", out, err, in)
	}
	dup := binary.AppendUvarint(nil, 2)
	for range 2 {
		dup = append(binary.AppendUvarint(dup, 1), 'k')
		dup = binary.AppendVarint(binary.AppendVarint(dup, 1), 1)
	}
	for name, bad := range map[string][]byte{
		"empty":         nil,
		"cut short":     b[:len(b)-1],
		"too long":      append(b[:len(b):len(b)], 0),
		"a name twice":  dup,
		"a huge count":  binary.AppendUvarint(nil, 1<<40),
		"a huge length": append(binary.AppendUvarint(nil, 1), binary.AppendUvarint(nil, 1<<40)...),
	} {
		var m fieldPositions
		if err := m.GobDecode(bad); err == nil {
			t.Errorf("%s: decoded %v", name, m)
		}
	}
}

// TestProblemListRoundTrip: findings kept in the cache come back as they
// were, and damaged ones are refused.
func TestProblemListRoundTrip(t *testing.T) {
	in := ProblemList{
		{Path: "clients/ann/s.md", Line: 3, Col: 7, Severity: Warning, Rule: "next-missing", Message: "no next date", Hint: "add next:"},
		{Path: "clients/ann/é.md", Line: -1, Severity: Error, Rule: "file-unreadable", Message: "line\nbreak"},
		{},
	}
	b, err := in.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var out ProblemList
	if err := out.UnmarshalBinary(b); err != nil || fmt.Sprintf("%q", out) != fmt.Sprintf("%q", in) {
		t.Fatalf("got %q, %v; want %q", out, err, in)
	}
	for name, bad := range map[string][]byte{
		"empty":         nil,
		"cut short":     b[:len(b)-1],
		"too long":      append(b[:len(b):len(b)], 0),
		"a huge count":  binary.AppendUvarint(nil, 1<<40),
		"a huge length": append(binary.AppendUvarint(nil, 1), append(binary.AppendUvarint(nil, 1<<40), "abcdefgh"...)...),
	} {
		var l ProblemList
		if err := l.UnmarshalBinary(bad); err == nil {
			t.Errorf("%s: decoded %q", name, l)
		}
	}
}

// TestDecodersSizeByWhatTheyRead: a count in a damaged or planted cache
// entry must not make the decoders allocate far beyond the bytes they were
// given before the entry is refused.
func TestDecodersSizeByWhatTheyRead(t *testing.T) {
	const size = 3 << 20
	planted := func(prefix []byte, count int) []byte {
		b := binary.AppendUvarint(prefix, uint64(count))
		return append(b, bytes.Repeat([]byte{0xff}, size-len(b))...) // no varint ends: refused at the first entry
	}
	cases := []struct {
		name   string
		decode func([]byte) error
		in     []byte
	}{
		{"field positions", func(b []byte) error { var m fieldPositions; return m.GobDecode(b) }, planted(nil, size/3)},
		{"findings", func(b []byte) error { var l ProblemList; return l.UnmarshalBinary(b) }, planted(nil, size/7)},
		{"pack heads", func(b []byte) error { _, err := decodeHeads(b); return err }, planted(binary.AppendVarint(nil, 1), size/37)},
		{"pack folders", func(b []byte) error { _, err := decodeHeads(b); return err },
			planted(binary.AppendUvarint(binary.AppendVarint(nil, 1), 0), size/7)},
		{"a folder's listing", func(b []byte) error { _, err := decodeHeads(b); return err },
			planted(appendStat(append(binary.AppendUvarint(binary.AppendUvarint(binary.AppendVarint(nil, 1), 0), 1), 1, '.'), statID{}), size/3)},
	}
	for _, c := range cases {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := c.decode(c.in)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%s: a planted count was accepted", c.name)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > size/4 {
			t.Errorf("%s: allocated %d bytes for a %d-byte entry it refused", c.name, got, size)
		}
	}
}

// TestTrimCacheDropsPacksOfEarlierRapports: a pack an earlier rapport wrote,
// under the magic it used then, of a client whose folder is gone, holds that
// client's records' fields as much as a current one: trimmed the same.
func TestTrimCacheDropsPacksOfEarlierRapports(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, ClientsDir, "ann"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, SettingsFile), []byte("name: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p.UseCache(dir)
	old := filepath.Join(dir, "bob.pack")
	if err := os.WriteFile(old, []byte("rapport cache pack\nwhat an earlier rapport kept of bob"), 0o600); err != nil {
		t.Fatal(err)
	}
	p.TrimCache()
	if _, err := os.Stat(old); err == nil {
		t.Error("the pack an earlier rapport made of a client now gone was kept")
	}
}
