package records

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/rapport-coach/rapport/internal/atomicfile"
)

// The cache keeps what rapport derives from each record (the parsed
// frontmatter with every field's position, the problems found while
// parsing, the little of the body check reads) between runs, so that a run
// after a small change reads and parses only what changed.
//
// It lives in the practice (CacheDir), one file (a
// pack) per client. A pack says, for each record, what the file was when it
// was read (size, modification and change time, inode: what git's index
// keeps) and the SHA-256 of its bytes. A record whose file still looks the
// same is taken from the pack without being opened; one whose look changed
// is read and hashed, and parsed only if its bytes changed too. A record
// modified within two seconds of the pack being made is always hashed
// again ("racy git"): its next change could keep the same modification time.
//
// A pack is trusted only whole: it carries the key of the rapport that made
// it and the settings it was made under, and a checksum of its content; a
// pack that is damaged, cut short, made by another version or for another
// practice, or that decodes into anything but this client's records is
// ignored and made again. Packs are written atomically (atomicfile), so a
// run sharing the folder with another sees one pack or the other.

// cacheSchema changes whenever what a pack holds, or how a record is
// parsed into it, changes in a way a build's identity might not show.
const cacheSchema = "rapport-cache-5"

// cacheMagic starts every pack.
var cacheMagic = []byte("rapport cache 2\n")

// formerMagics started the packs of earlier rapports: what they kept of a
// client is trimmed too (see isPack).
var formerMagics = [][]byte{[]byte("rapport cache pack\n")}

// maxPack bounds what is read of a pack: a client's records are at most a
// few megabytes, parsed.
const maxPack = 256 << 20

// racyWindow is how close to a pack's making a record's modification time
// must be for the record to be hashed again: file systems keep times to
// between a nanosecond and two seconds (FAT).
const racyWindow = 2 * time.Second

// Cache is the practice's cache folder. The zero of *Cache (nil) caches
// nothing.
type Cache struct {
	dir string   // the practice's CacheDir
	key [32]byte // the rapport and the settings packs are made under
}

// statID is how a file looked when it was read.
type statID struct {
	Size, Mtime, Ctime int64
	Ino                uint64
}

// StateDir is the practice's own folder for what rapport keeps between
// runs. It holds a .gitignore of its own that ignores everything in it, so
// git never commits it, in practices made before it existed too.
const StateDir = ".rapport"

// CacheDir is the practice's cache: StateDir/cache. It stays with the
// records, on the disk (and under the encryption) the coach chose for
// them, goes when the practice goes, and is never committed or synced.
const CacheDir = StateDir + "/cache"

// OpenCache makes the practice use its cache, making the folder when it is
// missing. A state folder that is a link, or not a folder, is never
// written through: the practice is then read without a cache.
func (p *Practice) OpenCache() {
	if err := p.ensureStateDir(); err != nil {
		return
	}
	p.UseCache(p.Path(CacheDir))
}

// ensureStateDir makes StateDir and its cache folder, readable by the coach
// only, with the .gitignore that keeps them out of git.
func (p *Practice) ensureStateDir() error {
	state := p.Path(StateDir)
	for _, dir := range []string{state, p.Path(CacheDir)} {
		fi, err := os.Lstat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			if dir == state {
				err := atomicfile.CreateFile(filepath.Join(state, ".gitignore"), []byte(stateIgnore), 0o600, atomicfile.NoSync())
				if err != nil && !errors.Is(err, atomicfile.ErrExists) {
					return err
				}
			}
		case err != nil:
			return err
		case !fi.IsDir() || IsLink(fi.Mode()):
			return fmt.Errorf("%s is not a folder", dir)
		}
	}
	return nil
}

// stateIgnore is StateDir's .gitignore.
const stateIgnore = "# What rapport keeps between runs, made again when missing: never commit it.\n*\n"

// UseCache makes the practice keep its cache in the folder dir.
func (p *Practice) UseCache(dir string) {
	h := sha256.New()
	for _, s := range []string{cacheSchema, buildIdentity()} {
		fmt.Fprintf(h, "%d:%s\n", len(s), s)
	}
	h.Write(p.settingsSum[:])
	c := &Cache{dir: dir}
	h.Sum(c.key[:0])
	p.Cache = c
}

var (
	buildOnce sync.Once
	buildID   string
)

