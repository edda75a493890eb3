package cmd

import (
	"io"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rogpeppe/go-internal/testscript"
)

// cmdBlobsLack reads every blob object stored in each repository, reachable
// from a commit or not, loose or packed, and fails when one holds TEXT:
// blobs-lack TEXT REPO... With ! it asserts that some blob does hold it, so
// the search itself is shown to find what is there.
func cmdBlobsLack(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: blobs-lack TEXT REPO...")
	}
	found := ""
	for _, dir := range args[1:] {
		repo, err := git.PlainOpen(ts.MkAbs(dir))
		ts.Check(err)
		blobs, err := repo.BlobObjects()
		ts.Check(err)
		n := 0
		ts.Check(blobs.ForEach(func(b *object.Blob) error {
			n++
			r, err := b.Reader()
			if err != nil {
				return err
			}
			defer r.Close()
			data, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			if strings.Contains(string(data), args[0]) && found == "" {
				found = dir + " blob " + b.Hash.String()
			}
			return nil
		}))
		ts.Logf("%s: %d blobs read", dir, n)
	}
	switch {
	case !neg && found != "":
		ts.Fatalf("%s holds %q", found, args[0])
	case neg && found == "":
		ts.Fatalf("no blob holds %q", args[0])
	}
}
