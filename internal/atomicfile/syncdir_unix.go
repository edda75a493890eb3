//go:build !windows

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// syncDir syncs folder dir of root, so a rename in it is durable. File
// systems that cannot sync a folder say so with EINVAL or ENOTSUP; their
// renames are as durable as they get.
func syncDir(root *os.Root, dir string) error {
	d, err := root.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		return nil
	}
	return err
}
