package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
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
	start   time.Time

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
	b := &builder{ctx: ctx, pl: pl, o: o, start: time.Now(), planned: map[string]string{}, folders: map[string]error{}, formats: map[string]bool{}}
	for _, f := range o.Formats {
		b.formats[f] = true
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
	m, err := loadManifest(root)
	if err != nil {
		// An untrusted manifest only costs a full build, but outputs it
		// listed can no longer be told from the coach's own files, so they
		// stay.
		b.warn(fmt.Sprintf("%v; it was ignored: everything is rendered again and nothing it lists is removed", err))
	}
	b.m = m
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

	stopCheckpoints := b.checkpoints()
	b.buildClients(b.toLook(ids))
	if ctx.Err() == nil {
		b.removeGoneClients(ids)
		b.buildPractice(ids)
	}
	stopCheckpoints()
	saveErr := b.m.save(root)

	b.mu.Lock()
	b.stats.Elapsed = time.Since(b.start)
	stats := b.stats
	b.mu.Unlock()
	if o.Progress != nil {
		o.Progress.Finish(stats)
	}
	if err := ctx.Err(); err != nil {
		return stats, err
	}
	if saveErr != nil {
		return stats, fmt.Errorf("saving the build manifest: %w", saveErr)
	}
	return stats, nil
}

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
		for f := range b.formats {
			if !slices.Contains(e.Formats, f) {
				return ids
			}
		}
	}
	return look
}

// checkpoints saves the manifest now and then until the returned function is
// called.
func (b *builder) checkpoints() func() {
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
				b.m.save(b.root) // a failed checkpoint is retried next tick and at the end
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
	if b.unchanged(id, fp) {
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
	if !b.runJobs(id, jobs) {
		return
	}
	b.m.mu.Lock()
	defer b.m.mu.Unlock()
	e := b.m.entry(id)
	e.Globals, e.PlanInputs, e.Fingerprint = b.globals, b.plan, fp
	e.Formats = slices.Sorted(func(yield func(string) bool) {
		for f := range b.formats {
			if !yield(f) {
				return
			}
		}
	})
	sum.ID = id
	sum.Outputs = nil
	e.Summary = &sum
}

// unchanged reports whether client id can be skipped whole: same records,
// same global and plan inputs, every output asked for already built and in
// place.
func (b *builder) unchanged(id, fp string) bool {
	if b.o.Clean || fp == "" {
		return false
	}
	b.m.mu.Lock()
	e := b.m.Clients[id]
	if e == nil || e.Fingerprint != fp || e.Globals != b.globals || e.PlanInputs != b.plan || e.Summary == nil {
		b.m.mu.Unlock()
		return false
	}
	for f := range b.formats {
		if !slices.Contains(e.Formats, f) {
			b.m.mu.Unlock()
			return false
		}
	}
	want := map[string]int64{}
	for out, o := range e.Outputs {
		if b.formats[formatOf(out)] {
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
// practice-wide pages) whose inputs changed, and removes the owner's outputs
// that are no longer planned. It reports whether every job succeeded.
func (b *builder) runJobs(owner string, jobs []Job) bool {
	ok := true
	mine := map[string]bool{}
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
		if !b.formats[formatOf(out)] {
			continue // kept as it is: this build was not asked for its format
		}
		key := HashStrings(append([]string{b.globals, out}, j.Inputs()...)...)
		b.m.mu.Lock()
		prev, had := b.m.entry(owner).Outputs[out]
		b.m.mu.Unlock()
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
		b.m.entry(owner).Outputs[out] = output{Key: key, Size: int64(buf.Len()), Sum: HashBytes(buf.Bytes())}
		b.m.mu.Unlock()
		b.count(func(s *Stats) { s.Rendered++ })
	}
	b.removeUnplanned(owner, func(out string) bool { return mine[out] })
	return ok
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
		}
		b.m.mu.Unlock()
	}
}

// buildPractice builds the practice-wide pages from every client's summary.
func (b *builder) buildPractice(ids []string) {
	sums := make([]Summary, 0, len(ids))
	b.m.mu.Lock()
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
	b.runJobs("", jobs)
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
