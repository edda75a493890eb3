//go:build unix

package records

import (
	"io/fs"
	"syscall"
)

// names is how many names the file has on disk: more than one when it is
// hard-linked, so that the same bytes may be another client's record too.
func names(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
