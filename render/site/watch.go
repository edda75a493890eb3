package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/rapport-coach/rapport/records"
)

// Watch watches the practice at root and calls changed, at most once per
// quiet spell of debounce, after anything a build reads changes in it:
// practice.yaml, and every file under clients/ and templates/, in folders
// old and new. Editors' hidden and backup files are ignored, and so is
// everything under the ignored folders (the destination). changed is given
// the paths that changed since its last call, or nil when anything may
// have: the system lost track (its queue overflowed), or a folder could
// not be watched.
//
// Watch returns once every folder is watched, so a build started after it
// misses no change, and calls changed from its own goroutine until ctx
// ends; done is closed then. A folder that cannot be watched (the system's
// limit on watches reached) is told to unwatched, once, the first time:
// from then on every change is reported as nil, and a change in such a
// folder alone is not seen.
func Watch(ctx context.Context, root string, ignore []string, debounce time.Duration, changed func(paths []string), unwatched func(error)) (done <-chan struct{}, err error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	w := &watcher{w: fw, root: root, ignore: ignore, unwatched: unwatched}
	for _, sub := range []string{records.ClientsDir, "templates"} {
		w.addTree(filepath.Join(root, sub))
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		defer fw.Close()
		w.run(ctx, debounce, changed)
	}()
	return stopped, nil
}

// addWatch watches one folder; a test makes it fail as a system out of
// watches does.
var addWatch = (*fsnotify.Watcher).Add

// watcher is what Watch watches with.
type watcher struct {
	w         *fsnotify.Watcher
	root      string
	ignore    []string
	unwatched func(error)
	partial   bool // some folder is not watched
}

// skip reports whether a change to path is none of a build's business.
func (w *watcher) skip(path string) bool {
	for _, dir := range w.ignore {
		if path == dir || strings.HasPrefix(path, dir+string(filepath.Separator)) {
			return true
		}
	}
	name := filepath.Base(path)
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
}

// watched reports whether path is one a build reads.
func (w *watcher) watched(path string) bool {
	rel, err := filepath.Rel(w.root, path)
	if err != nil {
		return false
	}
	top := strings.Split(filepath.ToSlash(rel), "/")[0]
	return rel == records.SettingsFile || top == records.ClientsDir || top == "templates"
}

// addTree watches dir and every folder under it.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if path != dir && w.skip(path) {
			return fs.SkipDir
		}
		// A folder that vanished meanwhile needs no watching.
		if err := addWatch(w.w, path); err != nil && !errors.Is(err, fs.ErrNotExist) && !w.partial {
			w.partial = true
			w.unwatched(fmt.Errorf("watching %s: %w", path, err))
		}
		return nil
	})
}

// run reports changes until ctx ends.
func (w *watcher) run(ctx context.Context, debounce time.Duration, changed func([]string)) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	paths := map[string]bool{}
	lost := false
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || w.skip(ev.Name) || !w.watched(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				// Lstat: a folder linked in is never read, so not watched.
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name) // a new client, or a folder moved in whole
				}
			}
			paths[ev.Name] = true
			timer.Reset(debounce)
		case <-w.w.Errors:
			// An overflowing queue loses events: rebuild to be sure.
			lost = true
			timer.Reset(debounce)
		case <-timer.C:
			var list []string
			if !lost && !w.partial {
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
