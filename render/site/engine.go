package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rapport-coach/rapport/records"
)

// Options say where and how to build.
type Options struct {
	Root    string   // the practice's root folder
	Dest    string   // the destination folder, such as <root>/public
	Formats []string // the formats to render, such as "html" and "pdf"
	// Follow are formats rendered only for the clients that already have
	// an output in them, after those of Formats: serve previews HTML, and
	// keeps current the PDFs a build made without making every client's.
	Follow []string
	// Clean renders every output again, whatever the manifest says.
	Clean bool
	// Workers bounds how many clients are built at once; 0 means one per core.
	Workers int
	// Checkpoint is how often the manifest is saved while building, so a
	// build that is stopped loses little work; 0 means every two seconds.
	Checkpoint time.Duration
	// Progress is told how the build goes; nil for none.
	Progress Progress
	// Only, when not nil, are the only clients whose folders may have
	// changed since the last build into Dest, as serve's file watcher
	// tells: the others are not looked at, as long as the manifest says
	// they were built with the same global and plan inputs (otherwise
	// every client is). Clients gone are still removed.
	Only map[string]bool
}

// Stats count what a build did.
type Stats struct {
	Clients  int // client folders looked at
	Rendered int // outputs rendered and written
	Skipped  int // outputs left as they were, their inputs unchanged
	Removed  int // outputs removed because nothing plans them any more
	Failed   int // outputs (or clients) that could not be built
	Elapsed  time.Duration
	// Failures say what failed, the first few of them.
	Failures []Failure
	// Warnings say what the build noticed and left alone, such as a
	// manifest it could not trust or an output someone changed, the first
	// few of them.
	Warnings []string
}

// Failure is one output or client that could not be built.
type Failure struct {
	Output string // the output, or clients/<id> when a client could not be planned
	Err    error
}

func (f Failure) String() string { return fmt.Sprintf("%s: %v", f.Output, f.Err) }

// maxFailures bounds how many failures a build keeps to report.
const maxFailures = 20

// Progress is told how a build goes. Calls are never concurrent.
type Progress interface {
	Start(clients int)
	Update(done int, s Stats)
	Finish(s Stats)
}

// builder is the state of one build.
type builder struct {
	ctx     context.Context
	pl      Planner
	o       Options
	root    *os.Root // the destination: nothing the build writes or removes can leave it
	m       *manifest
	globals string
	plan    string // hash of the planner's PlanInputs
	formats map[string]bool
	follow  map[string]bool
	settled bool // every client was looked at in the formats of follow since the manifest was read
	start   time.Time

	// changed: a client's summary or list of outputs changed in this
	// build, so the practice-wide pages are made again. Guarded by m.mu.
	changed bool

	mu      sync.Mutex // guards stats, planned and done
	stats   Stats
	planned map[string]string // shared output -> who planned it this build
	folders map[string]error  // output folders checked for links and swept, and what was found
	done    int
}

// Build renders what changed since the last build into o.Dest and removes
// outputs that nothing plans any more. Outputs that fail are counted and
// reported in Stats, and the build goes on; the error is for what stops the
// whole build: an unreadable practice, a destination that cannot be written,
// or ctx ending (the manifest is then saved with the work done so far).
func Build(ctx context.Context, pl Planner, o Options) (Stats, error) {
	s := NewSite(o.Dest)
	stats, err := s.build(ctx, pl, o)
	if saveErr := s.Save(); saveErr != nil && err == nil {
		err = fmt.Errorf("saving the build manifest: %w", saveErr)
	}
	return stats, err
}

// Site is a destination that one process builds into again and again, as
// serve does after each change. It keeps the build manifest in memory
// between builds, so a build after a small change costs what the change
// does, not what the practice does: the manifest is read once, and written
// by Save (and by the checkpoints of a long build). A manifest another
// program wrote meanwhile is noticed and read again.
type Site struct {
	dest string

	mu    sync.Mutex  // one build, or save, at a time
	m     *manifest   // nil until the first build reads it
	stamp os.FileInfo // the manifest file as last read or written; nil for none
	dirty bool        // a build changed m since it was last saved
	// held is the destination's build lock, taken by a build and let go by
	// the Save after it: while this site's manifest holds what the file
	// does not, no other rapport builds into the destination.
	held *records.Lock
	// replaced is set when a save found the manifest written by another
	// program since this site read it: it was left as it is.
	replaced bool
	// settled is the Options.Follow of a build of this site that looked at
	// every client since m was read: each client's entry then says whether
	// it is built in those formats, without looking through its outputs.
	settled *string
}

