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
	"strings"
	"time"

	"github.com/rapport-coach/rapport/internal/atomicfile"
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
		if path.Ext(rel) == ".md" && fi.Mode().IsRegular() && !records.HardLinked(fi) {
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

// writeOutput replaces rel in the destination with data, whole or not at
// all, through the one atomic write rapport has. Outputs are not synced:
// they can always be rendered again, and thousands of syncs would make a
// build crawl; the manifest, which is synced, records each output's size so
// one lost in a power cut is noticed. The caller has checked rel's folder
// with safeFolder.
//
// Each folder is opened once, as a root of its own kept in folders, and
// written in by name: resolving the whole path from the destination for
// every temporary file, chmod and rename cost more system calls than the
// write itself.
func writeOutput(root *os.Root, folders map[string]*os.Root, rel string, data []byte) error {
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		return atomicfile.WriteFileIn(root, name, data, 0o644, atomicfile.NoSync())
	}
	in := folders[dir]
	if in == nil {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		var err error
		if in, err = root.OpenRoot(dir); err != nil {
			return err
		}
		folders[dir] = in
	}
	err := atomicfile.WriteFileIn(in, name, data, 0o644, atomicfile.NoSync())
	var pe *fs.PathError
	if errors.As(err, &pe) {
		pe.Path = path.Join(dir, pe.Path)
	}
	return err
}

// ErrLink is why an output is neither written nor removed: a link on its way.
var ErrLink = errors.New("a link is on its way; rapport never writes or removes through links")

// safeFolder reports an error when a folder on the way to dir (relative to
// the destination, slash-separated) is a link, which could send a write or
// a removal elsewhere. A folder that does not exist yet is fine: the build
// makes it.
func safeFolder(root *os.Root, dir string) error {
	if dir == "." {
		return nil
	}
	p := ""
	for _, part := range strings.Split(dir, "/") {
		p = path.Join(p, part)
		fi, err := root.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s: %w", p, ErrLink)
		}
	}
	return nil
}

// removeStaleTemps removes the temporary files of interrupted writes in dir
// that were last written before the given time.
func removeStaleTemps(root *os.Root, dir string, before time.Time) {
	d, err := root.Open(dir)
	if err != nil {
		return
	}
	entries, _ := d.ReadDir(-1)
	d.Close()
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") || !strings.Contains(e.Name(), ".tmp-") || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().Before(before) {
			root.Remove(path.Join(dir, e.Name()))
		}
	}
}

// errChanged is why an output the build made is not removed: it no longer
// holds what the build wrote, so it is someone's, not rapport's.
var errChanged = errors.New("changed since rapport wrote it, so it was left in place")

// removeOutput deletes an output the build made, if it still holds exactly
// what was written (sum is its HashBytes), and the folders left empty by it.
// A file that changed, or is not a plain file, is left alone with an error.
// The caller has checked rel's folder with safeFolder.
func removeOutput(root *os.Root, rel, sum string) error {
	fi, err := root.Lstat(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return ErrLink
	}
	data, err := root.ReadFile(rel)
	if err != nil {
		return err
	}
	if HashBytes(data) != sum {
		return errChanged
	}
	if err := root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		if root.Remove(dir) != nil {
			break // not empty, or not ours to tidy
		}
	}
	return nil
}

// validOutput refuses output paths that could leave the destination, hide
// in it, or mean something else on another system: an absolute or unclean
// path, "..", a hidden name, a drive or stream (":"), a control character,
// a name Windows reserves for a device or trims (a final dot or space).
// It judges the text alone; safeFolder checks the disk for links.
func validOutput(rel string) bool {
	if rel == "" || rel == ManifestFile || strings.HasPrefix(rel, "/") || path.Clean(rel) != rel {
		return false
	}
	if strings.ContainsFunc(rel, func(r rune) bool { return r < 0x20 || r == 0x7f || strings.ContainsRune(`\:*?"<>|`, r) }) {
		return false
	}
	for _, part := range strings.Split(rel, "/") {
		if part == "" || part == "." || part == ".." || strings.HasPrefix(part, ".") ||
			strings.HasSuffix(part, ".") || strings.HasSuffix(part, " ") || windowsDevice(part) {
			return false
		}
	}
	return true
}

// windowsDevice reports whether name is one Windows keeps for a device,
// with or without an extension, such as "con" or "nul.html".
func windowsDevice(name string) bool {
	base, _, _ := strings.Cut(strings.ToLower(name), ".")
	switch base {
	case "con", "prn", "aux", "nul", "conin$", "conout$":
		return true
	}
	return len(base) == 4 && (strings.HasPrefix(base, "com") || strings.HasPrefix(base, "lpt")) && base[3] >= '0' && base[3] <= '9'
}

// formatOf is an output's format: its extension without the dot.
func formatOf(rel string) string { return strings.TrimPrefix(path.Ext(rel), ".") }
