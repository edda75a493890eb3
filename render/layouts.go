package render

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/i18n"
	"github.com/rapport-coach/rapport/templates"
)

// The folders under templates/ that hold the handouts' layouts and styles.
const (
	LayoutsDir = "layouts"
	CSSDir     = "css"
	baseLayout = "base.html"
)

// Layouts are the parsed HTML layouts of every handout kind and the CSS
// inlined into each file. A practice's own templates/layouts/<file> and
// templates/css/<file> replace the embedded ones file by file.
type Layouts struct {
	// pages are the parsed layouts, never executed themselves: each
	// language gets a copy whose functions speak it (see forLang).
	pages map[Kind]*template.Template
	css   template.CSS

	mu     sync.Mutex
	byLang map[string]map[Kind]*template.Template // by language tag
	// Files are the layout and CSS files used, practice-relative for a
	// practice's own ("templates/css/handout.css") and "embedded:..." for
	// the defaults, so a build knows what its output depends on.
	Files []string
	// Catalogues are the handouts' messages in every language, read with
	// the layouts from the same templates/ folder; jobs made with these
	// layouts should carry them (Job.Catalogues).
	Catalogues *i18n.Catalogues
}

// LoadLayouts reads the layouts and CSS, preferring the practice's own files
// under root/templates. An empty root uses the embedded defaults only.
func LoadLayouts(root string) (*Layouts, error) {
	src := layered{root: root}
	l := &Layouts{pages: map[Kind]*template.Template{}, byLang: map[string]map[Kind]*template.Template{}}
	base, err := src.read(path.Join(LayoutsDir, baseLayout), &l.Files)
	if err != nil {
		return nil, err
	}
	funcs := templateFuncs()
	baseT, err := template.New(baseLayout).Funcs(funcs).Parse(string(base))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src.where(path.Join(LayoutsDir, baseLayout)), err)
	}
	for _, k := range append(slices.Clone(Kinds), CoachKinds...) {
		name := path.Join(LayoutsDir, string(k)+".html")
		text, err := src.read(name, &l.Files)
		if err != nil {
			return nil, err
		}
		t, err := baseT.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.New(string(k) + ".html").Parse(string(text)); err != nil {
			return nil, fmt.Errorf("%s: %w", src.where(name), err)
		}
		l.pages[k] = t
	}
	names, err := src.list(CSSDir, ".css")
	if err != nil {
		return nil, err
	}
	var css strings.Builder
	for _, n := range names {
		text, err := src.read(path.Join(CSSDir, n), &l.Files)
		if err != nil {
			return nil, err
		}
		if strings.Contains(strings.ToLower(string(text)), "</style") {
			return nil, fmt.Errorf("%s: a style sheet may not contain </style>", src.where(path.Join(CSSDir, n)))
		}
		css.Write(bytes.TrimSpace(text))
		css.WriteString("\n")
	}
	l.css = template.CSS(css.String()) // #nosec: the coach's own style sheets, checked above
	if l.Catalogues, err = i18n.Load(root); err != nil {
		return nil, err
	}
	l.Files = append(l.Files, l.Catalogues.Files...)
	return l, nil
}

// forLang is the layout of kind k whose messages, dates and numbers are
// in the language tag names, from these layouts' catalogues, made once
// for each language.
func (l *Layouts) forLang(k Kind, tag string) (*template.Template, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if set, ok := l.byLang[tag]; ok {
		return set[k], nil
	}
	lang, err := l.Catalogues.Match(tag)
	if err != nil {
		return nil, err
	}
	set := map[Kind]*template.Template{}
	for kind, t := range l.pages {
		c, err := t.Clone()
		if err != nil {
			return nil, err
		}
		set[kind] = c.Funcs(langFuncs(lang))
	}
	l.byLang[tag] = set
	return set[k], nil
}

// layered finds a template file in the practice's templates/ folder first,
// then among the embedded defaults.
type layered struct{ root string }

func (s layered) own(name string) string {
	if s.root == "" {
		return ""
	}
	return filepath.Join(s.root, "templates", filepath.FromSlash(name))
}

func (s layered) where(name string) string {
	if p := s.own(name); p != "" {
		if _, err := os.Stat(p); err == nil {
			return "templates/" + name
		}
	}
	return "embedded templates/" + name
}

func (s layered) read(name string, used *[]string) ([]byte, error) {
	if p := s.own(name); p != "" {
		data, err := os.ReadFile(p)
		if err == nil {
			*used = append(*used, "templates/"+name)
			return data, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("reading templates/%s: %w", name, err)
		}
	}
	data, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		return nil, fmt.Errorf("reading embedded templates/%s: %w", name, err)
	}
	*used = append(*used, "embedded:"+name)
	return data, nil
}