// buildIdentity names the rapport that is running: its module version and
// the revision it was built from, and unless that is a release, the
// executable file itself (size, time, inode), since a development build
// says the same of itself whatever its code.
func buildIdentity() string {
	buildOnce.Do(func() {
		var b strings.Builder
		release := false
		if info, ok := debug.ReadBuildInfo(); ok {
			fmt.Fprintf(&b, "%s %s %s %s\n", info.GoVersion, info.Main.Path, info.Main.Version, info.Main.Sum)
			for _, s := range info.Settings {
				fmt.Fprintf(&b, "%s=%s\n", s.Key, s.Value)
			}
			for _, d := range info.Deps {
				fmt.Fprintf(&b, "%s %s %s\n", d.Path, d.Version, d.Sum)
			}
			v := info.Main.Version
			release = v != "" && v != "(devel)" && !strings.Contains(v, "+dirty")
		}
		if !release {
			if exe, err := os.Executable(); err == nil {
				if fi, err := os.Stat(exe); err == nil {
					fmt.Fprintf(&b, "exe %s %+v\n", exe, statIDOf(fi))
				} else {
					fmt.Fprintf(&b, "exe %s unknown %d\n", exe, time.Now().UnixNano())
				}
			}
		}
		buildID = b.String()
	})
	return buildID
}

// pack is what the cache holds of one client's records. On disk it is two
// parts: the heads (how each file looked and its hash), which say whether
// the client changed without decoding the rest, and the records.
type pack struct {
	// Made is when the files were looked at, before any was read.
	Made    int64
	Entries []*packEntry
	Folders []packFolder
}

// packHeads is a pack's first part.
type packHeads struct {
	Made  int64
	Heads []packHead
	// Folders are the client's folders as the walk listed them, in the
	// walk's order.
	Folders []packFolder
	index   map[string]int // each head by its path, made as they are checked
	// RecsSum is the SHA-256 of the pack's second part, checked when the
	// records are first decoded: a run that finds every record as it was
	// reads the heads alone.
	RecsSum [32]byte
}

type packHead struct {
	Rel  string
	Stat statID
	Hash [32]byte
}

// packFolder is one folder of a client as a walk listed it: how the folder
// looked just before (Stat), and the names and types listed.
type packFolder struct {
	Name    string // inside the client's folder; "." for the folder itself
	Stat    statID
	Entries []listedEntry
}

// packRec is what was made of one record's bytes: its fields, or the
// problems that kept it from being read, or both.
type packRec struct {
	Agreement  *Agreement
	Session    *Session
	Reflection *Reflection
	Fields     fieldPositions
	Problems   []Problem
}

// packEntry is one record: how its file looked, its bytes' hash, and what
// was made of them.
type packEntry struct {
	packHead
	packRec
}

// fieldPositions is where each field of a record was written, as the cache
// keeps it: a list of names and positions (encoding/binary varints) rather
// than a gob map, which gob writes and reads through reflection one entry
// at a time, half of what writing a pack cost.
type fieldPositions map[string]Pos

// GobEncode writes the positions for the cache.
func (m fieldPositions) GobEncode() ([]byte, error) {
	b := binary.AppendUvarint(make([]byte, 0, len(m)*24), uint64(len(m)))
	for name, p := range m {
		b = binary.AppendUvarint(b, uint64(len(name)))
		b = append(b, name...)
		b = binary.AppendVarint(b, int64(p.Line))
		b = binary.AppendVarint(b, int64(p.Col))
	}
	return b, nil
}

// GobDecode reads what GobEncode wrote, refusing anything else.
func (m *fieldPositions) GobDecode(b []byte) error {
	bad := errors.New("damaged field positions")
	n, k := binary.Uvarint(b)
	// Each entry takes at least three bytes.
	if k <= 0 || n > uint64(len(b))/3 {
		return bad
	}
	b = b[k:]
	// Sized by what is read, not by what the count says: a damaged or
	// planted count must not make a large map before it is refused.
	out := make(fieldPositions, min(n, 64))
	for range n {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return bad
		}
		name := string(b[k : k+int(l)])
		b = b[k+int(l):]
		line, k1 := binary.Varint(b)
		if k1 <= 0 {
			return bad
		}
		col, k2 := binary.Varint(b[k1:])
		if k2 <= 0 || line != int64(int(line)) || col != int64(int(col)) {
			return bad
		}
		b = b[k1+k2:]
		if _, dup := out[name]; dup {
			return bad
		}
		out[name] = Pos{Line: int(line), Col: int(col)}
	}
	if len(b) != 0 {
		return bad
	}
	*m = out
	return nil
}

