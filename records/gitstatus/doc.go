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
package gitstatus
