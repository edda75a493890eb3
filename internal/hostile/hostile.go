// Package hostile writes a practice full of broken and hostile records, for
// the tests that prove every command that reads records survives bad input:
// no panic, a finding that names the file, bounded time and memory, and the
// one good client still processed in full.
//
// Small readable fixtures live in testdata/; records whose bytes matter
// (encodings, line endings, control characters) and large ones (a 50 MB
// body, a billion-laughs YAML expansion, 10,000 levels of nesting) are made
// here at test time rather than committed.
package hostile

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

//go:embed testdata
var fixtures embed.FS

// GoodClient is the client whose records are all valid: every command must
// still process it fully, whatever its neighbours hold.
const GoodClient = "good-client"

// Phrases planted in the good client's coach-only records: they must never
// reach a handout.
var PrivatePhrases = []string{"PRIVATE-SECTION-PHRASE", "COACH-ONLY-PHRASE"}

// Entry is one hostile thing written into the practice.
type Entry struct {
	Path string // slash-separated, relative to the practice root
	What string // what it tries, for test names and the report
	// Finding is true when a command reading the file must report it,
	// naming Path.
	Finding bool
}

// Corpus is a practice written by Write.
type Corpus struct {
	Root    string   // the practice folder
	Outside string   // a folder outside the practice that links point into
	Clients []string // every client folder whose name is a valid id, sorted
	Entries []Entry
	// Unreadable lists files and folders made mode 000. When the tests run
	// as root those are still readable; RootReads says so.
	Unreadable []string
	RootReads  bool
}

// OutsideSecret is written in a file outside the practice: a link from inside
// must never bring it into a handout or a report.
const OutsideSecret = "OUTSIDE-SECRET-7c1e"

// BigBody is the size of the oversized record's body: well past the largest
// record rapport reads, so it must be refused without being read whole.
const BigBody = 50 << 20

// NearLimit is a body size just under records.MaxRecordSize (2 MB), the
// largest record rapport reads: the hardest input that must still be read.
const NearLimit = 2<<20 - 4096

// Write builds the practice in dir/practice, and the outside folder in
// dir/outside.
func Write(dir string) (*Corpus, error) {
	c := &Corpus{Root: filepath.Join(dir, "practice"), Outside: filepath.Join(dir, "outside")}
	w := &writer{c: c}
	w.copyFixtures()
	w.mkdir(c.Outside)
	w.raw(filepath.Join(c.Outside, "secret.md"), "---\nkind: session\nnumber: 9\ndate: 2026-01-01\n---\n\n"+OutsideSecret+"\n")
	w.mkdir(filepath.Join(c.Outside, "client", "sessions"))
	w.raw(filepath.Join(c.Outside, "client", "agreement.md"), "---\nkind: agreement\nclient_name: "+OutsideSecret+"\n---\n")
	for _, r := range generated() {
		w.file(r.client, r.name, r.data, r.what, r.finding)
	}
	w.links()
	w.oddFolders()
	w.unreadable()
	if w.err != nil {
		return nil, w.err
	}
	entries, err := os.ReadDir(filepath.Join(c.Root, "clients"))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() && idLike(e.Name()) {
			c.Clients = append(c.Clients, e.Name())
		}
	}
	return c, nil
}