// ProblemList is problems as a command keeps them in the cache (check's
// findings for a client). Gob would describe the type again in every
// client's blob and a reader compile it again for each: on a check that
// finds nothing changed, that was the largest cost after the system calls.
// So the list is written as varints and strings (MarshalBinary), which the
// cache's users take over gob.
type ProblemList []Problem

// MarshalBinary writes the problems for the cache.
func (l ProblemList) MarshalBinary() ([]byte, error) {
	b := binary.AppendUvarint(make([]byte, 0, len(l)*160), uint64(len(l)))
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, p := range l {
		str(p.Path)
		b = binary.AppendVarint(b, int64(p.Line))
		b = binary.AppendVarint(b, int64(p.Col))
		str(string(p.Severity))
		str(p.Rule)
		str(p.Message)
		str(p.Hint)
	}
	return b, nil
}

// UnmarshalBinary reads what MarshalBinary wrote, refusing anything else.
func (l *ProblemList) UnmarshalBinary(b []byte) error {
	bad := errors.New("damaged problem list")
	n, k := binary.Uvarint(b)
	// Each problem takes at least seven bytes.
	if k <= 0 || n > uint64(len(b))/7 {
		return bad
	}
	b = b[k:]
	ok := true
	str := func() string {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			ok, b = false, nil
			return ""
		}
		s := string(b[k : k+int(l)])
		b = b[k+int(l):]
		return s
	}
	num := func() int {
		v, k := binary.Varint(b)
		if k <= 0 || v != int64(int(v)) {
			ok, b = false, nil
			return 0
		}
		b = b[k:]
		return int(v)
	}
	// Grown as problems are read, not sized by the count, which a damaged
	// or planted pack could make large.
	out := make(ProblemList, 0, min(n, 256))
	for range n {
		out = append(out, Problem{})
		p := &out[len(out)-1]
		p.Path = str()
		p.Line, p.Col = num(), num()
		p.Severity = Severity(str())
		p.Rule, p.Message, p.Hint = str(), str(), str()
		if !ok {
			return bad
		}
	}
	if len(b) != 0 {
		return bad
	}
	*l = out
	return nil
}

// GobEncode writes a date as YYYY-MM-DD, for the cache.
func (d Date) GobEncode() ([]byte, error) { return []byte(d.String()), nil }

