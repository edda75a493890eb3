// Package gitstatus decides, the way git status does, which files of a work
// tree differ from git's index and from HEAD. It is the one place rapport
// answers "is this file committed as it is": the uncommitted check, the
// revision printed on handouts, build's decisions and the safety checks of
// sync, close and erase all ask it.
//
// A tracked file is compared with its index entry as git's read-cache.c
// does: size, modification and change times, inode, owner and mode first;
// the content is hashed only when those differ without settling it, or when
// the entry is racy (written in the same second as the index, or later), so
// that an edit of the same size with its old time restored (cp -p, rsync -t)
// is still seen. Untracked files are found in one walk that reads each
// folder's .gitignore as it goes, after core.excludesFile and the common
// git folder's info/exclude, so linked work trees behave like git's own.
//
// Not covered, where git and gitstatus may still differ: line-end rules in
// .gitattributes (only core.autocrlf is read), a split index (go-git cannot
// read it, so Open fails and the caller says so), submodules (never looked
// into) and case-insensitive file systems. On macOS go-git writes the access
// time where the index keeps the change time, so files go-git staged are
// hashed there until git refreshes the index: slower, never wrong. And
// gitstatus compares nanoseconds where the index has them, as a git built
// with USE_NSEC does; Debian's git compares whole seconds, and misses an
// edit with its time restored made in the second it last wrote the index.
package gitstatus