// NewSite returns the site built into dest. Nothing is read until it is
// built.
func NewSite(dest string) *Site { return &Site{dest: dest} }

// Build is the package's Build into the site's destination (o.Dest is
// ignored), with the manifest kept in memory: call Save after a spell of
// builds, and before the process ends.
func (s *Site) Build(ctx context.Context, pl Planner, o Options) (Stats, error) {
	return s.build(ctx, pl, o)
}

func (s *Site) build(ctx context.Context, pl Planner, o Options) (Stats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o.Dest = s.dest
	b := &builder{ctx: ctx, pl: pl, o: o, start: time.Now(), planned: map[string]string{}, folders: map[string]error{},
		formats: map[string]bool{}, follow: map[string]bool{}}
	for _, f := range o.Formats {
		b.formats[f] = true
	}
	for _, f := range o.Follow {
		if !b.formats[f] {
			b.follow[f] = true
		}
	}
	if b.o.Workers <= 0 {
		b.o.Workers = runtime.GOMAXPROCS(0)
	}
	if b.o.Checkpoint <= 0 {
		b.o.Checkpoint = 2 * time.Second
	}
	root, err := openDest(o.Dest)
	if err != nil {
		return b.stats, err
	}
	defer root.Close()
	b.root = root
	if s.held == nil {
		if s.held, err = LockDest(s.dest); err != nil {
			return b.stats, err
		}
	}
	if err := s.load(root); err != nil {
		// An untrusted manifest only costs a full build, but outputs it
		// listed can no longer be told from the coach's own files, so they
		// stay.
		b.warn(fmt.Sprintf("%v; it was ignored: everything is rendered again and nothing it lists is removed", err))
	}
	b.m = s.m
	b.globals = HashStrings(pl.Globals()...)
	b.plan = HashStrings(pl.PlanInputs()...)
	ids, err := pl.Clients()
	if err != nil {
		return b.stats, err
	}
	b.stats.Clients = len(ids)
	if o.Progress != nil {
		o.Progress.Start(len(ids))
	}

	s.dirty = true
	follow := strings.Join(slices.Sorted(maps.Keys(b.follow)), ",")
	b.settled = s.settled != nil && *s.settled == follow
	stopCheckpoints := b.checkpoints(func() { s.save(root) })
	b.buildClients(b.toLook(ids))
	if ctx.Err() == nil {
		b.removeGoneClients(ids)
		b.buildPractice(ids)
		if o.Only == nil {
			s.settled = &follow
		}
	}
	stopCheckpoints()
	if s.replaced {
		// What this build wrote is in no manifest on disk: say so, rather
		// than report a build whose outputs nothing will update or remove.
		b.fail(ManifestFile, ErrManifestReplaced)
	}

	b.mu.Lock()
	b.stats.Elapsed = time.Since(b.start)
	stats := b.stats
	b.mu.Unlock()
	if o.Progress != nil {
		o.Progress.Finish(stats)
	}
	return stats, ctx.Err()
}

// load reads the manifest, unless the one in memory is still the one on
// disk: the same file (a save replaces it), of the same size and time.
func (s *Site) load(root *os.Root) error {
	fi, err := root.Lstat(ManifestFile)
	if s.m != nil && !s.replaced && s.unchanged(fi, err) {
		return nil
	}
	m, lerr := loadManifest(root)
	s.m, s.stamp, s.dirty, s.settled, s.replaced = m, nil, false, nil, false
	if err == nil {
		// An untrusted manifest is remembered too: it is not read again,
		// and warned of again, at every build until it is replaced.
		s.stamp = fi
	}
	return lerr
}

// unchanged reports whether the manifest file, as Lstat found it (fi,
// err), is the one this site last read or wrote: the same file (a save
// replaces it), of the same size and time, or none when there was none.
func (s *Site) unchanged(fi os.FileInfo, err error) bool {
	if s.stamp == nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	return err == nil && os.SameFile(fi, s.stamp) && fi.Size() == s.stamp.Size() && fi.ModTime().Equal(s.stamp.ModTime())
}

// Save writes the manifest, if a build changed it since it was last saved.
func (s *Site) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.replaced {
		s.release()
		return ErrManifestReplaced
	}
	if s.m != nil && s.dirty {
		root, err := openDest(s.dest)
		if err != nil {
			return err // the lock is kept: what the manifest holds is not saved yet
		}
		defer root.Close()
		if err := s.save(root); err != nil {
			return err
		}
		s.dirty = false
	}
	s.release()
	return nil
}

