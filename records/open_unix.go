//go:build linux || darwin

package records

import (
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// openFolder opens the folder name inside the client's folder for listing,
// and says how it looks (see statIDOf), asked before it is listed: an entry
// added during the listing changes the folder after this look, so the next
// run lists it again.
//
// Each folder is opened relative to the one that listed it, refusing a link
// (O_NOFOLLOW), so the walk never leaves the client's folder. A folder
// opened through the os.Root would do the same, but its listing looks at
// every entry once more, and that look cannot serve look (lookIn).
func (d *ClientDir) openFolder(name string) (*os.File, statID, bool, error) {
	var fd int
	var err error
	full := d.path
	if name == "." {
		// Opened by its path, and then it must be the folder looked at
		// (d.self): a folder swapped in on the way is refused below.
		fd, err = unix.Open(full, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	} else {
		full = filepath.Join(full, filepath.FromSlash(name))
		dir, base := listedIn(name)
		from := d.listed[dir]
		if from == nil {
			root, err := d.openRoot() // not listed first: through the root
			if err != nil {
				return nil, statID{}, false, err
			}
			f, err := root.Open(name)
			return f, statID{}, false, err
		}
		conn, cerr := from.SyscallConn()
		if cerr != nil {
			return nil, statID{}, false, cerr
		}
		if cerr := conn.Control(func(dirfd uintptr) {
			fd, err = unix.Openat(int(dirfd), base, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		}); cerr != nil {
			return nil, statID{}, false, cerr
		}
	}
	if err != nil {
		return nil, statID{}, false, &os.PathError{Op: "open", Path: name, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, statID{}, false, &os.PathError{Op: "stat", Path: name, Err: err}
	}
	if name == "." {
		if self, ok := d.self.Sys().(*syscall.Stat_t); !ok || uint64(self.Ino) != uint64(st.Ino) || uint64(self.Dev) != uint64(st.Dev) {
			unix.Close(fd)
			return nil, statID{}, false, ErrChanged
		}
	}
	// Named by its full path: a listing on a file system that does not say
	// each entry's type asks by that name.
	return os.NewFile(uintptr(fd), full), statIDOfUnix(&st), true, nil
}

// lookIn is look's question asked relative to the folder dir, which Walk
// listed: one system call, nothing to resolve on the way. It gives the
// statID statIDOf gives of an Lstat of the same file; ok is false when the
// system could not be asked this way (look then asks through the root).
func lookIn(dir *os.File, name string) (statID, bool, bool) {
	conn, err := dir.SyscallConn()
	if err != nil {
		return statID{}, false, false
	}
	var st unix.Stat_t
	var serr error
	if err := conn.Control(func(fd uintptr) {
		serr = unix.Fstatat(int(fd), name, &st, unix.AT_SYMLINK_NOFOLLOW)
	}); err != nil || serr != nil {
		return statID{}, false, false
	}
	return statIDOfUnix(&st), st.Mode&unix.S_IFMT == unix.S_IFREG && st.Nlink == 1, true
}

func statIDOfUnix(st *unix.Stat_t) statID {
	return statID{Size: int64(st.Size), Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano(), Ino: uint64(st.Ino)}
}

// openCacheFile opens a file of the cache for reading, refusing a link and
// anything but a plain file: opening a named pipe would wait for a writer
// (O_NONBLOCK keeps it from waiting, and is cleared once the file is known
// plain, so that os.NewFile does not offer it to the poller).
// Opened this way rather than with os.Open, the file is not offered to the
// runtime's poller first (four calls to the system for a file that cannot
// be polled); a run that finds nothing changed opens two per client.
func openCacheFile(name string) (*os.File, error) {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	var st unix.Stat_t
	err = unix.Fstat(fd, &st)
	if err == nil && st.Mode&unix.S_IFMT != unix.S_IFREG {
		err = unix.EINVAL
	}
	if err == nil {
		err = unix.SetNonblock(fd, false)
	}
	if err != nil {
		unix.Close(fd)
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	return os.NewFile(uintptr(fd), name), nil
}