// GobDecode reads a date the cache kept, refusing anything but a day.
func (d *Date) GobDecode(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// read reads a file of the cache whole, or nil.
func (c *Cache) read(name string) []byte {
	f, err := openCacheFile(filepath.Join(c.dir, name))
	if err != nil {
		return nil
	}
	defer f.Close()
	// Sized by the file, so that it is read in one go; one that grows
	// meanwhile is read on to the end.
	var b bytes.Buffer
	if fi, err := f.Stat(); err == nil && fi.Size() < maxPack {
		b.Grow(int(fi.Size()) + bytes.MinRead)
	}
	if _, err := b.ReadFrom(io.LimitReader(f, maxPack+1)); err != nil || b.Len() > maxPack {
		return nil
	}
	return b.Bytes()
}

// packPrefix is how much of a pack comes before its heads: the magic, the
// key, the heads' checksum and their length.
var packPrefix = len(cacheMagic) + 32 + 4 + 4

// readHeads reads a pack up to its records (see openPack), or nil.
func (c *Cache) readHeads(name string) []byte {
	f, err := openCacheFile(filepath.Join(c.dir, name))
	if err != nil {
		return nil
	}
	defer f.Close()
	// The prefix says how long the heads are; the buffer is made for
	// them once that length is known to be sane.
	var prefix [128]byte
	if _, err := io.ReadFull(f, prefix[:packPrefix]); err != nil {
		return nil
	}
	n := int64(binary.LittleEndian.Uint32(prefix[packPrefix-4 : packPrefix]))
	if n > maxPack {
		return nil
	}
	// Heads are a few kilobytes, read into a buffer of their size; a
	// length beyond a megabyte is read as the file grows, so that a
	// damaged one cannot make the buffer.
	if n <= 1<<20 {
		b := make([]byte, int64(packPrefix)+n)
		copy(b, prefix[:packPrefix])
		if _, err := io.ReadFull(f, b[packPrefix:]); err != nil {
			return nil
		}
		return b
	}
	buf := bytes.NewBuffer(append(make([]byte, 0, packPrefix+1<<20), prefix[:packPrefix]...))
	if m, err := buf.ReadFrom(io.LimitReader(f, n)); err != nil || m != n {
		return nil
	}
	return buf.Bytes()
}

// checksum is how the cache tells a file damaged or cut short: CRC-32C,
// which the processor computes far faster than SHA-256. It guards against
// accidents, not against someone who can write the cache (and so the
// records too); what a file holds is validated as it is decoded.
func checksum(parts ...[]byte) uint32 {
	var sum uint32
	for _, p := range parts {
		sum = crc32.Update(sum, castagnoli, p)
	}
	return sum
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sealed is data as the cache writes it: the magic, the key it was made
// under and a checksum before the content.
func sealed(key [32]byte, parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, len(cacheMagic)+32+4+n)
	out = append(out, cacheMagic...)
	out = append(out, key[:]...)
	out = binary.LittleEndian.AppendUint32(out, checksum(parts...))
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// unseal is the content of data sealed under key, or an error when data is
// not that: damaged, cut short, or made under another key.
func unseal(data []byte, key [32]byte) ([]byte, error) {
	head := len(cacheMagic) + 32 + 4
	if len(data) < head || !bytes.Equal(data[:len(cacheMagic)], cacheMagic) {
		return nil, errors.New("not a cache file")
	}
	data = data[len(cacheMagic):]
	if !bytes.Equal(data[:32], key[:]) {
		return nil, errors.New("made by another rapport or under other settings")
	}
	sum, body := binary.LittleEndian.Uint32(data[32:36]), data[36:]
	if checksum(body) != sum {
		return nil, errors.New("damaged")
	}
	return body, nil
}

// A pack on disk is cacheMagic, the key it was made under, the checksum of
// its heads part, then the heads part (its length, then the heads) and the
// records. The heads are a plain list of fixed fields rather than gob: a
// gob stream describes its types before its values, and decoding those
// descriptions again for every client's pack was most of what a run that
// finds nothing changed spent on the cache. The records (gob) are checked
// against RecsSum when first used.

// openPack checks a pack's heads and decodes them; rest is the records,
// not checked yet (see packReader.old).
func openPack(data []byte, key [32]byte, id string) (*packHeads, []byte, error) {
	if len(data) < packPrefix || !bytes.Equal(data[:len(cacheMagic)], cacheMagic) {
		return nil, nil, errors.New("not a cache file")
	}
	data = data[len(cacheMagic):]
	if !bytes.Equal(data[:32], key[:]) {
		return nil, nil, errors.New("made by another rapport or under other settings")
	}
	sum, body := binary.LittleEndian.Uint32(data[32:36]), data[36:]
	n := binary.LittleEndian.Uint32(body)
	if uint64(n) > uint64(len(body)-4) {
		return nil, nil, errors.New("cut short")
	}
	if checksum(body[:4+n]) != sum {
		return nil, nil, errors.New("damaged")
	}
	heads, err := decodeHeads(body[4 : 4+n])
	if err != nil {
		return nil, nil, err
	}
	dir := path.Join(ClientsDir, id) + "/"
	heads.index = make(map[string]int, len(heads.Heads))
	for i, h := range heads.Heads {
		if _, twice := heads.index[h.Rel]; twice || !strings.HasPrefix(h.Rel, dir) || !strings.HasSuffix(h.Rel, ".md") || path.Clean(h.Rel) != h.Rel {
			return nil, nil, errors.New("entry of another client")
		}
		heads.index[h.Rel] = i
	}
	folders := make(map[string]bool, len(heads.Folders))
	for _, f := range heads.Folders {
		if !validFolder(f) || folders[f.Name] {
			return nil, nil, errors.New("folder listing that no walk makes")
		}
		folders[f.Name] = true
	}
	return heads, body[4+n:], nil
}

// validFolder reports whether f could be a listing Walk made: a folder
// inside the client's (or the folder itself), entries named by one plain
// name each, in order, with a type and nothing else. A name is any the
// system lists, not only UTF-8: fs.ValidPath would refuse, on every run,
// the pack of a client whose folder holds one that is not.
func validFolder(f packFolder) bool {
	if f.Name != "." {
		for _, elem := range strings.Split(f.Name, "/") {
			if !listedName(elem) {
				return false
			}
		}
	}
	for i, e := range f.Entries {
		if !listedName(e.Name) || e.Type&^fs.ModeType != 0 || (i > 0 && f.Entries[i-1].Name >= e.Name) {
			return false
		}
	}
	return true
}

// listedName reports whether name could be one entry of a folder's
// listing: one element, never one that leads up or stays put. A backslash
// is a plain character where listings are kept (see openFolder).
func listedName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, "/\x00")
}