// idLike is a cheap stand-in for records.ValidID, so this package does not
// depend on what it tests.
func idLike(s string) bool {
	if s == "" || s[0] == '-' || strings.Contains(s, "--") || strings.HasSuffix(s, "-") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

type writer struct {
	c   *Corpus
	err error
}

func (w *writer) mkdir(dir string) {
	if w.err == nil {
		w.err = os.MkdirAll(dir, 0o755)
	}
}

func (w *writer) raw(full, data string) {
	if w.err != nil {
		return
	}
	if w.err = os.MkdirAll(filepath.Dir(full), 0o755); w.err == nil {
		w.err = os.WriteFile(full, []byte(data), 0o644)
	}
}

// file writes clients/<client>/<name> and notes it as an entry.
func (w *writer) file(client, name, data, what string, finding bool) {
	rel := path.Join("clients", client, name)
	w.raw(filepath.Join(w.c.Root, filepath.FromSlash(rel)), data)
	w.c.Entries = append(w.c.Entries, Entry{Path: rel, What: what, Finding: finding})
}

// copyFixtures writes practice.yaml, the good client and the markup client
// from testdata/.
func (w *writer) copyFixtures() {
	if w.err != nil {
		return
	}
	w.err = fs.WalkDir(fixtures, "testdata", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fixtures.ReadFile(name)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(name, "testdata/")
		switch {
		case rel == "practice.yaml":
			w.raw(filepath.Join(w.c.Root, rel), string(data))
		case strings.HasPrefix(rel, "good/"):
			w.raw(filepath.Join(w.c.Root, "clients", GoodClient, filepath.FromSlash(strings.TrimPrefix(rel, "good/"))), string(data))
		default:
			client, file, _ := strings.Cut(rel, "/")
			w.file("hostile-"+client, file, string(data), "raw HTML, javascript: links and template syntax", false)
		}
		return w.err
	})
}

// links writes symbolic links that lead out of the practice, and a loop.
func (w *writer) links() {
	if w.err != nil {
		return
	}
	root := w.c.Root
	add := func(target, rel, what string) {
		if w.err != nil {
			return
		}
		full := filepath.Join(root, filepath.FromSlash(rel))
		if w.err = os.MkdirAll(filepath.Dir(full), 0o755); w.err == nil {
			w.err = os.Symlink(target, full)
		}
		w.c.Entries = append(w.c.Entries, Entry{Path: rel, What: what, Finding: true})
	}
	agreement := "---\nkind: agreement\nclient_name: Lena Links\ndate: 2026-01-07\nstatus: active\n---\n"
	w.file("hostile-links", "agreement.md", agreement, "a client whose records link elsewhere", false)
	add(filepath.Join(w.c.Outside, "secret.md"), "clients/hostile-links/sessions/2026-01-14-01.md", "a record that is a link to a file outside the practice")
	add("../../../../outside/secret.md", "clients/hostile-links/sessions/2026-01-28-02.md", "a relative link out of the practice")
	add("loop-b.md", "clients/hostile-links/sessions/loop-a.md", "a link loop")
	add("loop-a.md", "clients/hostile-links/sessions/loop-b.md", "a link loop")
	add("missing.md", "clients/hostile-links/sessions/dangling.md", "a dangling link")
	add(filepath.Join(w.c.Outside, "client"), "clients/outside-link", "a client folder that is a link out of the practice")
	add(filepath.Join(w.c.Outside, "client", "sessions"), "clients/hostile-links/reflections", "a folder of records that is a link out of the practice")
}

// oddFolders writes entries under clients/ that cannot be client folders.
func (w *writer) oddFolders() {
	root := filepath.Join(w.c.Root, "clients")
	odd := []struct{ name, what string }{
		{"file-client", "a client folder that is a file"},
		{"stray-record.md", "a record outside any client folder"},
		{"Bad Name", "a client folder whose name is not an id"},
		{"..dots", "a client folder named with dots"},
		{"-dash", "a client folder starting with a hyphen"},
		{"ünïcode", "a client folder with non-ASCII letters"},
	}
	for i, o := range odd {
		full := filepath.Join(root, o.name)
		if i < 2 {
			w.raw(full, "---\nkind: agreement\nclient_name: Fiona File\n---\n")
		} else {
			w.raw(filepath.Join(full, "agreement.md"), "---\nkind: agreement\nclient_name: Oddly Named\n---\n")
		}
		w.c.Entries = append(w.c.Entries, Entry{Path: "clients/" + o.name, What: o.what, Finding: !strings.HasPrefix(o.name, ".")})
	}
}

