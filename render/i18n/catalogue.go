package i18n

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"

	"github.com/rapport-coach/rapport/templates"
)

// Dir is the folder under templates/ that holds the catalogues.
const Dir = "i18n"

// maxFile bounds a catalogue file: a full catalogue is a few kilobytes.
const maxFile = 1 << 20

// pluralForms are the categories a counted message may give.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// Message is one message: its text, or its text by plural category.
type Message struct {
	Forms map[string]string // "other" always; the rest for counted messages
	Line  int               // where it was written
	parts map[string][]part // Forms, parsed
}

// Problem is what is wrong in a practice's catalogue file.
type Problem struct {
	Path    string // practice-relative: templates/i18n/de.yaml
	Line    int
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message) }

// Catalogues are the messages of every language a practice can give
// handouts in: the embedded catalogues and the practice's own, which
// override them message by message or add a language.
type Catalogues struct {
	embedded map[string]map[string]Message // by the file's tag
	own      map[string]map[string]Message
	tags     []language.Tag // supported, English first
	matcher  language.Matcher
	// Files are the catalogue files read, "templates/i18n/de.yaml" for a
	// practice's own and "embedded:i18n/de.yaml" for the defaults.
	Files []string
	// Problems are what is wrong in the practice's own files; the messages
	// that are wrong are not used, and check reports them.
	Problems []Problem

	mu    sync.Mutex
	langs map[string]*Lang
}

// Load reads the embedded catalogues and those under root/templates/i18n.
// An empty root reads the embedded ones only. Only an embedded catalogue
// that cannot be read is an error: the practice's files are untrusted
// input, and what is wrong in them is in Problems.
func Load(root string) (*Catalogues, error) {
	e, err := embedded()
	if err != nil {
		return nil, err
	}
	c := &Catalogues{embedded: e.msgs, own: map[string]map[string]Message{}, langs: map[string]*Lang{},
		Files: slices.Clone(e.files)}
	en := c.embedded[Source]
	if en == nil {
		return nil, errors.New("there is no embedded English catalogue")
	}
	if root != "" {
		c.readOwn(root, en)
	}
	c.tags = []language.Tag{language.MustParse(Source)}
	var names []string
	for n := range c.embedded {
		names = append(names, n)
	}
	for n := range c.own {
		if _, ok := c.embedded[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if n != Source {
			c.tags = append(c.tags, language.MustParse(n))
		}
	}
	c.matcher = language.NewMatcher(c.tags)
	return c, nil
}

// embedded are the embedded catalogues, parsed once: they never change,
// and every Catalogues only reads them.
var embedded = sync.OnceValues(func() (embeddedSet, error) {
	out := map[string]map[string]Message{}
	var files []string
	entries, err := fs.ReadDir(templates.FS, Dir)
	if err != nil {
		return embeddedSet{}, err
	}
	for _, e := range entries {
		tag, ok := strings.CutSuffix(e.Name(), ".yaml")
		if !ok {
			continue
		}
		data, err := fs.ReadFile(templates.FS, path.Join(Dir, e.Name()))
		if err != nil {
			return embeddedSet{}, err
		}
		msgs, probs := parseFile("embedded templates/i18n/"+e.Name(), data, nil)
		if len(probs) > 0 {
			return embeddedSet{}, errors.New(probs[0].String())
		}
		out[tag] = msgs
		files = append(files, "embedded:"+Dir+"/"+e.Name())
	}
	return embeddedSet{out, files}, nil
})

type embeddedSet struct {
	msgs  map[string]map[string]Message
	files []string
}

// readOwn reads the practice's catalogue files. Links are not followed: a
// catalogue is the practice's own file or none.
func (c *Catalogues) readOwn(root string, en map[string]Message) {
	dir := filepath.Join(root, "templates", Dir)
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		if err == nil {
			c.Problems = append(c.Problems, Problem{Path: "templates/" + Dir, Line: 1, Message: "is not a folder"})
		}
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		c.Problems = append(c.Problems, Problem{Path: "templates/" + Dir, Line: 1, Message: err.Error()})
		return
	}
	for _, e := range entries {
		name := e.Name()
		rel := "templates/" + Dir + "/" + name
		if strings.HasPrefix(name, ".") || e.IsDir() {
			continue
		}
		base, ok := strings.CutSuffix(name, ".yaml")
		if !ok {
			c.Problems = append(c.Problems, Problem{Path: rel, Line: 1, Message: "is not a catalogue: catalogues are named by language, such as de.yaml"})
			continue
		}
		if tag, err := language.Parse(base); err != nil || tag.String() != base {
			c.Problems = append(c.Problems, Problem{Path: rel, Line: 1,
				Message: "is not named by a language tag as it is written, such as de.yaml, fr-CA.yaml or pt-BR.yaml"})
			continue
		}
		if !e.Type().IsRegular() {
			c.Problems = append(c.Problems, Problem{Path: rel, Line: 1, Message: "is a link or special file, not read: make it a plain file in the practice"})
			continue
		}
		data, err := readLimited(filepath.Join(dir, name))
		if err != nil {
			c.Problems = append(c.Problems, Problem{Path: rel, Line: 1, Message: err.Error()})
			continue
		}
		msgs, probs := parseFile(rel, data, en)
		c.Problems = append(c.Problems, probs...)
		if _, shipped := c.embedded[base]; !shipped {
			var missing []string
			for k := range en {
				if _, ok := msgs[k]; !ok {
					missing = append(missing, k)
				}
			}
			if len(missing) > 0 {
				sort.Strings(missing)
				c.Problems = append(c.Problems, Problem{Path: rel, Line: 1, Message: fmt.Sprintf(
					"misses %d of the messages English has, which its handouts print in English: %s", len(missing), shortList(missing))})
			}
		}
		c.own[base] = msgs
		c.Files = append(c.Files, rel)
	}
}