// release lets go of the destination's build lock, if this site holds it.
func (s *Site) release() {
	if s.held != nil {
		s.held.Unlock()
		s.held = nil
	}
}

// save writes the manifest and remembers the file it wrote. It runs under
// s.mu, or from a build's checkpoints, which the build holding it waits for.
func (s *Site) save(root *os.Root) error {
	// A program that takes no build lock may have written the manifest
	// since this site read it: what it lists, this site's copy does not,
	// and writing over it would leave that program's outputs unknown, never
	// to be removed. Its manifest stays; this site reads it again at its
	// next build and renders again what differs.
	fi, err := root.Lstat(ManifestFile)
	if s.replaced || err == nil && !s.unchanged(fi, err) {
		s.replaced = true
		return ErrManifestReplaced
	}
	if err := s.m.save(root); err != nil {
		return err
	}
	fi, err = root.Lstat(ManifestFile)
	if err != nil {
		fi = nil // read again at the next build
	}
	s.stamp = fi
	return nil
}

// ErrManifestReplaced is a manifest left as another program wrote it since
// this site read it.
var ErrManifestReplaced = errors.New("the build manifest was written by another program meanwhile; it was kept, and is read again at the next build, which renders again what it does not list")

// BuildLockFile, in the destination, is the lock one build (or a serve
// between its saves) holds, so that two never write the destination and its
// manifest at once.
const BuildLockFile = ".rapport-build.lock"

// LockDest takes the build lock of the destination dest (a folder that
// exists), waiting for another build or serve to finish with it. Whatever
// else changes the outputs there, such as erase moving a client's handouts
// aside, takes it too, so that a build cannot write them back meanwhile.
func LockDest(dest string) (*records.Lock, error) {
	return records.LockPath(filepath.Join(dest, BuildLockFile), lockWait, ErrBusy)
}

// ErrBusy is a destination another rapport is building into.
var ErrBusy = errors.New("another rapport build or serve is writing to this folder; try again when it has finished")

// lockWait is how long a build waits for another to finish with the
// destination: a cold build of a large practice takes about half a minute.
var lockWait = 2 * time.Minute

// toLook are the clients whose folders the build looks at: all of them,
// or with Options.Only those that changed, when every other one was built
// with the inputs of this build.
func (b *builder) toLook(ids []string) []string {
	if b.o.Only == nil || b.o.Clean {
		return ids
	}
	b.m.mu.Lock()
	defer b.m.mu.Unlock()
	var look []string
	for _, id := range ids {
		if b.o.Only[id] {
			look = append(look, id)
			continue
		}
		e := b.m.Clients[id]
		if e == nil || e.Globals != b.globals || e.PlanInputs != b.plan || e.Summary == nil {
			return ids
		}
		// Once every client was looked at, an entry vouches for the formats
		// followed that its client has outputs in: only a build of the
		// client changes them.
		formats := b.formats
		if !b.settled {
			formats = b.formatsOf(e)
		}
		if !vouches(e, formats) {
			return ids
		}
	}
	return look
}

// formatsOf are the formats a client's outputs are rendered in: the
// build's, and each of Options.Follow the client already has an output in.
// Callers hold b.m.mu; e is nil for a client not built before.
func (b *builder) formatsOf(e *clientEntry) map[string]bool {
	if len(b.follow) == 0 || e == nil {
		return b.formats
	}
	formats := b.formats
	for out := range e.Outputs {
		if f := formatOf(out); b.follow[f] && !formats[f] {
			if len(formats) == len(b.formats) {
				formats = maps.Clone(b.formats)
			}
			formats[f] = true
		}
	}
	return formats
}

// vouches reports whether the fingerprint of client entry e was taken by a
// build of every one of formats.
func vouches(e *clientEntry, formats map[string]bool) bool {
	for f := range formats {
		if !slices.Contains(e.Formats, f) {
			return false
		}
	}
	return true
}

// checkpoints saves the manifest now and then until the returned function is
// called.
func (b *builder) checkpoints(save func()) func() {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(b.o.Checkpoint)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				save() // a failed checkpoint is retried next tick and at the end
			}
		}
	}()
	return func() { close(stop); wg.Wait() }
}

