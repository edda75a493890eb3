//go:build linux

package gitstatus

import (
	"io/fs"
	"syscall"
	"time"
)

// sysStat is what git's index records of a file beyond size, mtime and mode.
func sysStat(fi fs.FileInfo) (st statData, ok bool) {
	s, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return st, false
	}
	return statData{ctime: time.Unix(s.Ctim.Unix()), ino: uint32(s.Ino), uid: s.Uid, gid: s.Gid}, true
}
