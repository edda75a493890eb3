//go:build windows

package atomicfile

import "os"

// syncDir does nothing on Windows: a folder cannot be opened for syncing
// there, and NTFS journals the rename itself.
func syncDir(*os.Root, string) error { return nil }
