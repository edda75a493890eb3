package records

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"time"
)

// A subject-access export holds every file about one client exactly as it
// is on disk, and says where each stands in git. The functions here find
// those files and their history; the archive itself is the command's.

// ClientFile is one file in a client's folder, read in full.
type ClientFile struct {
	Path string // slash-separated, relative to the practice root
	Data []byte
	Mode fs.FileMode
}

// ClientFolder reads every regular file under clients/<id>/, hidden ones
// included, sorted by path: everything held there, not only what parses as
// a record. Links are not followed, since a link may lead to another
// client's files; they are returned, by path, for the caller to report. A
// client folder that is a link is refused (*LinkError).
func (p *Practice) ClientFolder(id string) (files []ClientFile, links []string, err error) {
	dir, err := OpenClientDir(p.Root, id)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("no client %q in this practice", id)
	}
	if err != nil {
		return nil, nil, err
	}
	defer dir.Close()
	err = dir.Walk(func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case IsLink(d.Type()):
			links = append(links, rel)
			if d.IsDir() {
				return fs.SkipDir
			}
		case d.Type().IsRegular():
			f, info, err := dir.Open(rel)
			if he := (*HardLinkError)(nil); errors.As(err, &he) {
				links = append(links, rel) // another name of a file, maybe another client's
				return nil
			}
			if err != nil {
				return err
			}
			defer f.Close()
			data, err := io.ReadAll(f)
			if err != nil {
				return err
			}
			files = append(files, ClientFile{Path: rel, Data: data, Mode: info.Mode().Perm()})
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", dir.Rel, err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	sort.Strings(links)
	return files, links, nil
}

// FileCommit is the last commit that changed a file.
type FileCommit struct {
	Hash string    // short hash
	When time.Time // the author's date
}

// LastCommits maps each file under clients/<id>/ that git knows to the last
// commit that changed it, following the same history as ClientHistory.
// Files never committed are absent. A repository with no commits yields an
// empty map.
func (r *Repo) LastCommits(p *Practice, id string) (map[string]FileCommit, error) {
	entries, err := r.ClientHistory(p, id)
	if errors.Is(err, ErrNoCommits) {
		return map[string]FileCommit{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]FileCommit{}
	for _, e := range entries { // newest first: the first seen is the last change
		for _, ch := range e.Changes {
			if _, seen := out[ch.Path]; seen || ch.Action == "removed" {
				if !seen {
					out[ch.Path] = FileCommit{} // removed since: older commits are not its history now
				}
				continue
			}
			out[ch.Path] = FileCommit{Hash: e.Hash[:7], When: e.When}
		}
	}
	for k, v := range out {
		if v.Hash == "" {
			delete(out, k)
		}
	}
	return out, nil
}
