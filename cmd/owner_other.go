//go:build !unix

package cmd

import "io/fs"

// ownedByOther reports false where files carry no Unix owner; on Windows a
// user's folders are private by their access lists.
func ownedByOther(fs.FileInfo) bool { return false }
