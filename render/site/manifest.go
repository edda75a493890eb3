package site

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// ManifestFile is where the build remembers, inside the destination, what
// each output was made from.
const ManifestFile = ".rapport-build.json"

// manifestVersion changes when the manifest's shape does; an older manifest
// is then ignored and everything is rendered again.
const manifestVersion = 1

// manifest maps every output the build made to the hash of its inputs. Only
// what it lists is ever removed, so files the coach put in the destination are
// left alone.
type manifest struct {
	Version  int                     `json:"version"`
	Clients  map[string]*clientEntry `json:"clients"`
	Practice *clientEntry            `json:"practice"` // practice-wide pages such as the index

	mu sync.Mutex
}

// clientEntry is what one client's last build was made from and made.
type clientEntry struct {
	// Globals and Fingerprint are set only once every output of the client
	// was built, so a build that stopped midway looks at the client again.
	Globals     string            `json:"globals,omitempty"`
	PlanInputs  string            `json:"plan_inputs,omitempty"`
	Fingerprint string            `json:"fingerprint,omitempty"`
	Formats     []string          `json:"formats,omitempty"` // the formats Fingerprint vouches for
	Summary     *Summary          `json:"summary,omitempty"`
	Outputs     map[string]output `json:"outputs"`
}

// output is one file the build wrote: the hash of what it was made from and
// its size, so a file cut short outside rapport is noticed and rebuilt.
type output struct {
	Key  string `json:"key"`
	Size int64  `json:"size"`
}

func newManifest() *manifest {
	return &manifest{Version: manifestVersion, Clients: map[string]*clientEntry{}, Practice: newEntry()}
}

func newEntry() *clientEntry { return &clientEntry{Outputs: map[string]output{}} }

// loadManifest reads the manifest in dest. A missing or unreadable one means
// a first build; the error says why an existing one could not be used.
func loadManifest(dest string) (*manifest, error) {
	data, err := os.ReadFile(filepath.Join(dest, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return newManifest(), nil
	}
	if err != nil {
		return newManifest(), err
	}
	m := newManifest()
	if err := json.Unmarshal(data, m); err != nil {
		return newManifest(), fmt.Errorf("%s: %w", ManifestFile, err)
	}
	if m.Version != manifestVersion {
		return newManifest(), nil
	}
	if m.Clients == nil {
		m.Clients = map[string]*clientEntry{}
	}
	if m.Practice == nil {
		m.Practice = newEntry()
	}
	for _, e := range m.Clients {
		if e.Outputs == nil {
			e.Outputs = map[string]output{}
		}
	}
	if m.Practice.Outputs == nil {
		m.Practice.Outputs = map[string]output{}
	}
	return m, nil
}

// save writes the manifest atomically and durably: it is small next to the
// outputs, and it is what makes the next build trust them. It is encoded a
// client at a time, so saving never holds a second copy of the whole of it.
func (m *manifest) save(dest string) error {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dest, ManifestFile)
	f, err := os.CreateTemp(dest, "."+ManifestFile+".tmp-*")
	if err != nil {
		return err
	}
	err = m.encode(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// encode writes the manifest as JSON, clients in order.
func (m *manifest) encode(f io.Writer) error {
	w := bufio.NewWriterSize(f, 1<<16)
	m.mu.Lock()
	ids := make([]string, 0, len(m.Clients))
	for id := range m.Clients {
		ids = append(ids, id)
	}
	m.mu.Unlock()
	sort.Strings(ids)
	put := func(prefix string, v any) error {
		m.mu.Lock()
		data, err := json.Marshal(v)
		m.mu.Unlock()
		if err != nil {
			return err
		}
		w.WriteString(prefix)
		_, err = w.Write(data)
		return err
	}
	if err := put(fmt.Sprintf(`{"version":%d,"practice":`, m.Version), m.Practice); err != nil {
		return err
	}
	w.WriteString(`,"clients":{`)
	first := true
	for _, id := range ids {
		m.mu.Lock()
		e := m.Clients[id]
		m.mu.Unlock()
		if e == nil {
			continue // removed meanwhile
		}
		key, _ := json.Marshal(id)
		sep := ","
		if first {
			sep, first = "", false
		}
		if err := put(sep+string(key)+":", e); err != nil {
			return err
		}
	}
	w.WriteString("}}\n")
	return w.Flush()
}

// entry returns the entry of client id ("" for the practice-wide pages),
// creating it if needed. Callers hold m.mu.
func (m *manifest) entry(id string) *clientEntry {
	if id == "" {
		return m.Practice
	}
	e := m.Clients[id]
	if e == nil {
		e = newEntry()
		m.Clients[id] = e
	}
	return e
}

// sortedOutputs lists an entry's outputs in order. Callers hold m.mu.
func (e *clientEntry) sortedOutputs() []string {
	out := make([]string, 0, len(e.Outputs))
	for k := range e.Outputs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
