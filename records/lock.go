package records

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// LockFile is the advisory lock that serialises the read-decide-write steps
// of commands that add or change records, such as numbering a new session.
const LockFile = ".rapport.lock"

// Lock is a held practice lock. The operating system releases it when the
// process ends, so a crash never leaves the practice locked.
type Lock struct{ f *flock.Flock }

// Lock waits up to timeout for the practice's advisory lock and takes it.
// The lock is taken through gofrs/flock, which uses flock(2) on Unix and
// LockFileEx on Windows, so it works on every system a coach uses.
func (p *Practice) Lock(timeout time.Duration) (*Lock, error) {
	return LockPath(filepath.Join(p.Root, LockFile), timeout,
		errors.New("another rapport command is changing the practice; try again when it has finished"))
}

// LockPath waits up to timeout for the advisory lock kept in the file at
// path and takes it; busy is the error when another process holds it
// still. The file is made if it is missing, and refused if it is a link or
// anything but a plain file.
func LockPath(path string, timeout time.Duration, busy error) (*Lock, error) {
	// The lock file is read back from disk like anything else: a link in
	// its place could make opening it create a file elsewhere.
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("locking: %s is not a plain file; remove it", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("locking: %w", err)
	}
	f := flock.New(path, flock.SetPermissions(0o644))
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ok, err := f.TryLock() // once even when timeout is 0
	if !ok && err == nil {
		ok, err = f.TryLockContext(ctx, 20*time.Millisecond)
	}
	if ok {
		return &Lock{f}, nil
	}
	f.Close()
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		return nil, busy
	}
	return nil, fmt.Errorf("locking: %w", err)
}

// Unlock releases the lock.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Unlock()
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
