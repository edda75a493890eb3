package render

// This file is the leak guard: the last check before a client-facing file's
// bytes are handed on to be written. Make gives every handout it makes a
// guard for its client; HTML and PDF, the only writers of client handouts,
// check what they drew with it and refuse to return a file that carries one
// of the client's private passages or another client's name or e-mail
// address. So `render`, `build`, `serve` and `export` all pass through it,
// and a new command that writes handouts through HTML or PDF cannot skip it.

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"os"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/body"
	"github.com/rapport-coach/rapport/render/guard"
	"github.com/rapport-coach/rapport/render/i18n"
	"github.com/rapport-coach/rapport/render/pdf"
	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
)

// What a passage the guard found was.
const (
	whatPrivate    = "a Private section"
	whatReflection = "a coach reflection"
	whatUnmade     = "the text under a line that reads as a Private heading but is not one"
	whatName       = "another client's name"
	whatEmail      = "another client's e-mail address"
)

// Guard is what the leak guard knows of the whole practice: the names and
// e-mail addresses of all its clients, read from their agreements'
// frontmatter the first time a file is checked. A run that writes many
// clients' handouts makes one and sets it on every Job; a Job without one
// gets its own, which is correct but reads the agreements again. A run that
// lasts, such as serve, keeps one and calls Refresh before each build, so
// only the agreements that changed are read again.
type Guard struct {
	p *records.Practice

	mu       sync.Mutex
	loaded   bool
	byClient map[string][]guard.Name // each client's names and addresses, as last read
	seen     map[string][]seenFile   // each client's agreement files, as they were when last read
	names    *guard.Names
	err      error
}

// NewGuard returns the guard for practice p. Nothing is read until a file
// is checked, so a build with nothing to write pays nothing.
func NewGuard(p *records.Practice) *Guard { return &Guard{p: p} }

// Prepare reads every client's names now, rather than when a file is first
// checked: serve does it while it waits for the first change.
func (g *Guard) Prepare() error {
	_, err := g.load()
	return err
}

func (g *Guard) load() (*guard.Names, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.loaded {
		g.loaded = true
		g.byClient, g.seen, g.err = practiceNames(g.p)
		g.index()
	}
	return g.names, g.err
}

// index builds the name index from byClient, clients in order. Callers hold
// g.mu.
func (g *Guard) index() {
	if g.err == nil {
		var all []guard.Name
		for _, id := range slices.Sorted(maps.Keys(g.byClient)) {
			all = append(all, g.byClient[id]...)
		}
		g.names, g.err = guard.NewNames(all)
	}
	if g.err != nil {
		g.names, g.err = nil, fmt.Errorf("the leak guard could not read the clients' names: %w", g.err)
	}
}

// Refresh reads again the agreements of the clients in changed, of any
// client whose agreement files are not as they were when last read (by
// name, size, time and identity), and of any client come or gone since;
// changed nil means any client may have. p is the practice as it is now.
// Changed is only a hint, from a watcher that may miss events: the guard's
// own look at every client's folder decides. What Refresh reads is in the
// index before it returns, so a file checked after it is checked against
// the names as they are: a client's new name is never missed in another
// client's handout.
func (g *Guard) Refresh(p *records.Practice, changed map[string]bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.p = p
	if !g.loaded || g.err != nil || changed == nil {
		g.loaded = false // read whole when a file is next checked
		return
	}
	ids, _, err := p.ClientIDs()
	if err != nil {
		g.loaded = false
		return
	}
	present := make(map[string]bool, len(ids))
	for _, id := range ids {
		present[id] = true
	}
	same := true
	for id := range g.byClient {
		if !present[id] {
			delete(g.byClient, id)
			delete(g.seen, id)
			same = false
		}
	}
	for _, id := range g.toRead(p, ids, changed) {
		names, files := clientNames(p, id)
		g.seen[id] = files
		if old, known := g.byClient[id]; !known || !slices.Equal(old, names) {
			g.byClient[id] = names
			same = false
		}
	}
	if !same {
		g.index()
	}
}