// appendHeads is the heads part of a pack.
func appendHeads(b []byte, h *packHeads) []byte {
	b = binary.AppendVarint(b, h.Made)
	b = binary.AppendUvarint(b, uint64(len(h.Heads)))
	for _, x := range h.Heads {
		b = binary.AppendUvarint(b, uint64(len(x.Rel)))
		b = append(b, x.Rel...)
		b = binary.AppendVarint(b, x.Stat.Size)
		b = binary.AppendVarint(b, x.Stat.Mtime)
		b = binary.AppendVarint(b, x.Stat.Ctime)
		b = binary.AppendUvarint(b, x.Stat.Ino)
		b = append(b, x.Hash[:]...)
	}
	b = binary.AppendUvarint(b, uint64(len(h.Folders)))
	for _, f := range h.Folders {
		b = binary.AppendUvarint(b, uint64(len(f.Name)))
		b = append(b, f.Name...)
		b = appendStat(b, f.Stat)
		b = binary.AppendUvarint(b, uint64(len(f.Entries)))
		for _, e := range f.Entries {
			b = binary.AppendUvarint(b, uint64(len(e.Name)))
			b = append(b, e.Name...)
			b = binary.AppendUvarint(b, uint64(e.Type))
		}
	}
	return append(b, h.RecsSum[:]...)
}

func appendStat(b []byte, s statID) []byte {
	b = binary.AppendVarint(b, s.Size)
	b = binary.AppendVarint(b, s.Mtime)
	b = binary.AppendVarint(b, s.Ctime)
	return binary.AppendUvarint(b, s.Ino)
}

// decodeHeads reads what appendHeads wrote, refusing anything else.
func decodeHeads(b []byte) (*packHeads, error) {
	bad := errors.New("damaged heads")
	cut := func(n uint64) string {
		s := string(b[:n])
		b = b[n:]
		return s
	}
	varint := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			b = nil
			return 0
		}
		b = b[n:]
		return v
	}
	uvarint := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			b = nil
			return 0
		}
		b = b[n:]
		return v
	}
	h := &packHeads{Made: varint()}
	count := uvarint()
	// Each head takes at least a path's length, four numbers and a hash.
	if b == nil || count > uint64(len(b))/(5+32) {
		return nil, bad
	}
	h.Heads = make([]packHead, 0, min(count, 1024))
	for range count {
		h.Heads = append(h.Heads, packHead{})
		x := &h.Heads[len(h.Heads)-1]
		n := uvarint()
		if b == nil || n > uint64(len(b)) {
			return nil, bad
		}
		x.Rel = cut(n)
		x.Stat.Size, x.Stat.Mtime, x.Stat.Ctime = varint(), varint(), varint()
		x.Stat.Ino = uvarint()
		if len(b) < 32 { // nil too: a varint above could not be read
			return nil, bad
		}
		b = b[copy(x.Hash[:], b):]
	}
	name := func() (string, bool) {
		n := uvarint()
		if b == nil || n > uint64(len(b)) {
			return "", false
		}
		return cut(n), true
	}
	count = uvarint()
	// Each folder takes at least a name's length, four numbers and a count.
	if b == nil || count > uint64(len(b))/6 {
		return nil, bad
	}
	h.Folders = make([]packFolder, 0, min(count, 64))
	for range count {
		var f packFolder
		var ok bool
		if f.Name, ok = name(); !ok {
			return nil, bad
		}
		f.Stat.Size, f.Stat.Mtime, f.Stat.Ctime = varint(), varint(), varint()
		f.Stat.Ino = uvarint()
		n := uvarint()
		// Each entry takes at least a name's length and a type.
		if b == nil || n > uint64(len(b))/2 {
			return nil, bad
		}
		f.Entries = make([]listedEntry, 0, min(n, 1024))
		for range n {
			var e listedEntry
			if e.Name, ok = name(); !ok {
				return nil, bad
			}
			e.Type = fs.FileMode(uvarint())
			if b == nil {
				return nil, bad
			}
			f.Entries = append(f.Entries, e)
		}
		h.Folders = append(h.Folders, f)
	}
	if len(b) != 32 {
		return nil, bad
	}
	copy(h.RecsSum[:], b)
	return h, nil
}

