//go:build unix

package cmd

import (
	"io/fs"
	"os"
	"syscall"
)

// ownedByOther reports whether a file belongs to a user other than the one
// running rapport.
func ownedByOther(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) != os.Getuid()
}