// unreadable makes a record and a sessions folder mode 000.
func (w *writer) unreadable() {
	if w.err != nil {
		return
	}
	w.file("hostile-unreadable", "agreement.md", "---\nkind: agreement\nclient_name: Una Unreadable\n---\n", "a readable agreement", false)
	w.file("hostile-unreadable", "sessions/2026-01-14-01.md", "---\nkind: session\nnumber: 1\ndate: 2026-01-14\n---\n", "a record with mode 000", true)
	w.file("hostile-unreadable", "reflections/locked/2026-01-15-01-client.md", "---\nkind: reflection\nauthor: client\n---\n", "a folder with mode 000", true)
	for _, rel := range []string{"clients/hostile-unreadable/sessions/2026-01-14-01.md", "clients/hostile-unreadable/reflections/locked"} {
		full := filepath.Join(w.c.Root, filepath.FromSlash(rel))
		if w.err = os.Chmod(full, 0); w.err != nil {
			return
		}
		w.c.Unreadable = append(w.c.Unreadable, rel)
	}
	f, err := os.Open(filepath.Join(w.c.Root, "clients/hostile-unreadable/sessions/2026-01-14-01.md"))
	if err == nil {
		f.Close()
		w.c.RootReads = true
	}
}

// Restore makes the unreadable files readable again, so the test's
// temporary folder can be removed.
func (c *Corpus) Restore() {
	for _, rel := range c.Unreadable {
		os.Chmod(filepath.Join(c.Root, filepath.FromSlash(rel)), 0o755)
	}
}

type record struct {
	client, name, data, what string
	finding                  bool
}

const session = "---\nkind: session\nnumber: 1\ndate: 2026-01-14\nminutes: 60\n---\n"