// valid reports whether the entry is one record of client id, at its path.
func (e *packEntry) valid(id string) error {
	n := 0
	var rec *Record
	for _, r := range []struct {
		set  bool
		rec  *Record
		kind Kind
	}{
		{e.Agreement != nil, recordOf(e.Agreement), KindAgreement},
		{e.Session != nil, recordOf(e.Session), KindSession},
		{e.Reflection != nil, recordOf(e.Reflection), KindReflection},
	} {
		if !r.set {
			continue
		}
		n++
		if rec = r.rec; rec == nil || rec.Kind != r.kind {
			return errors.New("entry is not the record it says")
		}
	}
	switch {
	case n > 1:
		return errors.New("entry is more than one record")
	case rec != nil && (rec.Path != e.Rel || rec.Client != id || len(rec.Body) > MaxRecordSize):
		return errors.New("entry is another record")
	}
	for _, p := range e.Problems {
		if p.Path != e.Rel {
			return errors.New("problem of another record")
		}
	}
	return nil
}

// recordOf is the Record inside one of the three kinds, or nil.
func recordOf(v any) *Record {
	switch v := v.(type) {
	case *Agreement:
		if v != nil {
			return v.Record
		}
	case *Session:
		if v != nil {
			return v.Record
		}
	case *Reflection:
		if v != nil {
			return v.Record
		}
	}
	return nil
}

// encodePack is a pack as written.
func encodePack(pk *pack, key [32]byte) ([]byte, error) {
	heads := packHeads{Made: pk.Made, Heads: make([]packHead, len(pk.Entries)), Folders: pk.Folders}
	recs := make([]packRec, len(pk.Entries))
	for i, e := range pk.Entries {
		heads.Heads[i], recs[i] = e.packHead, e.packRec
	}
	var r bytes.Buffer
	if err := gob.NewEncoder(&r).Encode(recs); err != nil {
		return nil, err
	}
	heads.RecsSum = sha256.Sum256(r.Bytes())
	return joinPack(&heads, key, r.Bytes()), nil
}

// joinPack is a pack of heads and records (recs, encoded) as written.
func joinPack(heads *packHeads, key [32]byte, recs []byte) []byte {
	h := appendHeads(make([]byte, 4, 4+len(heads.Heads)*100), heads)
	binary.LittleEndian.PutUint32(h, uint32(len(h)-4))
	out := make([]byte, 0, len(cacheMagic)+32+4+len(h)+len(recs))
	out = append(out, cacheMagic...)
	out = append(out, key[:]...)
	out = binary.LittleEndian.AppendUint32(out, checksum(h))
	out = append(out, h...)
	return append(out, recs...)
}

// store writes the client's pack. A pack that cannot be written is left
// out: the cache only saves time.
func (c *Cache) store(id string, pk *pack) {
	data, err := encodePack(pk, c.key)
	if err != nil {
		return
	}
	c.write(id+".pack", data)
}

// write replaces a file of the cache. What the cache holds is made again
// when lost, so it is not synced: a file cut short by a power cut fails its
// checksum and is ignored. The folder is made by OpenCache, which refuses links; one gone since is
// not made again.
func (c *Cache) write(name string, data []byte) {
	_ = atomicfile.WriteFile(filepath.Join(c.dir, name), data, 0o600, atomicfile.NoSync())
}

// TrimCache drops what the cache keeps of clients the practice no longer
// has (a folder deleted by hand, not with rapport erase): it holds their
// records' fields and text, which must not outlive the records. One pack
// and a few findings per client is all the cache holds, so that bounds its
// size too. Only files named and shaped as the cache's are removed.
func (p *Practice) TrimCache() {
	c := p.Cache
	if c == nil {
		return
	}
	ids, _, err := p.ClientIDs()
	if err != nil {
		return
	}
	have := make(map[string]bool, len(ids))
	for _, id := range ids {
		have[id] = true
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		id, _, _ := strings.Cut(e.Name(), ".")
		full := filepath.Join(c.dir, e.Name())
		if !have[id] && e.Type().IsRegular() && isCacheName(e.Name()) && isPack(full) {
			os.Remove(full)
		}
	}
}

