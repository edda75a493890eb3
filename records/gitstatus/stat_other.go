//go:build !linux && !darwin && !freebsd && !netbsd

package gitstatus

import "io/fs"

// sysStat reports that this system gives no change time or inode to compare
// (Windows, Plan 9, ...): size, mtime and the racy-git rule decide there.
func sysStat(fs.FileInfo) (statData, bool) { return statData{}, false }
