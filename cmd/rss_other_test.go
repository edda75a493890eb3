//go:build !unix

package cmd

import "os"

// peakMemory reports nothing where the system keeps no rusage.
func peakMemory(*os.ProcessState) (int64, bool) { return 0, false }