// toRead are the clients of ids whose agreements Refresh reads again: those
// in changed, those not read before, and those whose agreement files
// changed since. Looking costs a folder listing and a stat per agreement,
// for every client: about 7 ms at 1,000 clients. Callers hold g.mu.
func (g *Guard) toRead(p *records.Practice, ids []string, changed map[string]bool) []string {
	var out []string
	for _, id := range ids {
		seen, known := g.seen[id]
		_, read := g.byClient[id]
		if changed[id] || !known || !read || !sameFiles(agreementFiles(p, id), seen) {
			out = append(out, id)
		}
	}
	return out
}

// practiceNames are every client's full names and e-mail addresses, by
// client, from the agreements in each client's folder (where `rapport new`
// puts them), and the agreement files they were read from.
func practiceNames(p *records.Practice) (map[string][]guard.Name, map[string][]seenFile, error) {
	ids, _, err := p.ClientIDs()
	if err != nil {
		return nil, nil, err
	}
	out := make(map[string][]guard.Name, len(ids))
	seen := make(map[string][]seenFile, len(ids))
	for _, id := range ids {
		out[id], seen[id] = clientNames(p, id)
	}
	return out, seen, nil
}

// seenFile is one of a client's agreement files as the guard saw it before
// reading it: a later look that finds it otherwise reads it again.
type seenFile struct {
	name string
	fi   os.FileInfo // from Lstat: a link is seen as a link, never followed
}

// agreementFiles are the files in a client's folder the guard reads names
// from (and those it skips, so that one becoming readable is noticed), in
// the folder's order, looked at without following links; nil when the
// folder cannot be read.
func agreementFiles(p *records.Practice, id string) []seenFile {
	entries, err := os.ReadDir(p.Path(path.Join(records.ClientsDir, id)))
	if err != nil {
		return nil // an unreadable folder is check's to report; its records cannot be in a handout either
	}
	var out []seenFile
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		// Where a file's identity is read only when first compared
		// (Windows), compare now: the identity is the file's as it is now,
		// not as it may be when next looked at.
		os.SameFile(fi, fi)
		out = append(out, seenFile{name: name, fi: fi})
	}
	return out
}

// sameFiles reports whether two looks at a client's agreement files saw the
// same files: the same names, each the same file (not one saved over it by
// renaming), of the same kind, size and time.
func sameFiles(now, before []seenFile) bool {
	return slices.EqualFunc(now, before, func(a, b seenFile) bool {
		return a.name == b.name && a.fi.Mode() == b.fi.Mode() && a.fi.Size() == b.fi.Size() &&
			a.fi.ModTime().Equal(b.fi.ModTime()) && os.SameFile(a.fi, b.fi)
	})
}

// clientNames are one client's full names and e-mail addresses, from the
// agreements in their folder, and the files they were read from, as they
// were looked at before reading. Only their frontmatter is parsed, and
// links are not followed.
func clientNames(p *records.Practice, id string) ([]guard.Name, []seenFile) {
	dir := path.Join(records.ClientsDir, id)
	files := agreementFiles(p, id)
	var out []guard.Name
	for _, f := range files {
		if !f.fi.Mode().IsRegular() || f.fi.Size() > records.MaxRecordSize {
			continue
		}
		rel := path.Join(dir, f.name)
		data, err := os.ReadFile(p.Path(rel))
		if err != nil {
			continue
		}
		rec, _ := records.Parse(rel, id, data, false)
		a, ok := rec.(*records.Agreement)
		if !ok {
			continue
		}
		if a.ClientName != "" {
			out = append(out, guard.Name{Text: a.ClientName, Owner: id,
				Source: guard.Source{Path: rel, Line: a.Pos("client_name").Line, What: whatName}})
		}
		if a.Contact.Email != "" {
			out = append(out, guard.Name{Text: a.Contact.Email, Owner: id,
				Source: guard.Source{Path: rel, Line: a.Pos("contact.email").Line, What: whatEmail}})
		}
	}
	return out, files
}

// clientGuard is what the leak guard knows of one client: their private
// passages and what their handouts may show by right. Plan makes one per
// client and shares it between the client's jobs; it is built when the
// first of them is checked.
type clientGuard struct {
	c        *records.Client
	once     sync.Once
	passages *guard.Passages
	allow    []string
	styles   sync.Map // style sheets found clean in this client's files
}

