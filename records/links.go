package records

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// The link policy, in one place: rapport never reads a record or a folder
// under clients/ that is a symbolic link, wherever it points. A link inside
// the practice is no safer than one outside it: a record linked to another
// client's session would put that client's notes into this client's
// handouts. Every reader of client folders (load, build, export) goes through
// OpenClientDir and ClientDir.Open, and check reports each link it finds.

// RuleLink is reported for a record or folder under clients/ that is a link.
const RuleLink = "record-link"

// IsLink reports whether an entry of this type is a link rapport does not
// read through: a symbolic link, or what Go reports as irregular, which on
// Windows is a junction or another reparse point that is not a plain file.
func IsLink(m fs.FileMode) bool { return m&(fs.ModeSymlink|fs.ModeIrregular) != 0 }

// LinkError says that Path (slash-separated, relative to the practice) is a
// link and was not read.
type LinkError struct {
	Path   string
	Target string // where the link points, as written in it; "" if unknown
}

func (e *LinkError) Error() string {
	if e.Target == "" {
		return e.Path + " is a link, which rapport does not follow"
	}
	return fmt.Sprintf("%s is a link to %s, which rapport does not follow", e.Path, Visible(e.Target))
}

// HardLinkError says that Path is one of several names of the same file on
// disk (a hard link), which could make another client's record this one's.
type HardLinkError struct {
	Path  string
	Names uint64
}

// HardLinked reports whether a regular file has other names on disk, as
// ClientDir.Open refuses it: what lists records to read leaves it out, as it
// leaves out links.
func HardLinked(fi fs.FileInfo) bool { return names(fi) > 1 }

func (e *HardLinkError) Error() string {
	return fmt.Sprintf("%s is one of %d names of the same file (a hard link), which rapport does not read", e.Path, e.Names)
}

// ErrChanged is returned when a file was replaced between being looked at
// and being opened.
var ErrChanged = errors.New("the file changed while it was being opened; run the command again")

// linkTarget is what the link at full says, "" when it cannot be read.
func linkTarget(full string) string {
	t, err := os.Readlink(full)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(t)
}

// LinkProblem is check's report of the link at rel (slash-separated,
// relative to the practice root): what it is, where it points, and why it
// was not read. what names it for the coach: "record", "folder", "client
// folder".
func LinkProblem(root, rel, what string) Problem {
	target := "somewhere rapport cannot tell"
	if t := linkTarget(filepath.Join(root, filepath.FromSlash(rel))); t != "" {
		target = Visible(t)
	}
	return Problem{Path: rel, Line: 1, Col: 1, Severity: Error, Rule: RuleLink,
		Message: fmt.Sprintf("%s is a link to %s and is not read: a link can bring another client's records, or a file from outside the practice, into this client's handouts", what, target),
		Hint:    "replace the link with a copy of what it points to, or remove it"}
}

// ClientDir is one client's folder opened for reading. What is read through
// it stays inside the folder: it is an os.Root, which refuses any path that
// leads out of the folder, so even a folder swapped for a link while rapport
// reads cannot lead to another client's records.
//
// A ClientDir is for one goroutine at a time.
type ClientDir struct {
	Rel  string   // clients/<id>
	path string   // the folder's full path
	root *os.Root // see openRoot
	// subs are the folders inside, opened as roots of their own when a
	// file in them is first opened, so each later open is one system call
	// rather than one per folder on the way.
	subs map[string]*os.Root
	// listed are the folders Walk is in (by name inside the folder, "."
	// for the folder itself), open while their entries are walked, so that
	// look can ask about each record relative to its folder (see lookIn).
	listed map[string]*os.File
	// folders, when set, keeps listings between runs (list).
	folders folderCache
	self    fs.FileInfo // the folder, as opened
}