// generated is every record made in code: the ones whose exact bytes
// matter, and the large ones.
func generated() []record {
	agreement := func(extra string) string {
		return "---\nkind: agreement\nclient_name: Ada Agreement\ndate: 2026-01-07\nstatus: active\n" + extra + "---\n\nBody.\n"
	}
	var rs []record
	add := func(client, name, data, what string, finding bool) {
		rs = append(rs, record{client, name, data, what, finding})
	}

	// Encodings and line endings.
	add("hostile-encoding", "agreement.md", "\xef\xbb\xbf"+strings.ReplaceAll(agreement(""), "\n", "\r\n"), "a valid agreement with a BOM and CRLF line endings", false)
	add("hostile-encoding", "sessions/latin1.md", "---\nkind: session\nnumber: 1\nnotes: caf\xe9\n---\n", "a record that is not UTF-8 (Latin-1)", true)
	add("hostile-encoding", "sessions/utf16.md", "\xff\xfe-\x00-\x00-\x00\n\x00k\x00", "a record in UTF-16", true)
	add("hostile-encoding", "sessions/nul.md", "---\nkind: session\x00\nnumber: 1\n---\n", "a NUL byte in the frontmatter", true)
	add("hostile-encoding", "sessions/cr-only.md", "---\rkind: session\rnumber: 2\r---\r", "old Mac line endings (CR only)", true)
	add("hostile-encoding", "sessions/empty.md", "", "an empty file", true)
	add("hostile-encoding", "sessions/blank.md", "\n\n   \n\t\n", "a file of blank lines", true)
	add("hostile-encoding", "sessions/bom-only.md", "\xef\xbb\xbf", "a file holding only a BOM", true)

	// YAML syntax.
	add("hostile-yaml", "agreement.md", agreement(""), "a valid agreement", false)
	add("hostile-yaml", "sessions/tabs.md", "---\nkind: session\nnumber: 1\nactions:\n\t- {text: tabbed}\n---\n", "tabs indenting YAML", true)
	add("hostile-yaml", "sessions/duplicate.md", "---\nkind: session\nnumber: 1\nnumber: 2\ndate: 2026-01-14\ndate: 2026-01-15\n---\n", "duplicate keys", true)
	add("hostile-yaml", "sessions/unclosed.md", "---\nkind: session\nnumber: 3\n\n## Notes\n\nNo closing line.\n", "frontmatter without a closing ---", true)
	add("hostile-yaml", "sessions/no-frontmatter.md", "## Just notes\n\nNo frontmatter at all.\n", "no frontmatter", true)
	add("hostile-yaml", "sessions/only-dashes.md", "---\n---\n", "an empty frontmatter", true)
	add("hostile-yaml", "sessions/scalar.md", "---\njust a string\n---\n", "a frontmatter that is not a mapping", true)
	add("hostile-yaml", "sessions/list.md", "---\n- kind: session\n---\n", "a frontmatter that is a list", true)
	add("hostile-yaml", "sessions/syntax.md", "---\nkind: session\nnumber: [1, 2\ndate: 2026-01-14\n---\n", "an unclosed flow list", true)
	add("hostile-yaml", "sessions/kind.md", "---\nkind: sesion\n---\n", "a misspelt kind", true)
	add("hostile-yaml", "sessions/kind-map.md", "---\nkind: {a: b}\n---\n", "a kind that is a mapping", true)
	add("hostile-yaml", "sessions/multi-doc.md", "---\nkind: session\nnumber: 4\n...\n---\nkind: agreement\n---\n", "two YAML documents", true)
	add("hostile-yaml", "sessions/tags.md", "---\nkind: session\nnumber: !!str 5\ndate: !!binary aGVsbG8=\nminutes: !custom 60\n---\n", "explicit and custom YAML tags", true)
	add("hostile-yaml", "sessions/huge-key.md", "---\nkind: session\n"+strings.Repeat("k", 1<<20)+": 1\n---\n", "a one-megabyte key", true)

	// Values of the wrong shape.
	add("hostile-values", "agreement.md", agreement("start: 2026-02-30\nend: 26/02/2026\nsessions: {count: six, minutes: \"sixty\"}\ncontact: 12345\ngoals: {id: a}\nfees: {amount: lots, pro_bono: maybe}\n"), "impossible dates, words for numbers, a mapping for a list", true)
	add("hostile-values", "sessions/2026-01-14-01.md", "---\nkind: session\nnumber: 1.5\ndate: 2026-13-01\nminutes: -60\ngoals: speak-up\nactions: [{text: 42, due: tomorrow, status: [open]}]\nnext: 0000-00-00\n---\n", "numbers where text belongs and text where numbers belong", true)
	add("hostile-values", "sessions/2026-01-28-02.md", "---\nkind: session\nnumber: 99999999999999999999999\ndate: 9999-12-31\nminutes: 1e309\n---\n", "numbers too large for any type", true)
	add("hostile-values", "reflections/r.md", "---\nkind: reflection\nauthor: [client]\nsession: -1\ndate: 2026-02-29\n---\n", "a list for an author, a leap day in a common year", true)

	// YAML bombs: aliases expanding a billion times, and deep nesting.
	add("hostile-bombs", "agreement.md", agreement(""), "a valid agreement", false)
	add("hostile-bombs", "sessions/laughs.md", billionLaughs(), "a billion-laughs alias expansion", true)
	add("hostile-bombs", "sessions/alias.md", "---\nkind: session\nnumber: &n 1\ngoals: &g [a, b]\ndate: 2026-01-14\nminutes: *n\nactions: *g\n---\n", "anchors and aliases", true)
	add("hostile-bombs", "sessions/alias-key.md", "---\nkind: session\n? &k number\n: 1\n*k : 2\n---\n", "an alias as a key", true)
	add("hostile-bombs", "sessions/deep-flow.md", "---\nkind: session\ngoals: "+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+"\n---\n", "10,000 levels of [[[[...]]]]", true)
	add("hostile-bombs", "sessions/deep-open.md", "---\nkind: session\ngoals: "+strings.Repeat("[", 10000)+"\n---\n", "10,000 unclosed [", true)
	add("hostile-bombs", "sessions/deep-map.md", "---\nkind: session\nactions: "+strings.Repeat("{a: ", 10000)+"1"+strings.Repeat("}", 10000)+"\n---\n", "10,000 levels of {a: {a: ...}}", true)
	add("hostile-bombs", "sessions/deep-block.md", deepBlock(2000), "2,000 levels of indented mappings", true)

	// Sizes.
	add("hostile-size", "agreement.md", agreement(""), "a valid agreement", false)
	add("hostile-size", "sessions/2026-01-14-01.md", session+"\n"+strings.Repeat("Fifty megabytes of notes. ", BigBody/26+1), "a 50 MB body", true)
	add("hostile-size", "sessions/2026-01-28-02.md", "---\nkind: session\nnumber: 2\ndate: 2026-01-28\n---\n\n"+bigMarkdown(NearLimit), "ordinary notes just under the size limit", false)
	add("hostile-size", "sessions/2026-02-11-03.md", "---\nkind: session\nnumber: 3\ndate: 2026-02-11\n---\n\n"+strings.Repeat("x", NearLimit)+"\n", "one line just under the size limit", false)
	add("hostile-size", "sessions/2026-02-25-04.md", "---\nkind: session\nnumber: 4\ndate: 2026-02-25\n---\n\n"+strings.Repeat("*a* ", NearLimit/4), "the Markdown with the largest tree per byte, just under the size limit", false)
	add("hostile-size", "sessions/2026-03-11-05.md", "---\nkind: session\nnumber: 5\ndate: 2026-03-11\n---\n\n"+strings.Repeat("- a\n", NearLimit/4), "half a million list items, just under the size limit", false)

	// Markdown that is slow or deep to parse.
	add("hostile-markdown", "agreement.md", agreement(""), "a valid agreement", false)
	add("hostile-markdown", "sessions/2026-01-14-01.md", session+"\n"+strings.Repeat("> ", 10000)+"deep quote\n", "10,000 nested block quotes", false)
	add("hostile-markdown", "sessions/2026-01-28-02.md", "---\nkind: session\nnumber: 2\ndate: 2026-01-28\n---\n\n"+nestedList(1000), "1,000 nested list items", false)
	add("hostile-markdown", "sessions/2026-02-11-03.md", "---\nkind: session\nnumber: 3\ndate: 2026-02-11\n---\n\n"+strings.Repeat("[", 50000)+strings.Repeat("*a", 50000)+strings.Repeat("](", 20000)+"\n", "50,000 open brackets and emphasis", false)
	add("hostile-markdown", "sessions/2026-02-25-04.md", "---\nkind: session\nnumber: 4\ndate: 2026-02-25\n---\n\n"+strings.Repeat("# Private\n\n## Private\n\n", 5000)+"after\n", "10,000 Private headings", false)
	add("hostile-markdown", "sessions/2026-03-11-05.md", "---\nkind: session\nnumber: 5\ndate: 2026-03-11\n---\n\n| a | b |\n|---|---|\n"+strings.Repeat("| x | y |\n", 20000), "a 20,000-row table", false)

	// Names that spoof what a terminal or a page shows.
	add("hostile-names", "agreement.md", "---\nkind: agreement\nclient_name: \"Alice \\u202Eecila\\u202C Smith\\u200B\\u200D\\e[2J\\e[31m\\rMallory\\u0007\"\ndate: 2026-01-07\nstatus: active\nsponsor: {name: \"Acme\\u2066Ltd\\u2069\\u061C\\uFEFF\"}\ngoals:\n  - {id: g, text: \"\\u202Egoal reversed\"}\n---\n\nA body with \u202Ereversed\u202C text and \u200Bzero width.\n", "right-to-left overrides, zero-width characters, escape sequences and a carriage return in names", false)
	add("hostile-names", "sessions/2026-01-14-01.md", "---\nkind: session\nnumber: 1\ndate: 2026-01-14\nminutes: 60\nbilling: paid\n\"\\e[2Jwiped\": 1\n\"\\u202Eevil\": 2\nactions: [{text: \"\\e]8;;https://evil.example\\e\\\\click\\e]8;;\\e\\\\\", due: 2026-01-21, set_by: client, status: open}]\n---\n", "terminal escape sequences in keys and in an action", true)
	add("hostile-names", "sessions/\x1b[2J\u202egnp.md", "not a record\n", "escape sequences and a right-to-left override in a file name", true)
	return rs
}