func newClientGuard(c *records.Client) *clientGuard { return &clientGuard{c: c} }

func (cg *clientGuard) load(s *records.Settings, lang *i18n.Lang) (*guard.Passages, []string) {
	cg.once.Do(func() {
		cg.allow = allowed(s, cg.c)
		// The handouts' fixed text is public whatever a private passage
		// quotes of it: a note that copies a sentence of the privacy
		// notice must not refuse the notice.
		cg.passages = guard.NewPassages(append(fixedText(lang), cg.allow...)...)
		addPassages(cg.passages, cg.c, s.PrivacyRule())
	})
	return cg.passages, cg.allow
}

// fixedText are the runs of a language's messages long enough to hold a
// passage the guard would match (see guard.Passages.Add); shorter ones
// cannot, and would only make its index bigger.
func fixedText(lang *i18n.Lang) []string {
	if lang == nil {
		return nil
	}
	var out []string
	for _, l := range lang.Literals() {
		if len(strings.Fields(l)) >= 6 {
			out = append(out, l)
		}
	}
	return out
}

// allowed is what a client's handouts show by right, even where it repeats
// a private passage or holds another client's name: the client's own names
// and addresses, the coach's, the practice's name, the client's goals and
// actions, and the sponsor.
func allowed(s *records.Settings, c *records.Client) []string {
	out := []string{s.Name, s.Coach.Name, s.Coach.Email}
	for _, a := range c.Agreements {
		out = append(out, a.ClientName, a.Contact.Email, a.Sponsor.Name)
		for _, g := range a.Goals {
			out = append(out, g.Text)
		}
	}
	for _, ss := range c.Sessions {
		for _, act := range ss.Actions {
			out = append(out, act.Text)
		}
	}
	return out
}

// addPassages indexes the client's private passages, as the body model
// decides them (records.Client.PrivatePassages): the sections under a private
// heading in every record, and the whole body of every coach reflection.
func addPassages(ps *guard.Passages, c *records.Client, rule body.Rule) {
	for _, pp := range c.PrivatePassages(rule) {
		what := whatPrivate
		if pp.Heading == "" {
			what = whatReflection
		}
		addPassage(ps, pp, guard.Source{Path: pp.Path, Line: pp.Line, What: what})
	}
	for _, a := range c.Agreements {
		addUnmade(ps, a.Record, rule)
	}
	for _, ss := range c.Sessions {
		addUnmade(ps, ss.Record, rule)
	}
	for _, r := range c.Reflections {
		if !r.IsPrivate() {
			addUnmade(ps, r.Record, rule)
		}
	}
}

// addUnmade indexes what follows a line that reads as a private heading but
// that Markdown does not make one ("#Private", an indented "## Private"):
// check warns of it (private-heading-lookalike), yet the body model shows it,
// as the rule is written. The coach meant it for themselves, so a handout
// that carries it is refused, naming the line, rather than given. The text
// runs to the next heading; it is indexed as written, a paragraph at a time.
func addUnmade(ps *guard.Passages, r *records.Record, rule body.Rule) {
	if r == nil || len(r.Body) == 0 || !body.MayHaveUnmade(r.Body) {
		return
	}
	b := r.Parsed(rule)
	unmade := b.Unmade(rule)
	if len(unmade) == 0 {
		return
	}
	headings := b.Headings()
	lines := strings.Split(string(b.Source), "\n")
	for _, u := range unmade {
		end := len(lines) // the line before the next heading, from 1
		for _, h := range headings {
			if h.Line > u.Line {
				end = h.Line - 1
				break
			}
		}
		var para []string
		first := 0 // the body line para starts on
		flush := func() {
			if len(para) > 0 {
				src := guard.Source{Path: r.Path, Line: r.BodyLine + first - 1, What: whatUnmade}
				// As written, but with character references read as the
				// handout shows them (&#97; is a).
				ps.Add(html.UnescapeString(strings.Join(para, " ")), src, nil)
			}
			para = para[:0]
		}
		for l := u.Line + 1; l <= end; l++ {
			line := lines[l-1]
			if strings.TrimSpace(line) == "" {
				flush()
				continue
			}
			if len(para) == 0 {
				first = l
			}
			para = append(para, line)
		}
		flush()
	}
}

