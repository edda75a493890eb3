//go:build !linux && !darwin

package records

import "io/fs"

// statIDOf: see statid_linux.go. Here Go reports only the size and the
// modification time, so a change that keeps both (rare: a copy that
// preserves times and length) is caught only when the content is hashed,
// which a record modified near a cache write always is.
func statIDOf(fi fs.FileInfo) statID {
	return statID{Size: fi.Size(), Mtime: fi.ModTime().UnixNano()}
}