// OpenClientDir opens clients/<id>/ of the practice at root for reading. It
// refuses clients/ or the client's folder when either is a link
// (*LinkError), and reports a missing folder as fs.ErrNotExist.
func OpenClientDir(root, id string) (*ClientDir, error) {
	if err := ValidID(id); err != nil {
		return nil, err
	}
	rel := path.Join(ClientsDir, id)
	var before fs.FileInfo
	for _, r := range []string{ClientsDir, rel} {
		full := filepath.Join(root, filepath.FromSlash(r))
		fi, err := os.Lstat(full)
		switch {
		case err != nil:
			return nil, err
		case IsLink(fi.Mode()):
			return nil, &LinkError{Path: r, Target: linkTarget(full)}
		case !fi.IsDir():
			return nil, fmt.Errorf("%s is not a folder", r)
		}
		before = fi
	}
	d := &ClientDir{Rel: rel, path: filepath.Join(root, filepath.FromSlash(rel)), self: before}
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		// Here the walk lists through the root (see openFolder).
		if _, err := d.openRoot(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// openRoot is the folder as an os.Root, opened when first needed: a load
// that finds every record as the cache knew it opens none through it.
func (d *ClientDir) openRoot() (*os.Root, error) {
	if d.root != nil {
		return d.root, nil
	}
	r, err := os.OpenRoot(d.path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Rel, err)
	}
	// The folder opened is the folder looked at, not a link swapped in
	// since: the Lstat did not follow one, so neither did this.
	after, err := r.Stat(".")
	if err != nil || !os.SameFile(d.self, after) {
		r.Close()
		if err == nil {
			err = ErrChanged
		}
		return nil, fmt.Errorf("%s: %w", d.Rel, err)
	}
	d.root = r
	return r, nil
}

// Close releases the folder.
func (d *ClientDir) Close() error {
	for _, r := range d.subs {
		r.Close()
	}
	for _, f := range d.listed {
		f.Close()
	}
	d.subs, d.listed = nil, nil
	if d.root == nil {
		return nil
	}
	return d.root.Close()
}

// parent is the root holding name (a slash-separated name inside the
// folder), and name's last element.
func (d *ClientDir) parent(name string) (*os.Root, string, error) {
	dir, base := path.Split(name)
	root, err := d.openRoot()
	if err != nil {
		return nil, "", err
	}
	if dir == "" {
		return root, base, nil
	}
	dir = dir[:len(dir)-1]
	if r, ok := d.subs[dir]; ok {
		return r, base, nil
	}
	// OpenRoot never leads out of the client's folder, even through a
	// link swapped in meanwhile.
	r, err := root.OpenRoot(dir)
	if err != nil {
		return nil, "", err
	}
	if d.subs == nil {
		d.subs = map[string]*os.Root{}
	}
	d.subs[dir] = r
	return r, base, nil
}

// Walk calls fn for the folder and everything in it, in lexical order, with
// slash-separated paths relative to the practice root. Folders that are
// links are not entered (fn sees them as links: IsLink(e.Type())).
//
// Each folder is opened without following a link (openFolder), so a folder
// swapped for a link meanwhile is not listed; what is listed is names and
// types as the system gives them, and every file is then looked at (look)
// or opened (Open) inside the folder.
func (d *ClientDir) Walk(fn func(rel string, e fs.DirEntry, err error) error) error {
	err := d.walkDir(".", d.Rel, fs.FileInfoToDirEntry(d.self), fn)
	if err == fs.SkipDir || err == fs.SkipAll {
		return nil
	}
	return err
}

// walkDir is filepath.WalkDir's walk from name (inside the folder; rel is
// the same, relative to the practice). The paths are each folder's path and
// a name as listed, which needs no cleaning: half of what the walk cost
// beyond the system calls went into cleaning joined paths.
func (d *ClientDir) walkDir(name, rel string, e fs.DirEntry, fn func(string, fs.DirEntry, error) error) error {
	if err := fn(rel, e, nil); err != nil || !e.IsDir() {
		if err == fs.SkipDir && e.IsDir() {
			err = nil
		}
		return err
	}
	entries, err := d.list(name)
	// The folder is open while its entries are walked (see look) and no
	// longer: a client with many folders holds only the few it is in.
	defer d.unlist(name)
	if err != nil {
		// Told of the error, fn may still take what was listed.
		if err = fn(rel, e, err); err != nil {
			if err == fs.SkipDir && e.IsDir() {
				err = nil
			}
			return err
		}
	}
	for _, x := range entries {
		sub := x.Name()
		if name != "." {
			sub = name + "/" + sub
		}
		if err := d.walkDir(sub, rel+"/"+x.Name(), x, fn); err != nil {
			if err == fs.SkipDir {
				break
			}
			return err
		}
	}
	return nil
}

// list returns the entries of the folder name (inside the client's
// folder), sorted by name, and keeps the folder open for look until
// unlist. A folder that looks as it did when the cache last listed it
// lists the same names (adding, removing or renaming an entry changes the
// folder's modification and change times), so its listing is taken from
// the cache (d.folders).
func (d *ClientDir) list(name string) ([]fs.DirEntry, error) {
	f, st, looked, err := d.openFolder(name)
	if err != nil {
		return nil, err
	}
	if d.listed == nil {
		d.listed = map[string]*os.File{}
	}
	d.listed[name] = f
	if looked && d.folders != nil {
		if known, ok := d.folders.listing(name, st); ok {
			return d.entriesOf(name, known), nil
		}
	}
	entries, err := f.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	if looked && d.folders != nil && err == nil {
		d.folders.listed(name, st, listingOf(entries))
	}
	return entries, err
}

// unlist closes the folder name, which list opened.
func (d *ClientDir) unlist(name string) {
	if f := d.listed[name]; f != nil {
		f.Close()
		delete(d.listed, name)
	}
}

// folderCache keeps what Walk listed of each folder, by how the folder
// looked before it was listed (see packReader).
type folderCache interface {
	// listing is what the folder name listed before, if it still looks
	// as it did then (st) and did not change too close to that listing.
	listing(name string, st statID) ([]listedEntry, bool)
	// listed keeps what the folder listed now.
	listed(name string, st statID, entries []listedEntry)
}

// listedEntry is one name a folder listed, and its type.
type listedEntry struct {
	Name string
	Type fs.FileMode
}

func listingOf(entries []fs.DirEntry) []listedEntry {
	out := make([]listedEntry, len(entries))
	for i, e := range entries {
		out[i] = listedEntry{e.Name(), e.Type()}
	}
	return out
}

// entriesOf is a listing kept by the cache as the folder's entries.
func (d *ClientDir) entriesOf(folder string, known []listedEntry) []fs.DirEntry {
	all := make([]keptEntry, len(known))
	out := make([]fs.DirEntry, len(known))
	for i, e := range known {
		all[i] = keptEntry{e, d, folder}
		out[i] = &all[i]
	}
	return out
}

// keptEntry is an fs.DirEntry from a listing the cache kept.
type keptEntry struct {
	listedEntry
	d      *ClientDir
	folder string
}

func (e *keptEntry) Name() string      { return e.listedEntry.Name }
func (e *keptEntry) IsDir() bool       { return e.listedEntry.Type.IsDir() }
func (e *keptEntry) Type() fs.FileMode { return e.listedEntry.Type }

// Info looks at the entry now, without following a link.
func (e *keptEntry) Info() (fs.FileInfo, error) {
	name := e.listedEntry.Name
	if e.folder != "." {
		name = e.folder + "/" + name
	}
	root, err := e.d.openRoot()
	if err != nil {
		return nil, err
	}
	return root.Lstat(name)
}

// look is what the cache compares of the file rel (see statIDOf), looked at
// without following a link, and whether it is plain: a regular file with
// one name on disk, the only kind the cache takes as unchanged unread.
func (d *ClientDir) look(rel string) (statID, bool, error) {
	name, err := d.name(rel)
	if err != nil {
		return statID{}, false, err
	}
	dir, base := listedIn(name)
	if f := d.listed[dir]; f != nil {
		if id, plain, ok := lookIn(f, base); ok {
			return id, plain, nil
		}
	}
	fi, err := d.Lstat(rel)
	if err != nil {
		return statID{}, false, err
	}
	return statIDOf(fi), fi.Mode().IsRegular() && !HardLinked(fi), nil
}

// listedIn is the folder name is in, as list keys it ("." for the
// client's folder itself), and its last element.
func listedIn(name string) (dir, base string) {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return ".", name
}

// name is rel (relative to the practice) as a name inside the folder.
func (d *ClientDir) name(rel string) (string, error) {
	if rel == d.Rel {
		return ".", nil
	}
	if len(rel) > len(d.Rel) && rel[:len(d.Rel)] == d.Rel && rel[len(d.Rel)] == '/' {
		return rel[len(d.Rel)+1:], nil
	}
	return "", fmt.Errorf("%s is not in %s", rel, d.Rel)
}

// Open opens the regular file rel (slash-separated, relative to the
// practice root) for reading, and returns what it is.
//
// A link is refused with *LinkError. Looking first (Lstat, which does not
// follow links) and opening second leaves a moment in which the file could
// be replaced by a link; so the file opened is compared with the one looked
// at (os.SameFile: same device and inode, or on Windows the same volume and
// file index) and refused with ErrChanged when they differ. A link followed
// by the open therefore never reaches the caller, and the os.Root keeps
// even that open inside the client's folder. Whatever is not a regular file
// (a named pipe, a device) is refused before it is opened, since opening
// one could block.
func (d *ClientDir) Open(rel string) (*os.File, fs.FileInfo, error) {
	name, err := d.name(rel)
	if err != nil {
		return nil, nil, err
	}
	r, base, err := d.parent(name)
	if err != nil {
		return nil, nil, err
	}
	before, err := r.Lstat(base)
	switch {
	case err != nil:
		return nil, nil, err
	case IsLink(before.Mode()):
		return nil, nil, &LinkError{Path: rel, Target: d.target(name)}
	case !before.Mode().IsRegular():
		return nil, nil, fmt.Errorf("%s is not a regular file", rel)
	}
	f, err := r.Open(base)
	if err != nil {
		return nil, nil, err
	}
	after, err := f.Stat()
	switch {
	case err != nil:
	case !os.SameFile(before, after):
		err = ErrChanged
	case HardLinked(after):
		err = &HardLinkError{Path: rel, Names: names(after)}
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, after, nil
}

// Lstat is what rel (slash-separated, relative to the practice root) is,
// without following a link: how the cache tells, without opening it, that
// a record is the file it read before.
func (d *ClientDir) Lstat(rel string) (fs.FileInfo, error) {
	name, err := d.name(rel)
	if err != nil {
		return nil, err
	}
	r, base, err := d.parent(name)
	if err != nil {
		return nil, err
	}
	return r.Lstat(base)
}

// ReadFile reads the regular file rel in full, refusing a link as Open does.
func (d *ClientDir) ReadFile(rel string) ([]byte, error) {
	f, fi, err := d.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := make([]byte, fi.Size())
	n, err := io.ReadFull(f, data)
	if err == io.ErrUnexpectedEOF {
		err = nil // it shrank since: what is there is what was read
	}
	return data[:n], err
}

func (d *ClientDir) target(name string) string {
	root, err := d.openRoot()
	if err != nil {
		return ""
	}
	t, err := root.Readlink(name)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(t)
}

// ReadClientFile reads rel (slash-separated: clients/<id>/...) as every
// reader of client folders does (see ClientDir.Open), and says what it is.
func (p *Practice) ReadClientFile(rel string) ([]byte, fs.FileInfo, error) {
	rest, _ := strings.CutPrefix(rel, ClientsDir+"/")
	id, _, ok := strings.Cut(rest, "/")
	if !ok || !strings.HasPrefix(rel, ClientsDir+"/") {
		return nil, nil, fmt.Errorf("%s is not in a client's folder", rel)
	}
	dir, err := OpenClientDir(p.Root, id)
	if err != nil {
		return nil, nil, err
	}
	defer dir.Close()
	f, fi, err := dir.Open(rel)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	return data, fi, err
}
