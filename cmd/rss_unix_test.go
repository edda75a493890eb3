//go:build unix

package cmd

import (
	"os"
	"runtime"
	"syscall"
)

// peakMemory is the peak resident memory of a process that has ended, in
// bytes, where the system reports it.
func peakMemory(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss), true // bytes there, kilobytes elsewhere
	}
	return int64(ru.Maxrss) * 1024, true
}
