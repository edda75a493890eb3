package site

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/rapport-coach/rapport/records"
)

// Watch calls changed, at most once per quiet spell of debounce, after
// anything a build reads changes in the practice at root: practice.yaml, and
// every file under clients/ and templates/, in folders old and new. Editors'
// hidden and backup files are ignored, and so is everything under the ignored
// folders (the destination). changed is given the paths that changed since
// its last call, or nil when the system lost track (its queue overflowed):
// then anything may have. Watch returns when ctx ends.
func Watch(ctx context.Context, root string, ignore []string, debounce time.Duration, changed func(paths []string)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	skip := func(path string) bool {
		for _, dir := range ignore {
			if path == dir || strings.HasPrefix(path, dir+string(filepath.Separator)) {
				return true
			}
		}
		name := filepath.Base(path)
		return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
	}
	// addTree watches dir and every folder under it.
	addTree := func(dir string) {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			if path != dir && skip(path) {
				return fs.SkipDir
			}
			w.Add(path) // a folder that vanished meanwhile is simply not watched
			return nil
		})
	}
	if err := w.Add(root); err != nil {
		return err
	}
	watched := func(path string) bool {
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return false
		}
		top := strings.Split(filepath.ToSlash(rel), "/")[0]
		return rel == records.SettingsFile || top == records.ClientsDir || top == "templates"
	}
	for _, sub := range []string{records.ClientsDir, "templates"} {
		addTree(filepath.Join(root, sub))
	}

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	paths := map[string]bool{}
	lost := false
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod || skip(ev.Name) || !watched(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				// Lstat: a folder linked in is never read, so not watched.
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					addTree(ev.Name) // a new client, or a folder moved in whole
				}
			}
			paths[ev.Name] = true
			timer.Reset(debounce)
		case <-w.Errors:
			// An overflowing queue loses events: rebuild to be sure.
			lost = true
			timer.Reset(debounce)
		case <-timer.C:
			var list []string
			if !lost {
				list = make([]string, 0, len(paths))
				for p := range paths {
					list = append(list, p)
				}
			}
			clear(paths)
			lost = false
			changed(list)
		}
	}
}