// buildClients runs a bounded pool of workers over the clients.
func (b *builder) buildClients(ids []string) {
	next := make(chan string)
	var wg sync.WaitGroup
	for range b.o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				b.buildClient(id)
				b.mu.Lock()
				b.done++
				if b.o.Progress != nil {
					b.o.Progress.Update(b.done, b.stats)
				}
				b.mu.Unlock()
			}
		}()
	}
	for _, id := range ids {
		if b.ctx.Err() != nil {
			break
		}
		next <- id
	}
	close(next)
	wg.Wait()
}

// buildClient builds one client: nothing at all when its folder and the
// global inputs are as they were, otherwise the outputs whose inputs changed.
func (b *builder) buildClient(id string) {
	dir := path.Join(records.ClientsDir, id)
	cd, err := records.OpenClientDir(b.o.Root, id)
	if err != nil {
		b.fail(dir, err)
		return
	}
	defer cd.Close()
	fp, files, err := fingerprint(cd, b.start)
	if err != nil {
		b.fail(dir, err)
		return
	}
	b.m.mu.Lock()
	formats := b.formatsOf(b.m.Clients[id])
	b.m.mu.Unlock()
	if b.unchanged(id, fp, formats) {
		return
	}
	hashes, contents, err := hashFiles(cd, files)
	if err != nil {
		b.fail(dir, err)
		return
	}
	var jobs []Job
	sum, err := b.pl.Plan(Client{ID: id, Files: hashes, Contents: contents}, func(j Job) { jobs = append(jobs, j) })
	if err != nil {
		b.fail(dir, err)
		return
	}
	if !b.runJobs(id, jobs, formats) {
		return
	}
	b.m.mu.Lock()
	defer b.m.mu.Unlock()
	e := b.m.entry(id)
	e.Globals, e.PlanInputs, e.Fingerprint = b.globals, b.plan, fp
	e.Formats = slices.Sorted(maps.Keys(formats))
	sum.ID = id
	sum.Outputs = nil
	if e.Summary == nil || !reflect.DeepEqual(*e.Summary, sum) {
		b.touch()
	}
	e.Summary = &sum
}

// touch notes that what the practice-wide pages show changed, and forgets
// that they were made, so a build stopped before making them again makes
// them next time. Callers hold b.m.mu.
func (b *builder) touch() {
	b.changed = true
	b.m.Practice.Globals = ""
}

// unchanged reports whether client id can be skipped whole: same records,
// same global and plan inputs, every output of its formats already built
// and in place.
func (b *builder) unchanged(id, fp string, formats map[string]bool) bool {
	if b.o.Clean || fp == "" {
		return false
	}
	b.m.mu.Lock()
	e := b.m.Clients[id]
	if e == nil || e.Fingerprint != fp || e.Globals != b.globals || e.PlanInputs != b.plan || e.Summary == nil || !vouches(e, formats) {
		b.m.mu.Unlock()
		return false
	}
	want := map[string]int64{}
	for out, o := range e.Outputs {
		if formats[formatOf(out)] {
			want[out] = o.Size
		}
	}
	b.m.mu.Unlock()
	for out, size := range want {
		if !b.inPlace(out, size) {
			return false
		}
	}
	b.mu.Lock()
	b.stats.Skipped += len(want)
	b.mu.Unlock()
	return true
}

// inPlace reports whether an output exists, as a plain file, with the size
// it was written with.
func (b *builder) inPlace(out string, size int64) bool {
	fi, err := b.root.Lstat(out)
	return err == nil && fi.Mode().IsRegular() && fi.Size() == size
}