// addPassage indexes a passage as a handout would show it: the text of
// each block, without Markdown's marks, and the addresses and titles of its
// links and link reference definitions, whose URL a shared paragraph could
// use. It walks the tree the record's one parse made.
func addPassage(ps *guard.Passages, pp records.PrivatePassage, source guard.Source) {
	src := pp.Body.Source()
	at := func(off int) guard.Source { s := source; s.Line = pp.LineAt(off); return s }
	for _, n := range pp.Body.Nodes {
		_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || n.Type() != ast.TypeBlock {
				return ast.WalkContinue, nil
			}
			if d, ok := n.(*ast.LinkReferenceDefinition); ok {
				s := source
				if d.Lines().Len() > 0 {
					s = at(d.Lines().At(0).Start)
				}
				ps.AddWhole(string(d.Destination), s)
				if len(d.Title) > 0 {
					ps.Add(string(d.Title), s, nil)
				}
				return ast.WalkSkipChildren, nil
			}
			if c := n.FirstChild(); c != nil && c.Type() == ast.TypeInline {
				addInline(ps, pp, n, src, source)
				return ast.WalkSkipChildren, nil
			}
			if n.FirstChild() == nil && n.Lines().Len() > 0 { // code and HTML blocks
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					ps.Add(string(seg.Value(src)), at(seg.Start), nil)
				}
			}
			return ast.WalkContinue, nil
		})
	}
}