// isCacheName reports whether name is one the cache gives its files.
func isCacheName(name string) bool {
	if id, ok := strings.CutSuffix(name, ".pack"); ok {
		return ValidID(id) == nil
	}
	if b, ok := strings.CutSuffix(name, ".blob"); ok {
		return validBlobName(b)
	}
	return false
}

// isPack reports whether the file starts as a pack does, this rapport's or
// an earlier one's, so that nothing else is ever removed from the cache
// folder.
func isPack(full string) bool {
	f, err := openCacheFile(full)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 32)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	for _, magic := range append([][]byte{cacheMagic}, formerMagics...) {
		if bytes.HasPrefix(head, magic) {
			return true
		}
	}
	return false
}

// packReader is one LoadClient's use of a pack: the old pack, whose
// records are decoded only when one is used, and what the walk found.
type packReader struct {
	heads *packHeads
	rest  []byte // the old pack's records, not decoded yet
	// readRest, when set, reads the pack again for its records: only its
	// heads (prefix, as read) were read at first.
	readRest func() []byte
	prefix   []byte
	recs     []packRec // decoded from rest
	index    map[string]int
	made     int64 // when the new pack's files were first looked at
	changed  bool  // the new pack differs from the old
	// folders are the old pack's listings by folder name; seen are the
	// walk's, in its order.
	folders map[string]*packFolder
	seen    []packFolder
}

func (c *Cache) reader(id string) *packReader {
	r := &packReader{made: time.Now().UnixNano()}
	name := id + ".pack"
	prefix := c.readHeads(name)
	heads, _, err := openPack(prefix, c.key, id)
	if err != nil {
		r.changed = true
		return r
	}
	r.heads, r.prefix = heads, prefix
	r.readRest = func() []byte { return c.read(name) }
	r.index = heads.index
	r.folders = make(map[string]*packFolder, len(heads.Folders))
	for i := range heads.Folders {
		r.folders[heads.Folders[i].Name] = &heads.Folders[i]
	}
	return r
}

// settled reports whether a file or folder that looks now as it looked
// when the old pack was made (st) can be taken as unchanged: it was not
// modified so close to the pack's making that a change could hide in the
// file system's clock.
func (r *packReader) settled(st statID) bool {
	return st.Mtime < r.heads.Made-int64(racyWindow) && st.Ctime < r.heads.Made-int64(racyWindow)
}

// listing is folderCache.listing: the old pack's listing of the folder, if
// the folder looks as it did then and had settled.
func (r *packReader) listing(name string, st statID) ([]listedEntry, bool) {
	f := r.folders[name]
	if f == nil || f.Stat != st || !r.settled(st) {
		return nil, false
	}
	r.seen = append(r.seen, *f)
	return f.Entries, true
}

// listed is folderCache.listed: what the walk listed of a folder.
func (r *packReader) listed(name string, st statID, entries []listedEntry) {
	r.seen = append(r.seen, packFolder{Name: name, Stat: st, Entries: entries})
	// Listed again while the old listing would do (too recent to trust, or
	// first listed now): the pack is written again, so that the next run
	// finds the folder settled.
	r.changed = true
}

// fresh is the old entry of rel (its index, plus one) when the file still
// looks as it did and was not modified so close to the pack's making that
// a change could hide; 0 otherwise.
func (r *packReader) fresh(rel string, id statID) int {
	i, ok := r.index[rel]
	if !ok {
		return 0
	}
	if h := r.heads.Heads[i]; h.Stat != id || !r.settled(h.Stat) {
		return 0
	}
	return i + 1
}

// same is the old entry of rel (its index, plus one) if its bytes hashed to
// sum; 0 otherwise.
func (r *packReader) same(rel string, sum [32]byte) int {
	if i, ok := r.index[rel]; ok && r.heads.Heads[i].Hash == sum {
		return i + 1
	}
	return 0
}

