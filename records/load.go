package records

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// RuleClientFolder is reported for entries under clients/ that are not a
// client folder rapport can read.
const RuleClientFolder = "client-folder"

// LoadOptions say how much of each record to keep.
type LoadOptions struct {
	// Bodies keeps each record's Markdown body. Commands that only look at
	// frontmatter leave it off so memory stays flat on a large practice.
	Bodies bool
	// PlaceholderBodies keeps the body only of records that still hold a
	// scaffold placeholder or a line that may be a heading looking like a
	// private one, which is all check needs of bodies. Reading
	// that way reuses one buffer per worker instead of keeping every file.
	PlaceholderBodies bool
	// Contents are records already read, by slash-separated path relative
	// to the practice, such as a build's hashing read them: used instead of
	// reading those files again, so what is parsed is what was hashed.
	Contents map[string][]byte
	// Unchanged, when set and the practice has a cache, is asked about a
	// client whose folder the cache knows by content (Client.Digest) before
	// any of its records is decoded: true means the caller has what it
	// needs, and LoadClient returns the client without its records
	// (Client.Skipped).
	Unchanged func(c *Client) bool
}

// Client is everything held about one client: the records in clients/<ID>/.
type Client struct {
	ID          string
	Agreements  []*Agreement  // by date, oldest first
	Sessions    []*Session    // by number, then date
	Reflections []*Reflection // by date, oldest first
	// Problems are the records that could not be read or understood, and
	// the fields that could not be.
	Problems []Problem
	// Others are the plain files in the client's folder that are not
	// records (not *.md, not hidden), such as an archive or a scan.
	Others []string
	// Skipped says the records were left unread: LoadOptions.Unchanged.
	Skipped bool
	digest  [32]byte
	known   bool // digest is set
}

// Digest is what the client's folder holds, by content (every record's
// path and bytes, and the names of the other files), when it was loaded
// through the cache and every record could be read: two loads with the
// same digest hold the same records.
func (c *Client) Digest() ([32]byte, bool) { return c.digest, c.known }

// ClientIDs lists the client folders under clients/, sorted. Entries that
// cannot be a client folder (a file, a hidden or unsafe name, a link) are
// returned as problems instead: a client folder that is a link is never read,
// wherever it points.
func (p *Practice) ClientIDs() ([]string, []Problem, error) {
	if fi, err := os.Lstat(p.Path(ClientsDir)); err == nil && IsLink(fi.Mode()) {
		return nil, []Problem{LinkProblem(p.Root, ClientsDir, "the clients folder")}, nil
	}
	entries, err := os.ReadDir(p.Path(ClientsDir))
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("reading %s: %w", ClientsDir, err)
	}
	var ids []string
	var problems []Problem
	for _, e := range entries {
		name := e.Name()
		rel := path.Join(ClientsDir, name)
		bad := func(msg, hint string) {
			problems = append(problems, Problem{Path: rel, Line: 1, Col: 1, Severity: Error, Rule: RuleClientFolder, Message: msg, Hint: hint})
		}
		switch {
		case strings.HasPrefix(name, "."):
			continue // editor and OS folders such as .obsidian or .DS_Store
		case IsLink(e.Type()):
			problems = append(problems, LinkProblem(p.Root, rel, "client folder"))
			continue
		case !e.IsDir():
			if strings.HasSuffix(name, ".md") {
				bad("record is not inside a client folder", "move it into clients/<client-id>/")
			} else {
				bad("clients/ holds a file where client folders belong", "move it out of clients/")
			}
			continue
		}
		if err := ValidID(name); err != nil {
			bad(err.Error(), "rename the folder to the client's id, such as "+Slug(name))
			continue
		}
		ids = append(ids, name)
	}
	return ids, problems, nil
}

