package site

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rapport-coach/rapport/records"
)

// hashLen is how many hex digits of a SHA-256 the manifest keeps: 128 bits
// is plenty to tell two versions of a record apart.
const hashLen = 32

// HashBytes is the content hash the build uses for inputs.
func HashBytes(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:hashLen]
}

// HashStrings hashes a list of strings, each kept distinct from its
// neighbours, for inputs that are made of several parts.
func HashStrings(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:hashLen]
}

// racyWindow is how recent a change may be before the fingerprint stops
// vouching for a folder: a record saved twice within the file system's clock
// resolution could otherwise keep its old size and time.
const racyWindow = 2 * time.Second

// fingerprint sums the names, sizes and modification times of the records
// in a client's folder, and lists them (slash-separated, relative to the
// practice). It reads no content, so an unchanged client costs a few stat
// calls. It returns an empty fingerprint when a record changed too recently
// to be sure of. A link is summed as itself (what it says, never what it
// points to) and not listed: it is never read (records.IsLink), but adding
// or removing one still changes what check reports.
func fingerprint(dir *records.ClientDir, since time.Time) (string, []string, error) {
	h := sha256.New()
	var files []string
	racy := false
	var buf [16]byte
	err := dir.Walk(func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if rel != dir.Rel && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() && !records.IsLink(d.Type()) {
			return nil
		}
		fi, err := d.Info() // as Lstat: a link is described, not followed
		if err != nil {
			return err
		}
		if !since.IsZero() && fi.ModTime().After(since.Add(-racyWindow)) {
			racy = true
		}
		binary.LittleEndian.PutUint64(buf[:8], uint64(fi.Size()))
		binary.LittleEndian.PutUint64(buf[8:], uint64(fi.ModTime().UnixNano()))
		h.Write([]byte(rel))
		h.Write(buf[:])
		if path.Ext(rel) == ".md" && fi.Mode().IsRegular() {
			files = append(files, rel)
		}
		if d.IsDir() {
			return fs.SkipDir // a junction on Windows
		}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if racy {
		return "", files, nil
	}
	return hex.EncodeToString(h.Sum(nil))[:hashLen], files, nil
}

// hashFiles reads each record and hashes its content. It returns the bytes
// too, so the planner parses exactly what was hashed without reading the
// files a second time. A record swapped for a link since it was listed is
// refused, not followed.
func hashFiles(dir *records.ClientDir, files []string) (map[string]string, map[string][]byte, error) {
	hashes := make(map[string]string, len(files))
	contents := make(map[string][]byte, len(files))
	for _, f := range files {
		data, err := dir.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		hashes[f] = HashBytes(data)
		contents[f] = data
	}
	return hashes, contents, nil
}

// writeOutput replaces dest/rel with data through a temporary file and a
// rename, so a reader, a crash or Ctrl-C sees the old output or the new one,
// never a truncated one. Unlike records.WriteFile it does not sync each file:
// outputs can always be rendered again, and thousands of syncs would make a
// build crawl; the manifest, which is synced, records each output's size so
// one lost in a power cut is noticed.
// seq numbers the temporary files of one build.
func writeOutput(dest, rel string, data []byte, seq *atomic.Uint64) error {
	full := filepath.Join(dest, filepath.FromSlash(rel))
	dir := filepath.Dir(full)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Opening the temporary file with its final mode saves a chmod per
	// output; O_EXCL and a name of our own keep two writers apart.
	var f *os.File
	var name string
	var err error
	for range 10 {
		name = filepath.Join(dir, fmt.Sprintf(".%s.tmp-%d-%d", filepath.Base(full), os.Getpid(), seq.Add(1)))
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, full)
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}

// removeStaleTemps removes writeOutput's temporary files in dir that were
// last written before the given time.
func removeStaleTemps(dir string, before time.Time) {
	names, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	for _, name := range names {
		if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && fi.ModTime().Before(before) {
			os.Remove(name)
		}
	}
}

// removeOutput deletes an output the build made and any folders that are
// left empty by it, up to dest itself.
func removeOutput(dest, rel string) error {
	full := filepath.Join(dest, filepath.FromSlash(rel))
	if err := os.Remove(full); err != nil && !os.IsNotExist(err) {
		return err
	}
	for dir := filepath.Dir(full); dir != dest && strings.HasPrefix(dir, dest); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break // not empty, or not ours to tidy
		}
	}
	return nil
}

// validOutput refuses output paths that could leave the destination or hide
// in it.
func validOutput(rel string) bool {
	if rel == "" || rel == ManifestFile || strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") || path.Clean(rel) != rel {
		return false
	}
	for _, part := range strings.Split(rel, "/") {
		if part == "" || part == "." || part == ".." || strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// formatOf is an output's format: its extension without the dot.
func formatOf(rel string) string { return strings.TrimPrefix(path.Ext(rel), ".") }
