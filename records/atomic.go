package records

import (
	"io/fs"

	"github.com/rapport-coach/rapport/internal/atomicfile"
)

// ErrExists is returned by CreateFile when the file is already there.
var ErrExists = atomicfile.ErrExists

// WriteFile replaces path with data atomically and durably, through
// atomicfile, the one way rapport writes a file.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return atomicfile.WriteFile(path, data, perm)
}

// CreateFile writes a new file atomically and durably and refuses, with
// ErrExists, to replace one that is already there, even one created a
// moment earlier by another process.
func CreateFile(path string, data []byte, perm fs.FileMode) error {
	return atomicfile.CreateFile(path, data, perm)
}
