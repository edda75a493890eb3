//go:build !linux && !darwin

package records

import (
	"io/fs"
	"os"
)

// openFolder opens the folder name inside the client's folder for listing,
// through the root, which never leads out of it. It does not say how the
// folder looks: Go does not give a folder's change time here, which is what
// shows that a listing is still the same, so folders are always listed.
func (d *ClientDir) openFolder(name string) (*os.File, statID, bool, error) {
	root, err := d.openRoot()
	if err != nil {
		return nil, statID{}, false, err
	}
	f, err := root.Open(name)
	return f, statID{}, false, err
}

// lookIn: see open_unix.go. Here look asks through the root instead.
func lookIn(dir *os.File, name string) (statID, bool, bool) { return statID{}, false, false }

// openCacheFile opens a file of the cache for reading, refusing anything
// but a plain file: opening a named pipe would wait for a writer.
func openCacheFile(name string) (*os.File, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &os.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return os.Open(name)
}
