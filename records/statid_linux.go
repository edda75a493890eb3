//go:build linux

package records

import (
	"io/fs"
	"syscall"
)

// statIDOf is what says, without reading it, that a file is the one a
// cache entry was made from: its size and modification time, and where the
// system tells them its inode and change time, which a copy or an editor's
// save-by-rename changes even when it keeps the modification time.
func statIDOf(fi fs.FileInfo) statID {
	id := statID{Size: fi.Size(), Mtime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		id.Ctime = st.Ctim.Nano()
		id.Ino = uint64(st.Ino)
	}
	return id
}
