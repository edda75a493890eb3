package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestManifestRoundTrip(t *testing.T) {
	dest := t.TempDir()
	m := newManifest()
	m.Practice.Outputs["index.html"] = output{Key: "k0", Size: 10, Sum: HashBytes([]byte("index"))}
	for _, id := range []string{"zoe", "alice", "bob"} {
		e := m.entry(id)
		e.Globals, e.PlanInputs, e.Fingerprint, e.Formats = "g", "p", "f-"+id, []string{"html"}
		e.Summary = &Summary{ID: id, Name: "Name " + id, State: "active", SessionsUsed: 2, SessionsAgreed: 6}
		e.Outputs[id+"/session-01.html"] = output{Key: "k-" + id, Size: 42, Sum: HashBytes([]byte(id))}
	}
	m.entry("empty") // a client with nothing built yet
	if err := m.save(openRoot(t, dest)); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dest, ManifestFile))
	if !json.Valid(data) {
		t.Fatalf("manifest is not valid JSON:\n%s", data)
	}
	got, err := loadManifest(openRoot(t, dest))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Clients, m.Clients) || !reflect.DeepEqual(got.Practice, m.Practice) {
		t.Errorf("round trip changed the manifest:\n got %s", data)
	}
}

func TestBrokenManifestMeansFullBuild(t *testing.T) {
	for name, content := range map[string]string{
		"truncated":     `{"version":2,"clients":{"alice":`,
		"other version": `{"version":99,"clients":{}}`,
	} {
		t.Run(name, func(t *testing.T) {
			dest := t.TempDir()
			os.WriteFile(filepath.Join(dest, ManifestFile), []byte(content), 0o644)
			m, _ := loadManifest(openRoot(t, dest))
			if m == nil || len(m.Clients) != 0 || m.Practice == nil {
				t.Errorf("got %+v, want an empty manifest", m)
			}
		})
	}
}

// openRoot opens dir as a root for the test's length.
func openRoot(t *testing.T, dir string) *os.Root {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root
}