// list is the union of the embedded and the practice's files in dir, sorted,
// so a practice can add a style sheet as well as replace one.
func (s layered) list(dir, ext string) ([]string, error) {
	seen := map[string]bool{}
	entries, err := fs.ReadDir(templates.FS, dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ext) {
			seen[e.Name()] = true
		}
	}
	if p := s.own(dir); p != "" {
		own, err := os.ReadDir(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		for _, e := range own {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ext) && !strings.HasPrefix(e.Name(), ".") {
				seen[e.Name()] = true
			}
		}
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// HTML writes the handout as one self-contained HTML file: styles inlined,
// no scripts, no fonts or images to fetch.
func HTML(w io.Writer, h *Handout, l *Layouts) error {
	if _, ok := l.pages[h.Kind]; !ok {
		return fmt.Errorf("there is no layout for %s handouts", h.Kind)
	}
	t, err := l.forLang(h.Kind, h.lang().Tag())
	if err != nil {
		return err
	}
	// A layout sees the handout and what this writer adds to a copy of it.
	// (Wrapping the handout in a struct that embeds it would do the same,
	// but text/template then finds every field by a slow embedded search.)
	p := *h
	p.CSS, p.PageCSS, p.Footer = l.css, pageCSS(h.Paper), FooterLine(h)
	// The page is laid out in full before any of it is written, so a layout
	// that fails halfway leaves nothing behind.
	b := getBuffer()
	defer putBuffer(b)
	if err := t.ExecuteTemplate(b, baseLayout, &p); err != nil {
		return fmt.Errorf("laying out %s: %w", h.ID, err)
	}
	if err := h.guard.checkHTML(b.Bytes()); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// Page and Markdown output buffers are reused across handouts: a page is
// tens of kilobytes, and growing a fresh buffer to that size for each one
// was a third of all the memory a build allocated. One outsized handout
// should not pin its memory, so buffers past maxPooled are let go.
const maxPooled = 1 << 20

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		b.Reset()
		buffers.Put(b)
	}
}

// mdOutput is a buffer with the bufio.Writer goldmark writes through: it
// makes one per call unless it is given one.
type mdOutput struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var mdOutputs = sync.Pool{New: func() any {
	o := new(mdOutput)
	o.w = bufio.NewWriter(&o.buf)
	return o
}}

func (o *mdOutput) put() {
	if o.buf.Cap() <= maxPooled {
		o.buf.Reset()
		o.w.Reset(&o.buf)
		mdOutputs.Put(o)
	}
}

// pageCSS is the @page rule. Paper is only ever A4 or Letter (see Paper),
// so nothing from a record reaches the style sheet.
func pageCSS(paper string) template.CSS {
	size := "A4"
	if paper == "Letter" {
		size = "letter"
	}
	return template.CSS("@page { size: " + size + "; margin: 18mm 18mm 22mm; }")
}

// FooterLine is the line printed at the foot of every page, so a printed
// copy can be traced to the records it came from.
func FooterLine(h *Handout) string {
	parts := []string{h.PracticeName, h.ClientName}
	if h.Draft {
		parts = append([]string{h.t("handout.draft_mark")}, parts...)
	}
	if d := h.shortDate(h.Date); d != "" {
		parts = append(parts, d)
	}
	switch r := h.Revision; {
	case r.Commit != "" && r.Modified:
		parts = append(parts, h.t("handout.revision_modified", "commit", r.Commit))
	case r.Commit != "":
		parts = append(parts, h.t("handout.revision", "commit", r.Commit))
	case r.Modified:
		parts = append(parts, h.t("handout.uncommitted"))
	}
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "  ·  ")
}

// templateFuncs are the layouts' functions; langFuncs replaces those that
// speak a language in each language's copy.
func templateFuncs() template.FuncMap {
	f := template.FuncMap{
		// bdi and strong mark up a value passed to t, which escapes it.
		"bdi": func(s string) template.HTML {
			return template.HTML("<bdi>" + template.HTMLEscapeString(s) + "</bdi>") // #nosec: escaped
		},
		"mailto":   mailto,
		"credited": credited,
		"strong": func(s any) template.HTML {
			v, ok := s.(template.HTML)
			if !ok {
				v = template.HTML(template.HTMLEscapeString(fmt.Sprint(s))) // #nosec: escaped
			}
			return "<strong>" + v + "</strong>"
		},
		"longdate":  LongDate,
		"shortdate": ShortDate,
		"count":     records.CountWords,
		"cpd":       CPD,
		"markdown":  markdownHTML,
		"lines": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
		"scale": func() []int { return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} },
		// rules and scaleItems write what {{range lines N}}<div class="rule"></div>{{end}}
		// and {{range scale}}<li>{{.}}</li>{{end}} would, in one call instead of
		// a template loop per line: they are on every session handout.
		"rules": func(n int) template.HTML {
			return template.HTML(strings.Repeat(`<div class="rule"></div>`, max(n, 0)))
		},
		"scaleItems": func() template.HTML { return scaleItems },
		"join":       strings.Join,
		"add":        func(a, b int) int { return a + b },
		"numbers": func(ns []int) string {
			var s []string
			for _, n := range ns {
				s = append(s, fmt.Sprint(n))
			}
			return strings.Join(s, ", ")
		},
		"isZero": func(d records.Date) bool { return d.IsZero() },
	}
	maps.Copy(f, langFuncs(english()))
	return f
}

const scaleItems template.HTML = "<li>1</li><li>2</li><li>3</li><li>4</li><li>5</li><li>6</li><li>7</li><li>8</li><li>9</li><li>10</li>"

// markdownHTML writes a Doc as HTML. The Doc has been defused by Parse, and
// goldmark's renderer escapes all text, so the result is safe to embed.
func markdownHTML(d *Doc) (template.HTML, error) {
	if d.IsEmpty() {
		return "", nil
	}
	o := mdOutputs.Get().(*mdOutput)
	defer o.put()
	if err := htmlRenderer().Render(o.w, d.Source, d.Root); err != nil {
		return "", err
	}
	if err := o.w.Flush(); err != nil {
		return "", err
	}
	return template.HTML(o.buf.String()), nil // #nosec: defused and escaped above
}