// addInline indexes the inline content of one block.
func addInline(ps *guard.Passages, pp records.PrivatePassage, block ast.Node, src []byte, source guard.Source) {
	var b strings.Builder
	var marks [][2]int // (offset in b, offset in src) where a Text node starts
	here := func() guard.Source {
		s := source
		if len(marks) > 0 {
			s.Line = pp.LineAt(marks[len(marks)-1][1])
		}
		return s
	}
	_ = ast.Walk(block, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Text:
			marks = append(marks, [2]int{b.Len(), v.Segment.Start})
			// As the handout shows it: character references and
			// backslash escapes resolved, or "&#108;awyer" would never
			// match the "lawyer" a page prints.
			b.WriteString(html.UnescapeString(string(v.Segment.Value(src))))
			if v.SoftLineBreak() || v.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(html.UnescapeString(string(v.Value)))
		case *ast.AutoLink:
			b.Write(v.Label(src))
			ps.AddWhole(string(v.URL(src)), here())
		case *ast.Link:
			// A [text][ref] whose definition is in the visible part
			// reaches an address the client may see anyway.
			if !pp.Body.Shared(v.Destination) {
				ps.AddWhole(string(v.Destination), here())
			}
			if len(v.Title) > 0 {
				ps.Add(string(v.Title), here(), nil)
			}
		case *ast.RawHTML:
			for i := 0; i < v.Segments.Len(); i++ {
				seg := v.Segments.At(i)
				b.Write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	ps.Add(b.String(), source, func(off int) int {
		i := sort.Search(len(marks), func(i int) bool { return marks[i][0] > off }) - 1
		if i < 0 {
			if len(marks) == 0 {
				return source.Line
			}
			i = 0
		}
		return pp.LineAt(marks[i][1])
	})
}

// fileGuard checks the files of one handout.
type fileGuard struct {
	g      *Guard
	c      *clientGuard
	client string
	s      *records.Settings
	lang   *i18n.Lang // the language of the handout's fixed text
}

// LeakError is a client-facing file refused because it carries one of the
// client's private passages, or another client's name or e-mail address.
// Nothing is written.
type LeakError struct {
	guard.Hit
}

// Error names the record and line the passage came from.
func (e *LeakError) Error() string {
	return fmt.Sprintf("refused: it contains text from %s:%d (%s)", e.Path, e.Line, e.What)
}

// Hint says what the coach can do.
func (e *LeakError) Hint() string {
	if e.What == whatName || e.What == whatEmail {
		return "a handout never names another client: reword the record or the layout in templates/ that does, then render again"
	}
	if e.What == whatUnmade {
		return "nothing was written: make that line a heading Markdown reads (\"## Private\", at the start of the line, a space after the #), or reword it if the text is for the client; rapport check shows the line"
	}
	return "nothing was written: remove the text from the shared part of the record, or from the layout in templates/ that prints it, then render again"
}

var styleSeed = maphash.MakeSeed()

var texts = sync.Pool{New: func() any { return new(guard.Text) }}

// check looks for leaks in the Texts of one file.
func (fg *fileGuard) check(ts ...*guard.Text) error {
	if fg == nil {
		return nil
	}
	names, err := fg.g.load()
	if err != nil {
		return err
	}
	passages, allow := fg.c.load(fg.s, fg.lang)
	for _, t := range ts {
		b := t.Bytes()
		if hit := passages.Find(b); hit != nil {
			return &LeakError{*hit}
		}
		if hit := names.Find(b, fg.client, allow); hit != nil {
			return &LeakError{*hit}
		}
	}
	return nil
}

// checkHTML checks an HTML page: its text, and its attributes and comments.
func (fg *fileGuard) checkHTML(page []byte) error {
	if fg == nil {
		return nil
	}
	shown, held := texts.Get().(*guard.Text), texts.Get().(*guard.Text)
	defer func() { shown.Reset(); held.Reset(); texts.Put(shown); texts.Put(held) }()
	var err error
	guard.HTML(page, shown, held, func(style []byte) bool {
		if err != nil {
			return true
		}
		ok, e := fg.cleanStyle(style)
		err = e
		return ok
	})
	if err != nil {
		return err
	}
	return fg.check(shown, held)
}

// cleanStyle checks a style sheet on its own, once for each client: the
// same sheet is in every handout.
func (fg *fileGuard) cleanStyle(style []byte) (bool, error) {
	key := maphash.Bytes(styleSeed, style)
	if seen, ok := fg.c.styles.Load(key); ok && bytes.Equal(seen.([]byte), style) {
		return true, nil
	}
	t := texts.Get().(*guard.Text)
	defer func() { t.Reset(); texts.Put(t) }()
	t.AddBytes(style)
	if err := fg.check(t); err != nil {
		return false, err
	}
	fg.c.styles.Store(key, bytes.Clone(style))
	return true, nil
}

// checkPDF checks a PDF before it is laid out, from the document model the
// builtin engine draws: every string in it, a run of text joined as it is
// printed, and every link's address. (The browser engine prints the HTML
// page, which checkHTML has checked.)
func (fg *fileGuard) checkPDF(d *pdf.Document) error {
	if fg == nil {
		return nil
	}
	shown, held := texts.Get().(*guard.Text), texts.Get().(*guard.Text)
	defer func() { shown.Reset(); held.Reset(); texts.Put(shown); texts.Put(held) }()
	pdfStrings(reflect.ValueOf(d), shown, held)
	return fg.check(shown, held)
}

var runsType = reflect.TypeFor[pdf.Text]()

// pdfStrings walks a PDF document model and adds every string in it, so a
// field or block added to the model later is checked without a change here.
func pdfStrings(v reflect.Value, shown, held *guard.Text) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			pdfStrings(v.Elem(), shown, held)
		}
	case reflect.String:
		shown.Break()
		shown.Add(v.String())
		shown.Break()
	case reflect.Slice, reflect.Array:
		if v.Type() == runsType {
			shown.Break()
			for _, r := range v.Interface().(pdf.Text) {
				shown.Add(r.Text)
				if r.URL != "" {
					held.Break()
					held.Add(r.URL)
					held.Break()
				}
			}
			shown.Break()
			return
		}
		for i := range v.Len() {
			pdfStrings(v.Index(i), shown, held)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				pdfStrings(v.Field(i), shown, held)
			}
		}
	}
}

// IsLeak reports whether err is a file refused by the leak guard, and
// returns it.
func IsLeak(err error) (*LeakError, bool) {
	var le *LeakError
	ok := errors.As(err, &le)
	return le, ok
}
