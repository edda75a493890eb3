//go:build darwin

package records

import (
	"io/fs"
	"syscall"
)

// statIDOf: see statid_linux.go.
func statIDOf(fi fs.FileInfo) statID {
	id := statID{Size: fi.Size(), Mtime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		id.Ctime = st.Ctimespec.Nano()
		id.Ino = uint64(st.Ino)
	}
	return id
}
