package records

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// FuzzOpenPack: whatever a pack file holds (damaged, cut short, planted),
// opening it never panics, and a pack it accepts names only the client's
// own records and folder listings a walk could make.
func FuzzOpenPack(f *testing.F) {
	var key [32]byte
	key[0] = 7
	seed := func(pk *pack) {
		data, err := encodePack(pk, key)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	seed(&pack{Made: 1})
	seed(&pack{Made: 2, Entries: []*packEntry{{packHead{Rel: "clients/ann/sessions/s-01.md", Stat: statID{Size: 9, Ino: 3}}, packRec{}}},
		Folders: []packFolder{
			{Name: ".", Stat: statID{Size: 4096, Mtime: 5, Ctime: 6, Ino: 7}, Entries: []listedEntry{{"agreement.md", 0}, {"sessions", fs.ModeDir}}},
			{Name: "sessions", Entries: []listedEntry{{"link.md", fs.ModeSymlink}, {"s-01.md", 0}}},
		}})
	f.Fuzz(func(t *testing.T, data []byte) {
		// The heads' decoder on its own, past the checksum that keeps most
		// changed bytes from reaching it.
		if len(data) > packPrefix {
			_, _ = decodeHeads(data[packPrefix:])
		}
		heads, _, err := openPack(data, key, "ann")
		if err != nil {
			return
		}
		for _, h := range heads.Heads {
			if !strings.HasPrefix(h.Rel, "clients/ann/") || heads.index[h.Rel] < 0 {
				t.Fatalf("accepted a record of another client: %q", h.Rel)
			}
		}
		for _, fo := range heads.Folders {
			if !validFolder(fo) {
				t.Fatalf("accepted a listing no walk makes: %+v", fo)
			}
			if fo.Name != "." && (strings.HasPrefix(fo.Name, "/") || slices.Contains(strings.Split(fo.Name, "/"), "..")) {
				t.Fatalf("accepted a folder outside the client's: %q", fo.Name)
			}
			for _, e := range fo.Entries {
				if strings.ContainsAny(e.Name, "/\x00") || e.Name == ".." || e.Name == "." || e.Name == "" {
					t.Fatalf("accepted a listed name leading elsewhere: %q", e.Name)
				}
			}
		}
	})
}