// billionLaughs is the classic expansion: ten anchors, each a list of ten
// aliases of the previous one, 10^9 strings in all when expanded.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("---\nkind: session\nnumber: 1\n")
	b.WriteString(`lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "lol%d: &a%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("goals: *a9\nactions: *a9\nnotes: *a9\n---\n")
	return b.String()
}

func deepBlock(n int) string {
	var b bytes.Buffer
	b.WriteString("---\nkind: session\nactions:\n")
	for i := 1; i <= n; i++ {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("a:\n")
	}
	b.WriteString("---\n")
	return b.String()
}

func nestedList(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- item\n")
	}
	return b.String()
}

// bigMarkdown is about size bytes of ordinary notes: headings, paragraphs,
// lists and links, the way a very long record would look.
func bigMarkdown(size int) string {
	const block = "## A heading\n\nSome notes with *emphasis*, a [link](https://example.org/) and `code`.\n\n- one\n- two\n\n"
	return strings.Repeat(block, size/len(block))
}

// Settings is one broken or hostile practice.yaml.
type Settings struct {
	Name, What, Data string
}

// SettingsVariants are practice.yaml files every command must survive.
func SettingsVariants() []Settings {
	laughs := strings.Replace(strings.Replace(billionLaughs(), "---\nkind: session\nnumber: 1\n", "", 1), "---\n", "", 1)
	return []Settings{
		{"empty", "an empty practice.yaml", ""},
		{"not-utf8", "a practice.yaml in Latin-1", "name: Caf\xe9 Coaching\n"},
		{"bom-crlf", "a BOM and CRLF line endings", "\xef\xbb\xbfname: Windows Coaching\r\ncoach: {name: Jo Bloggs}\r\n"},
		{"tabs", "tabs indenting YAML", "coach:\n\tname: Jo\n"},
		{"syntax", "invalid YAML", "name: [unclosed\ncoach: {name: Jo\n"},
		{"list", "a list instead of settings", "- name: x\n"},
		{"laughs", "a billion-laughs alias expansion", laughs},
		{"deep", "10,000 levels of [[[[", "name: " + strings.Repeat("[", 10000) + "\n"},
		{"types", "numbers and lists where text belongs", "name: 42\ncoach: [Jo]\nhandouts: {paper: [A4], pdf_engine: 7}\ndefaults: {sessions: {count: lots, minutes: -1}, records: {retention: forever}}\n"},
		{"markup", "markup and template syntax in the practice's name", "name: \"<script>alert(1)</script>{{.}}\"\ncoach: {name: \"</style><img src=x>\", email: \"\\\"><script>@x\"}\n"},
		{"spoof", "escape sequences and a right-to-left override in the coach's name", "name: \"\\e[2J\\u202eCoaching\"\ncoach: {name: \"Jo\\rMallory\"}\n"},
		{"huge", "a 50 MB practice.yaml", "name: x\nnotes: " + strings.Repeat("a", BigBody) + "\n"},
	}
}

// WriteWithSettings builds a practice in dir/practice holding only the good
// client, with the given practice.yaml.
func WriteWithSettings(dir string, s Settings) (*Corpus, error) {
	c := &Corpus{Root: filepath.Join(dir, "practice"), Outside: filepath.Join(dir, "outside"), Clients: []string{GoodClient}}
	w := &writer{c: c}
	w.copyFixtures()
	w.raw(filepath.Join(c.Root, "practice.yaml"), s.Data)
	if w.err == nil {
		w.err = os.RemoveAll(filepath.Join(c.Root, "clients", "hostile-markup"))
	}
	c.Entries = nil
	return c, w.err
}

// Body is one hostile Markdown body, for writers tested without a practice.
type Body struct{ Name, Markdown string }

// Bodies are the Markdown bodies of the corpus that must still be read: the
// deep, the wide and the huge, and the markup of the hostile-markup client.
func Bodies() []Body {
	var out []Body
	for _, r := range generated() {
		if r.finding || !strings.Contains(r.name, "sessions/") {
			continue
		}
		if _, body, ok := strings.Cut(strings.TrimPrefix(r.data, "---\n"), "\n---\n"); ok {
			out = append(out, Body{Name: r.client + "/" + r.name + ": " + r.what, Markdown: body})
		}
	}
	data, err := fixtures.ReadFile("testdata/markup/agreement.md")
	if err == nil {
		if _, body, ok := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n"); ok {
			out = append(out, Body{Name: "markup", Markdown: body})
		}
	}
	return out
}