// old is the old pack's entry i, its records decoded on first use; false
// when they cannot be.
func (r *packReader) old(i int, id string) (*packEntry, bool) {
	if r.recs == nil {
		if r.readRest != nil {
			// The pack as read now must be the one whose heads were
			// read, or its records are not the ones they describe.
			data := r.readRest()
			r.readRest = nil
			if !bytes.HasPrefix(data, r.prefix) {
				return nil, false
			}
			r.rest = data[len(r.prefix):]
		}
		if sha256.Sum256(r.rest) != r.heads.RecsSum {
			return nil, false
		}
		var recs []packRec
		if err := gob.NewDecoder(bytes.NewReader(r.rest)).Decode(&recs); err != nil || len(recs) != len(r.heads.Heads) {
			return nil, false
		}
		r.recs = recs
	}
	e := &packEntry{r.heads.Heads[i], r.recs[i]}
	r.recs[i] = packRec{} // handed out once: records are not shared
	if e.valid(id) != nil {
		return nil, false
	}
	return e, true
}

// digest is what a client's folder holds, by content: each record's path
// and the hash of its bytes, and the other files' paths.
func digest(id string, heads []packHead, others []string) [32]byte {
	// Each name goes in after its length, so no two folders read alike.
	b := make([]byte, 0, 64+len(heads)*(64+32))
	b = binary.AppendUvarint(b, uint64(len(id)))
	b = append(b, id...)
	for _, x := range heads {
		b = append(b, 'r')
		b = binary.AppendUvarint(b, uint64(len(x.Rel)))
		b = append(b, x.Rel...)
		b = append(b, x.Hash[:]...)
	}
	for _, o := range others {
		b = append(b, 'o')
		b = binary.AppendUvarint(b, uint64(len(o)))
		b = append(b, o...)
	}
	return sha256.Sum256(b)
}

// entryOf makes a pack entry of what parsing a record gave.
func entryOf(head packHead, res parsed) *packEntry {
	e := &packEntry{head, packRec{Problems: res.problems}}
	var rec *Record
	switch v := res.rec.(type) {
	case *Agreement:
		e.Agreement, rec = v, v.Record
	case *Session:
		e.Session, rec = v, v.Record
	case *Reflection:
		e.Reflection, rec = v, v.Record
	}
	if rec != nil {
		e.Fields = fieldPositions(rec.fields)
	}
	return e
}

// parsedOf is what a pack entry stands for, as parsing gave it.
func parsedOf(e *packEntry) parsed {
	res := parsed{problems: e.Problems}
	var rec *Record
	switch {
	case e.Agreement != nil:
		res.rec, rec = e.Agreement, e.Agreement.Record
	case e.Session != nil:
		res.rec, rec = e.Session, e.Session.Record
	case e.Reflection != nil:
		res.rec, rec = e.Reflection, e.Reflection.Record
	}
	if rec != nil {
		rec.fields = map[string]Pos(e.Fields)
		if rec.fields == nil {
			rec.fields = map[string]Pos{}
		}
	}
	return res
}

// hashOf is the key of a record's bytes.
func hashOf(data []byte) [32]byte { return sha256.Sum256(data) }

// Blob is what a command keeps in the cache besides records, such as
// check's findings for a client: data stored under a key that says all it
// was made from, found again only under the same key.
func (c *Cache) Blob(name string, key [32]byte) ([]byte, bool) {
	if c == nil || !validBlobName(name) {
		return nil, false
	}
	body, err := unseal(c.read(name+".blob"), c.blobKey(key))
	if err != nil {
		return nil, false
	}
	return body, true
}

// PutBlob stores data under key; see Blob.
func (c *Cache) PutBlob(name string, key [32]byte, data []byte) {
	if c == nil || !validBlobName(name) {
		return
	}
	c.write(name+".blob", sealed(c.blobKey(key), data))
}

func (c *Cache) blobKey(key [32]byte) [32]byte {
	return sha256.Sum256(append(c.key[:], key[:]...))
}

// validBlobName is a name made of a client id and a word: nothing that
// could lead out of the cache folder.
func validBlobName(name string) bool {
	id, what, ok := strings.Cut(name, ".")
	return ok && ValidID(id) == nil && what != "" && strings.Trim(what, "abcdefghijklmnopqrstuvwxyz") == ""
}

// Forget removes what the cache keeps of client id (its pack and what
// commands made of it), as erasing the client must: the cache holds the
// records' fields and some of their text.
func (c *Cache) Forget(id string) {
	if c == nil || ValidID(id) != nil {
		return
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, id+".") && isCacheName(name) && e.Type().IsRegular() {
			os.Remove(filepath.Join(c.dir, name))
		}
	}
}