// LoadClient reads every record in clients/<id>/. Records that cannot be
// read are reported in the client's Problems and do not stop the others; so
// are links, which are never read (see OpenClientDir). A client folder that
// is a link is an error.
func (p *Practice) LoadClient(id string, opts LoadOptions) (*Client, error) {
	if err := ValidID(id); err != nil {
		return nil, err
	}
	dir, err := OpenClientDir(p.Root, id)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no client %q in this practice", id)
		}
		return nil, err
	}
	defer dir.Close()
	c := &Client{ID: id}
	var cache *packReader
	var slots []parsed
	if p.Cache != nil && !opts.Bodies && opts.Contents == nil {
		cache = p.Cache.reader(id)
		if cache.heads != nil {
			slots = make([]parsed, 0, len(cache.heads.Heads))
		}
		dir.folders = cache
	}
	err = dir.Walk(func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			what := "record"
			if d != nil && d.IsDir() {
				what = "folder"
			}
			c.unreadable(rel, fmt.Sprintf("%s cannot be read: %v", what, unwrapPath(err)), "check the file's permissions")
			if d != nil && d.IsDir() && rel != dir.Rel {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if rel != dir.Rel && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if IsLink(d.Type()) {
			// Reported rather than skipped in silence, or the records it
			// stands for would just be missing.
			switch {
			case strings.HasSuffix(name, ".md"):
				c.Problems = append(c.Problems, LinkProblem(p.Root, rel, "record"))
			default:
				if fi, err := os.Stat(p.Path(rel)); d.IsDir() || (err == nil && fi.IsDir()) {
					c.Problems = append(c.Problems, LinkProblem(p.Root, rel, "folder"))
				}
			}
			if d.IsDir() {
				return fs.SkipDir // a Windows junction can look like a folder too
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(name, ".md") || !d.Type().IsRegular() {
			if !d.IsDir() && d.Type().IsRegular() {
				c.Others = append(c.Others, rel)
			}
			return nil
		}
		if cache != nil {
			slots = append(slots, p.readRecord(dir, rel, id, opts, cache))
			return nil
		}
		c.add(p.readRecord(dir, rel, id, opts, nil))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if cache != nil {
		if p.fromCache(dir, c, slots, opts, cache) {
			return c, nil
		}
		if !opts.PlaceholderBodies {
			// Packs keep what check reads of bodies; a load that asked
			// for none drops it once the pack is written.
			for _, a := range c.Agreements {
				a.Body = nil
			}
			for _, s := range c.Sessions {
				s.Body = nil
			}
			for _, r := range c.Reflections {
				r.Body = nil
			}
		}
	}
	c.sort()
	return c, nil
}

type parsed struct {
	rec      any
	problems []Problem
	// Through the cache: the file's look and hash (hashed), and the old
	// pack's entry for it (old, an index plus one) when its bytes are the
	// ones the pack was made from.
	head   packHead
	hashed bool
	old    int
}

func (p *Practice) readRecord(dir *ClientDir, rel, client string, opts LoadOptions, cache *packReader) parsed {
	fail := func(msg, hint string) parsed {
		return parsed{problems: []Problem{{Path: rel, Line: 1, Col: 1, Severity: Error, Rule: RuleFileUnreadable, Message: msg, Hint: hint}}}
	}
	keep := keepNone
	switch {
	case opts.Bodies:
		keep = keepAll
	case opts.PlaceholderBodies:
		keep = keepPlaceholder
	}
	if data, ok := opts.Contents[rel]; ok {
		rec, problems := parse(rel, client, data, keep)
		return parsed{rec: rec, problems: problems}
	}
	if cache != nil {
		// What goes into the pack serves every load that uses it.
		keep = keepPlaceholder
		// A record the old pack does not hold (all of them, the first
		// time) is opened without a look of the cache's own first.
		if _, known := cache.index[rel]; known {
			if id, plain, err := dir.look(rel); err == nil && plain {
				if i := cache.fresh(rel, id); i > 0 {
					return parsed{head: cache.heads.Heads[i-1], hashed: true, old: i}
				}
			}
		}
	}
	f, fi, err := dir.Open(rel)
	if le := (*LinkError)(nil); errors.As(err, &le) {
		return parsed{problems: []Problem{LinkProblem(p.Root, rel, "record")}}
	}
	if he := (*HardLinkError)(nil); errors.As(err, &he) {
		return parsed{problems: []Problem{{Path: rel, Line: 1, Col: 1, Severity: Error, Rule: RuleLink,
			Message: fmt.Sprintf("record is one of %d names of the same file on disk (a hard link) and is not read: "+
				"the same bytes could be another client's record", he.Names),
			Hint: "replace it with a copy of its own (cp, not cp -l or ln), or remove it"}}}
	}
	if err != nil {
		return fail(fmt.Sprintf("record cannot be read: %v", unwrapPath(err)), "check the file's permissions")
	}
	defer f.Close()
	if fi.Size() > MaxRecordSize {
		return fail(tooBig(fi.Size()),
			"move attachments out of the practice and keep the record to text")
	}
	var data []byte
	if keep == keepAll {
		data = make([]byte, fi.Size())
	} else {
		// Nothing parsed keeps a reference into the file's bytes (a kept
		// placeholder body is copied), so the buffer can serve the next record.
		bp := fileBuffers.Get().(*[]byte)
		defer func() {
			if cap(*bp) <= maxPooledRecord {
				fileBuffers.Put(bp)
			}
		}()
		if int64(cap(*bp)) < fi.Size() {
			*bp = make([]byte, fi.Size())
		}
		data = (*bp)[:fi.Size()]
	}
	if _, err := io.ReadFull(f, data); err != nil {
		return fail(fmt.Sprintf("record cannot be read: %v", unwrapPath(err)), "check the file's permissions")
	}
	if cache != nil {
		// Looked at (and so, if it came to that, changed) before the pack
		// being made: see racyWindow.
		cache.changed = true
		head := packHead{Rel: rel, Stat: statIDOf(fi), Hash: hashOf(data)}
		if i := cache.same(rel, head.Hash); i > 0 {
			return parsed{head: head, hashed: true, old: i}
		}
		rec, problems := parse(rel, client, data, keep)
		return parsed{rec: rec, problems: problems, head: head, hashed: true}
	}
	rec, problems := parse(rel, client, data, keep)
	return parsed{rec: rec, problems: problems}
}

// maxPooledRecord bounds the buffers kept for reuse: records are a few
// kilobytes, and one unusually long one should not pin its memory.
const maxPooledRecord = 256 << 10

var fileBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// fromCache fills the client in from what the walk found through the cache
// (slots, in the walk's order) and writes the pack again if it changed. It
// reports true when opts.Unchanged took the client as it is, unread.
func (p *Practice) fromCache(dir *ClientDir, c *Client, slots []parsed, opts LoadOptions, cache *packReader) bool {
	known := len(c.Problems) == 0
	heads := make([]packHead, 0, len(slots))
	for _, s := range slots {
		known = known && s.hashed
		heads = append(heads, s.head)
	}
	if known {
		c.digest, c.known = digest(c.ID, heads, c.Others), true
		// A pack about to be written again (a record hashed anew) is not
		// skipped, so that the next run finds it settled.
		if opts.Unchanged != nil && !cache.changed && opts.Unchanged(c) {
			c.Skipped = true
			return true
		}
	}
	next := pack{Made: cache.made, Folders: cache.seen}
	for _, s := range slots {
		if !s.hashed {
			c.add(s)
			continue
		}
		var e *packEntry
		if s.old > 0 {
			old, ok := cache.old(s.old-1, c.ID)
			if !ok {
				// The pack's records cannot be used after all: read the
				// record again, without it.
				cache.changed = true
				c.add(p.readRecord(dir, s.head.Rel, c.ID, LoadOptions{PlaceholderBodies: true}, nil))
				continue
			}
			e = &packEntry{s.head, old.packRec}
		} else {
			e = entryOf(s.head, s)
		}
		next.Entries = append(next.Entries, e)
		c.add(parsedOf(e))
	}
	if cache.changed || len(next.Entries) != len(cache.heads.Heads) {
		p.Cache.store(c.ID, &next)
	}
	return false
}

func (c *Client) unreadable(rel, msg, hint string) {
	c.Problems = append(c.Problems, Problem{Path: rel, Line: 1, Col: 1, Severity: Error, Rule: RuleFileUnreadable, Message: msg, Hint: hint})
}

func (c *Client) add(r parsed) {
	c.Problems = append(c.Problems, r.problems...)
	switch v := r.rec.(type) {
	case *Agreement:
		c.Agreements = append(c.Agreements, v)
	case *Session:
		c.Sessions = append(c.Sessions, v)
	case *Reflection:
		c.Reflections = append(c.Reflections, v)
	}
}

func (c *Client) sort() {
	sort.SliceStable(c.Agreements, func(i, j int) bool {
		a, b := c.Agreements[i], c.Agreements[j]
		if a.Date != b.Date {
			return a.Date.Before(b.Date)
		}
		return a.Path < b.Path
	})
	sort.SliceStable(c.Sessions, func(i, j int) bool {
		a, b := c.Sessions[i], c.Sessions[j]
		if a.Number != b.Number {
			return a.Number < b.Number
		}
		if a.Date != b.Date {
			return a.Date.Before(b.Date)
		}
		return a.Path < b.Path
	})
	sort.SliceStable(c.Reflections, func(i, j int) bool {
		a, b := c.Reflections[i], c.Reflections[j]
		if a.Date != b.Date {
			return a.Date.Before(b.Date)
		}
		return a.Path < b.Path
	})
	sort.SliceStable(c.Problems, func(i, j int) bool {
		a, b := c.Problems[i], c.Problems[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
}

// Each loads the given clients in parallel and calls fn for each, one at a
// time, in the order of ids. Only a few clients are held in memory at once.
// fn returning an error stops the walk.
func (p *Practice) Each(ids []string, opts LoadOptions, fn func(*Client, error) error) error {
	workers := runtime.GOMAXPROCS(0)
	type result struct {
		c   *Client
		err error
	}
	slots := make([]chan result, len(ids))
	for i := range slots {
		slots[i] = make(chan result, 1)
	}
	// Each worker takes the next client itself; sem bounds how far loading
	// runs ahead of fn.
	sem := make(chan struct{}, workers*2)
	done := make(chan struct{})
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case sem <- struct{}{}:
				case <-done:
					return
				}
				i := int(next.Add(1) - 1)
				if i >= len(ids) {
					<-sem
					return
				}
				c, err := p.LoadClient(ids[i], opts)
				slots[i] <- result{c, err}
			}
		}()
	}
	var err error
	for i := range ids {
		r := <-slots[i]
		<-sem
		if err = fn(r.c, r.err); err != nil {
			break
		}
	}
	close(done)
	wg.Wait()
	return err
}

// LoadAll reads every client of the practice. Use Each on a large practice
// to avoid holding every record at once.
func (p *Practice) LoadAll(opts LoadOptions) ([]*Client, []Problem, error) {
	ids, problems, err := p.ClientIDs()
	if err != nil {
		return nil, nil, err
	}
	var clients []*Client
	err = p.Each(ids, opts, func(c *Client, err error) error {
		if err != nil {
			return err
		}
		clients = append(clients, c)
		return nil
	})
	return clients, problems, err
}

// unwrapPath drops the absolute path from an os error: problems already name
// the record by its path in the practice.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
