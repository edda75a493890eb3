package records

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// LockFile is the advisory lock that serialises the read-decide-write steps
// of commands that add or change records, such as numbering a new session.
const LockFile = ".rapport.lock"

// Lock is a held practice lock. The operating system releases it when the
// process ends, so a crash never leaves the practice locked.
type Lock struct{ f *os.File }

// Lock waits up to timeout for the practice's advisory lock and takes it.
func (p *Practice) Lock(timeout time.Duration) (*Lock, error) {
	f, err := os.OpenFile(filepath.Join(p.Root, LockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking the practice: %w", err)
	}
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return &Lock{f}, nil
		}
		if err != syscall.EWOULDBLOCK || time.Now().After(deadline) {
			f.Close()
			if err == syscall.EWOULDBLOCK {
				return nil, fmt.Errorf("another rapport command is changing the practice; try again when it has finished")
			}
			return nil, fmt.Errorf("locking the practice: %w", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Unlock releases the lock.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	err := l.f.Close()
	l.f = nil
	return err
}
