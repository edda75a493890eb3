package site

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/rapport-coach/rapport/internal/atomicfile"
	"github.com/rapport-coach/rapport/records"
)

// ManifestFile is where the build remembers, inside the destination, what
// each output was made from.
const ManifestFile = ".rapport-build.json"

// manifestVersion changes when the manifest's shape does; an older manifest
// is then ignored and everything is rendered again. Version 2 added each
// output's content hash.
const manifestVersion = 2

// manifest maps every output the build made to the hash of its inputs and of
// its content. Only what it lists is ever removed, and only while it still
// holds that content, so files the coach put in the destination are left
// alone. It is read back from disk, where anyone may have written it, so
// loadManifest checks every entry before the build trusts any.
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
	// For the practice-wide pages, Fingerprint sums the clients they list,
	// and Globals is cleared as soon as a client's summary or outputs
	// change, until the pages are made again.
	Globals     string            `json:"globals,omitempty"`
	PlanInputs  string            `json:"plan_inputs,omitempty"`
	Fingerprint string            `json:"fingerprint,omitempty"`
	Formats     []string          `json:"formats,omitempty"` // the formats Fingerprint vouches for
	Summary     *Summary          `json:"summary,omitempty"`
	Outputs     map[string]output `json:"outputs"`
}

// output is one file the build wrote: the hash of what it was made from,
// its size, so a file cut short outside rapport is noticed and rebuilt, and
// the hash of its content, so a file is removed only while it is still what
// rapport wrote.
type output struct {
	Key     string `json:"key"`
	Size    int64  `json:"size"`
	Sum     string `json:"sum"`
	Variant string `json:"variant,omitempty"` // the run-wide choices it was drawn under (Varied)
}

func newManifest() *manifest {
	return &manifest{Version: manifestVersion, Clients: map[string]*clientEntry{}, Practice: newEntry()}
}

func newEntry() *clientEntry { return &clientEntry{Outputs: map[string]output{}} }

// loadManifest reads the manifest in the destination. A missing one, or one
// from another version of rapport, means a first build. A manifest that
// cannot be trusted (unreadable, damaged, not a plain file, or naming an
// output or client that could lead anywhere but the destination) is ignored
// with an error that says why: the build then starts afresh and removes
// nothing it lists.
func loadManifest(root *os.Root) (*manifest, error) {
	fi, err := root.Lstat(ManifestFile)
	if errors.Is(err, fs.ErrNotExist) {
		return newManifest(), nil
	}
	if err == nil && !fi.Mode().IsRegular() {
		err = errors.New("not a plain file")
	}
	var data []byte
	if err == nil {
		data, err = root.ReadFile(ManifestFile)
	}
	if err != nil {
		return newManifest(), fmt.Errorf("%s: %w", ManifestFile, err)
	}
	m := newManifest()
	if err := json.Unmarshal(data, m); err != nil {
		return newManifest(), fmt.Errorf("%s: %w", ManifestFile, err)
	}
	if m.Version != manifestVersion {
		return newManifest(), nil
	}
	if err := m.check(); err != nil {
		return newManifest(), fmt.Errorf("%s: %w", ManifestFile, err)
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

// check refuses a manifest with an entry the build must not follow: a
// client id that is not one, a summary of another client, an output path
// that could leave the destination, or an output without a content hash
// to tell rapport's file from someone else's.
func (m *manifest) check() error {
	ids := make([]string, 0, len(m.Clients))
	for id := range m.Clients {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	entries := []*clientEntry{m.Practice}
	for _, id := range ids {
		e := m.Clients[id]
		if err := records.ValidID(id); err != nil {
			return fmt.Errorf("client %q: %w", id, err)
		}
		if e == nil {
			return fmt.Errorf("client %q has no entry", id)
		}
		if e.Summary != nil && e.Summary.ID != id {
			return fmt.Errorf("client %q holds the summary of %q", id, e.Summary.ID)
		}
		entries = append(entries, e)
	}
	for _, e := range entries {
		if e == nil {
			continue
		}
		for out, o := range e.Outputs {
			if !validOutput(out) {
				return fmt.Errorf("output %q leads outside the destination or hides in it", out)
			}
			if !isHash(o.Sum) || o.Size < 0 {
				return fmt.Errorf("output %q has no content hash", out)
			}
			if !validVariant(o.Variant) {
				return fmt.Errorf("output %q was drawn under an unknown variant", out)
			}
		}
	}
	return nil
}

// validVariant reports whether v could name a job's variant (Varied): a
// short word of lower-case letters, digits and hyphens, or none.
func validVariant(v string) bool {
	if len(v) > 64 {
		return false
	}
	for _, r := range v {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// isHash reports whether s looks like a HashBytes result.
func isHash(s string) bool {
	if len(s) != hashLen {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}

// save writes the manifest atomically and durably: it is small next to the
// outputs, and it is what makes the next build trust them. It is encoded a
// client at a time, so saving never holds a second copy of the whole of it.
func (m *manifest) save(root *os.Root) error {
	return atomicfile.WriteIn(root, ManifestFile, 0o644, m.encode)
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