func shortList(s []string) string {
	if len(s) > 8 {
		return strings.Join(s[:8], ", ") + fmt.Sprintf(" and %d more", len(s)-8)
	}
	return strings.Join(s, ", ")
}

func readLimited(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("is larger than %d KB, more than a catalogue can be", maxFile>>10)
	}
	return data, nil
}

// parseFile reads one catalogue. With en set, its keys and placeholders are
// the only ones allowed, and every message that breaks a rule is reported
// and left out.
func parseFile(rel string, data []byte, en map[string]Message) (map[string]Message, []Problem) {
	msgs := map[string]Message{}
	var probs []Problem
	bad := func(line int, f string, a ...any) {
		probs = append(probs, Problem{Path: rel, Line: max(line, 1), Message: fmt.Sprintf(f, a...)})
	}
	if !utf8.Valid(data) {
		bad(1, "is not UTF-8 text: save it as UTF-8")
		return msgs, probs
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		bad(yamlLine(err), "is not valid YAML: %s", yamlMsg(err))
		return msgs, probs
	}
	if len(doc.Content) == 0 {
		return msgs, probs // an empty file overrides nothing
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		bad(top.Line, "must be a list of key: message lines")
		return msgs, probs
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		key := k.Value
		if k.Kind != yaml.ScalarNode || key == "" {
			bad(k.Line, "a message's key must be a word such as agreement.title")
			continue
		}
		if _, dup := msgs[key]; dup {
			bad(k.Line, "%s is given twice", key)
			continue
		}
		var ref Message
		if en != nil {
			var known bool
			if ref, known = en[key]; !known {
				bad(k.Line, "%s is not a message rapport has (misspelt? see the embedded en.yaml for the keys)", key)
				continue
			}
		}
		m := Message{Forms: map[string]string{}, Line: k.Line}
		switch v.Kind {
		case yaml.ScalarNode:
			if v.Tag != "!!str" {
				bad(v.Line, "%s: write the message as text; quote it if it looks like a number or yes/no", key)
				continue
			}
			m.Forms["other"] = v.Value
		case yaml.MappingNode:
			ok := true
			for j := 0; j+1 < len(v.Content); j += 2 {
				fk, fv := v.Content[j], v.Content[j+1]
				if !slices.Contains(pluralForms, fk.Value) || fv.Kind != yaml.ScalarNode || fv.Tag != "!!str" {
					bad(fk.Line, "%s: a counted message gives its text for zero, one, two, few, many and other", key)
					ok = false
					break
				}
				m.Forms[fk.Value] = fv.Value
			}
			if !ok {
				continue
			}
			if _, has := m.Forms["other"]; !has {
				bad(v.Line, "%s: a counted message needs its other form", key)
				continue
			}
		default:
			bad(v.Line, "%s: write the message as text", key)
			continue
		}
		if en != nil {
			allowed := ref.placeholders()
			var unknown []string
			for _, p := range m.placeholders() {
				if !slices.Contains(allowed, p) && !(p == "nw" && slices.Contains(allowed, "n")) && !(p == "n" && slices.Contains(allowed, "nw")) {
					unknown = append(unknown, "{"+p+"}")
				}
			}
			if len(unknown) > 0 {
				have := "none"
				if len(allowed) > 0 {
					have = "{" + strings.Join(allowed, "}, {") + "}"
				}
				bad(k.Line, "%s: %s is not a value this message has (it has %s)", key, strings.Join(unknown, ", "), have)
				continue
			}
		}
		m.parts = map[string][]part{}
		for f, text := range m.Forms {
			m.parts[f] = parse(text)
		}
		msgs[key] = m
	}
	return msgs, probs
}