// runJobs renders the jobs of one owner (a client id, or "" for the
// practice-wide pages) in the given formats whose inputs changed, those of
// Options.Formats first, and removes the owner's outputs that are no longer
// planned. It reports whether every job succeeded.
func (b *builder) runJobs(owner string, jobs []Job, formats map[string]bool) bool {
	ok := true
	mine := map[string]bool{}
	var todo, later []Job // to render: in the build's formats, and then in those followed
	var buf bytes.Buffer
	folders := map[string]*os.Root{}
	defer func() {
		for _, f := range folders {
			f.Close()
		}
	}()
	for _, j := range jobs {
		if b.ctx.Err() != nil {
			return false
		}
		out := j.Output()
		if !validOutput(out) {
			b.fail(out, errors.New("output path must stay inside the destination"))
			ok = false
			continue
		}
		if mine[out] || !b.claim(owner, out) {
			b.fail(out, errors.New("planned twice"))
			ok = false
			continue
		}
		mine[out] = true
		if err := b.folder(path.Dir(out)); err != nil {
			b.fail(out, err)
			ok = false
			continue
		}
		switch {
		case b.formats[formatOf(out)]:
			todo = append(todo, j)
		case formats[formatOf(out)]:
			later = append(later, j)
		default:
			// Kept as it is: this build was not asked for its format.
		}
	}
	for i, j := range slices.Concat(todo, later) {
		if b.ctx.Err() != nil {
			return false
		}
		out := j.Output()
		b.m.mu.Lock()
		prev, had := b.m.entry(owner).Outputs[out]
		variant := prev.Variant
		if !had && i >= len(todo) {
			variant = b.variantIn(owner, formatOf(out))
		}
		b.m.mu.Unlock()
		if i >= len(todo) {
			// Followed: drawn as the build that made the owner's outputs
			// in this format drew them, or left as it is when it cannot be.
			if j = as(j, variant); j == nil {
				b.count(func(s *Stats) { s.Skipped++ })
				continue
			}
		}
		key := HashStrings(append([]string{b.globals, out}, j.Inputs()...)...)
		if had && prev.Key == key && !b.o.Clean && b.inPlace(out, prev.Size) {
			b.count(func(s *Stats) { s.Skipped++ })
			continue
		}
		buf.Reset()
		if err := j.Render(&buf); err != nil {
			b.fail(out, err)
			ok = false
			continue
		}
		if err := writeOutput(b.root, folders, out, buf.Bytes()); err != nil {
			b.fail(out, err)
			ok = false
			continue
		}
		b.m.mu.Lock()
		b.m.entry(owner).Outputs[out] = output{Key: key, Size: int64(buf.Len()), Sum: HashBytes(buf.Bytes()), Variant: variantOf(j)}
		if !had && owner != "" {
			b.touch()
		}
		b.m.mu.Unlock()
		b.count(func(s *Stats) { s.Rendered++ })
	}
	b.removeUnplanned(owner, func(out string) bool { return mine[out] })
	return ok
}

// variantIn is the variant the owner's outputs in format were drawn under,
// for a followed output the owner has none of yet (a new session's PDF):
// that of the first of them, by name. Callers hold b.m.mu.
func (b *builder) variantIn(owner, format string) string {
	first, variant := "", ""
	for out, o := range b.m.entry(owner).Outputs {
		if formatOf(out) == format && (first == "" || out < first) {
			first, variant = out, o.Variant
		}
	}
	return variant
}

// as is job j drawn under variant, or nil when it cannot be.
func as(j Job, variant string) Job {
	if variantOf(j) == variant {
		return j
	}
	if v, ok := j.(Varied); ok {
		if j, ok := v.As(variant); ok && variantOf(j) == variant {
			return j
		}
	}
	return nil
}

// removeUnplanned removes the owner's outputs for which keep is false. An
// output another owner planned in this build is only forgotten, not deleted.
func (b *builder) removeUnplanned(owner string, keep func(string) bool) {
	b.m.mu.Lock()
	var gone []string
	sums := map[string]string{}
	for out, o := range b.m.entry(owner).Outputs {
		if !keep(out) {
			gone = append(gone, out)
			sums[out] = o.Sum
		}
	}
	b.m.mu.Unlock()
	sort.Strings(gone)
	for _, out := range gone {
		b.mu.Lock()
		other, taken := b.planned[out]
		b.mu.Unlock()
		if !taken || other == owner || !shared(owner, out) {
			err := b.folder(path.Dir(out))
			if err == nil {
				err = removeOutput(b.root, out, sums[out])
			}
			switch {
			case errors.Is(err, errChanged) || errors.Is(err, ErrLink):
				// No longer rapport's to remove: left alone and forgotten.
				b.warn(fmt.Sprintf("%s: %v", out, err))
			case err != nil:
				b.fail(out, err)
				continue
			default:
				b.count(func(s *Stats) { s.Removed++ })
			}
		}
		b.m.mu.Lock()
		delete(b.m.entry(owner).Outputs, out)
		if owner != "" {
			b.touch()
		}
		b.m.mu.Unlock()
	}
}

// removeGoneClients removes the outputs of clients whose folder is gone.
func (b *builder) removeGoneClients(ids []string) {
	present := make(map[string]bool, len(ids))
	for _, id := range ids {
		present[id] = true
	}
	b.m.mu.Lock()
	var gone []string
	for id := range b.m.Clients {
		if !present[id] {
			gone = append(gone, id)
		}
	}
	b.m.mu.Unlock()
	sort.Strings(gone)
	for _, id := range gone {
		b.removeUnplanned(id, func(string) bool { return false })
		b.m.mu.Lock()
		if len(b.m.Clients[id].Outputs) == 0 {
			delete(b.m.Clients, id)
			b.touch()
		}
		b.m.mu.Unlock()
	}
}

// buildPractice builds the practice-wide pages from every client's summary,
// unless they were made with this build's inputs, of these clients, and no
// client's summary or outputs changed since: then nothing they show did,
// and a build after a small change does not go through every client again.
func (b *builder) buildPractice(ids []string) {
	clients := HashStrings(ids...)
	b.m.mu.Lock()
	pe := b.m.Practice
	same := !b.changed && !b.o.Clean && pe.Globals == b.globals && pe.PlanInputs == b.plan && pe.Fingerprint == clients && vouches(pe, b.formats)
	var want map[string]int64
	if same {
		want = make(map[string]int64, len(pe.Outputs))
		for out, o := range pe.Outputs {
			want[out] = o.Size
		}
	}
	b.m.mu.Unlock()
	for out, size := range want {
		same = same && b.inPlace(out, size)
	}
	if same {
		b.count(func(s *Stats) { s.Skipped += len(want) })
		return
	}

	sums := make([]Summary, 0, len(ids))
	b.m.mu.Lock()
	b.m.Practice.Globals = ""
	for _, id := range ids {
		s := Summary{ID: id}
		e := b.m.Clients[id]
		if e != nil && e.Summary != nil {
			s = *e.Summary
		}
		if e != nil {
			s.Outputs = e.sortedOutputs()
		}
		sums = append(sums, s)
	}
	b.m.mu.Unlock()
	var jobs []Job
	if err := b.pl.Index(sums, func(j Job) { jobs = append(jobs, j) }); err != nil {
		b.fail("index", err)
		return
	}
	if b.runJobs("", jobs, b.formats) {
		b.m.mu.Lock()
		pe := b.m.Practice
		pe.Globals, pe.PlanInputs, pe.Fingerprint = b.globals, b.plan, clients
		pe.Formats = slices.Sorted(maps.Keys(b.formats))
		b.m.mu.Unlock()
	}
}

// folder checks, once per build, that no folder on the way to an output
// folder is a link, and removes temporary files left in it by a build that
// was killed while writing. A temporary file lives for the moment of one
// write, so one older than the start of this build is stale.
func (b *builder) folder(dir string) error {
	b.mu.Lock()
	err, done := b.folders[dir]
	b.mu.Unlock()
	if done {
		return err
	}
	err = safeFolder(b.root, dir)
	if err == nil {
		removeStaleTemps(b.root, dir, b.start.Add(-racyWindow))
	}
	b.mu.Lock()
	b.folders[dir] = err
	b.mu.Unlock()
	return err
}

// openDest makes the destination if needed and opens it as a root. A
// destination that is a link is refused: a build never writes through one.
func openDest(dest string) (*os.Root, error) {
	if fi, err := os.Lstat(dest); err == nil && records.IsLink(fi.Mode()) {
		return nil, fmt.Errorf("%s is a link; rapport never writes or removes through links", dest)
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, err
	}
	return os.OpenRoot(dest)
}

// shared reports whether an output lies outside its owner's own folder
// (<client-id>/), where another client or the practice could plan it too.
func shared(owner, out string) bool {
	return owner == "" || !strings.HasPrefix(out, owner+"/")
}

// claim records that owner plans out, and reports false when someone else
// already did in this build. Only shared outputs need remembering: a
// client's own folder is its alone, which keeps this map small.
func (b *builder) claim(owner, out string) bool {
	if !shared(owner, out) {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if other, dup := b.planned[out]; dup && other != owner {
		return false
	}
	b.planned[out] = owner
	return true
}

func (b *builder) count(f func(*Stats)) {
	b.mu.Lock()
	f(&b.stats)
	b.mu.Unlock()
}

// warn notes something the build noticed and left alone.
func (b *builder) warn(msg string) {
	b.mu.Lock()
	if len(b.stats.Warnings) < maxFailures {
		b.stats.Warnings = append(b.stats.Warnings, msg)
	}
	b.mu.Unlock()
}

func (b *builder) fail(what string, err error) {
	b.mu.Lock()
	b.stats.Failed++
	if len(b.stats.Failures) < maxFailures {
		b.stats.Failures = append(b.stats.Failures, Failure{Output: what, Err: err})
	}
	b.mu.Unlock()
}