func yamlLine(err error) int {
	var n int
	if _, e := fmt.Sscanf(yamlMsg(err), "line %d:", &n); e == nil {
		return n
	}
	return 1
}

func yamlMsg(err error) string {
	return strings.TrimPrefix(strings.TrimPrefix(err.Error(), "yaml: "), "unmarshal errors:\n  ")
}

// Supported lists the languages handouts can be given in, English first.
func (c *Catalogues) Supported() []string {
	var out []string
	for _, t := range c.tags {
		out = append(out, t.String())
	}
	return out
}

// UnknownError is a language tag that is not one, or that no catalogue
// serves.
type UnknownError struct {
	Tag       string
	Malformed bool
	Supported []string
}

func (e *UnknownError) Error() string {
	if e.Malformed {
		return fmt.Sprintf("%q is not a language tag (such as de, fr-CA or pt-BR); handouts can be given in %s", e.Tag, strings.Join(e.Supported, ", "))
	}
	return fmt.Sprintf("there are no handouts in %q; they can be given in %s", e.Tag, strings.Join(e.Supported, ", "))
}

// Match finds the catalogue for a language tag: de-AT finds German. An
// empty tag is English. A tag that is malformed or that no catalogue serves
// is an *UnknownError, with English to go on with.
func (c *Catalogues) Match(tag string) (*Lang, error) {
	i, err := match(c.matcher, c.Supported(), tag)
	return c.lang(i), err
}

func match(m language.Matcher, supported []string, tag string) (int, error) {
	tag = strings.TrimSpace(tag)
	if tag == "" {
		return 0, nil
	}
	t, err := language.Parse(tag)
	if err != nil {
		return 0, &UnknownError{Tag: tag, Malformed: true, Supported: supported}
	}
	_, i, conf := m.Match(t)
	if conf == language.No {
		return 0, &UnknownError{Tag: tag, Supported: supported}
	}
	return i, nil
}

// CheckTag says whether handouts can be given in tag, looking only at
// which catalogues there are (by their file names), not reading them: what
// check asks of every agreement. Nil for a tag that is served or empty.
func CheckTag(root, tag string) error {
	if strings.TrimSpace(tag) == "" {
		return nil
	}
	names := []string{Source}
	if entries, err := fs.ReadDir(templates.FS, Dir); err == nil {
		for _, e := range entries {
			if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && n != Source {
				names = append(names, n)
			}
		}
	}
	if root != "" {
		entries, _ := os.ReadDir(filepath.Join(root, "templates", Dir))
		for _, e := range entries {
			n, ok := strings.CutSuffix(e.Name(), ".yaml")
			if t, err := language.Parse(n); ok && err == nil && t.String() == n && e.Type().IsRegular() && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	sort.Strings(names[1:])
	tags := make([]language.Tag, len(names))
	for i, n := range names {
		tags[i] = language.MustParse(n)
	}
	_, err := match(language.NewMatcher(tags), names, tag)
	return err
}

// lang is the Lang of supported tag i, made once.
func (c *Catalogues) lang(i int) *Lang {
	tag := c.tags[i]
	name := tag.String()
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.langs[name]; ok {
		return l
	}
	l := &Lang{tag: tag, print: message.NewPrinter(tag)}
	// The language's own messages, then those of the languages it is
	// derived from (pt for pt-BR), each the practice's before the
	// embedded, then English.
	for t := tag; ; t = t.Parent() {
		n := t.String()
		if m, ok := c.own[n]; ok {
			l.layers = append(l.layers, m)
		}
		if m, ok := c.embedded[n]; ok {
			l.layers = append(l.layers, m)
		}
		if t.IsRoot() || n == Source {
			break
		}
	}
	l.own = len(l.layers)
	if name != Source {
		if m, ok := c.own[Source]; ok {
			l.layers = append(l.layers, m)
		}
		l.layers = append(l.layers, c.embedded[Source])
	}
	l.literals = sync.OnceValue(l.collectLiterals)
	c.langs[name] = l
	return l
}

// Missing are the keys English has that the embedded catalogue tag does not.
func (c *Catalogues) Missing(tag string) []string {
	var out []string
	for k := range c.embedded[Source] {
		if _, ok := c.embedded[tag][k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
