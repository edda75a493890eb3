package render

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/i18n"
)

// This file chooses the language a client's handouts are written in and
// gives the layouts and the PDF builder its messages, dates and numbers.

// english is the embedded English catalogue: the language of a handout made
// without catalogues, and of the coach's own documents.
var english = sync.OnceValue(func() *i18n.Lang {
	c, err := i18n.Load("")
	if err != nil {
		panic(fmt.Sprintf("the embedded catalogues cannot be read: %v", err)) // a build error, caught by every test
	}
	l, _ := c.Match(i18n.Source)
	return l
})

// LanguageOf is the language tag a job's handouts ask for: the agreement's
// language, else the practice's handouts.language, else "" for English.
func LanguageOf(s *records.Settings, a *records.Agreement) string {
	if a != nil && strings.TrimSpace(a.Language) != "" {
		return a.Language
	}
	if s != nil {
		return s.Handouts.Language
	}
	return ""
}

// langFor is the catalogue language of a job's handout. A tag no catalogue
// serves gives English: check reports it as language-unknown.
func langFor(job Job) (*i18n.Lang, error) {
	cats := job.Catalogues
	if cats == nil {
		var err error
		if cats, err = i18n.Load(job.Practice.Root); err != nil {
			return nil, err
		}
	}
	l, err := cats.Match(LanguageOf(job.Practice.Settings, job.Agreement))
	var unknown *i18n.UnknownError
	if errors.As(err, &unknown) {
		return l, nil
	}
	return l, err
}

// lang is the handout's language, English when it has none.
func (h *Handout) lang() *i18n.Lang {
	if h.Lang == nil {
		return english()
	}
	return h.Lang
}

// t is a message in the handout's language.
func (h *Handout) t(key string, args ...any) string { return h.lang().T(key, args...) }

// longDate is a date with its weekday in the handout's language; "" when unset.
func (h *Handout) longDate(d records.Date) string {
	if d.IsZero() {
		return ""
	}
	return h.lang().LongDate(d.Time())
}

// shortDate is a compact date in the handout's language; "" when unset.
func (h *Handout) shortDate(d records.Date) string {
	if d.IsZero() {
		return ""
	}
	return h.lang().ShortDate(d.Time())
}

// langFuncs are the template functions that speak the handout's language.
func langFuncs(l *i18n.Lang) template.FuncMap {
	return template.FuncMap{
		"t": l.HTML,
		"longdate": func(d records.Date) string {
			if d.IsZero() {
				return ""
			}
			return l.LongDate(d.Time())
		},
		"shortdate": func(d records.Date) string {
			if d.IsZero() {
				return ""
			}
			return l.ShortDate(d.Time())
		},
		"status": func(s string) string { return statusWord(l, s) },
		"lang":   l.Tag,
		"dir":    l.Dir,
		// pages is the @bottom-right content: "1 of 3" with the counters.
		"pages": func() template.CSS { return pagesCSS(l.T("handout.page_of", "page", "\x00page", "pages", "\x00pages")) },
	}
}

// pagesCSS turns a message holding the page counters (marked by NUL) into
// CSS content: counters and quoted strings, every character of the
// strings escaped so nothing in a catalogue can end the rule.
func pagesCSS(s string) template.CSS {
	var out []string
	rest := s
	for rest != "" {
		i := strings.IndexByte(rest, 0)
		if i < 0 {
			out = append(out, cssString(rest))
			break
		}
		if i > 0 {
			out = append(out, cssString(rest[:i]))
		}
		rest = rest[i+1:]
		switch {
		case strings.HasPrefix(rest, "pages"):
			out = append(out, "counter(pages)")
			rest = rest[len("pages"):]
		case strings.HasPrefix(rest, "page"):
			out = append(out, "counter(page)")
			rest = rest[len("page"):]
		}
	}
	return template.CSS(strings.Join(out, " ")) // #nosec: strings escaped by cssString
}

// cssString quotes s for CSS, escaping everything but letters, digits and spaces.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == ' ' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			continue
		}
		fmt.Fprintf(&b, "\\%06x", r)
	}
	b.WriteByte('"')
	return b.String()
}

// statusWord is a goal's status in the language; a status the catalogue
// does not know is shown as the record writes it.
func statusWord(l *i18n.Lang, s string) string {
	if l.Has("status." + s) {
		return l.T("status." + s)
	}
	return s
}

// mailtoLink is an e-mail address as a link, escaped as the layouts
// escape any address.
var mailtoLink = template.Must(template.New("mailto").Parse(`<a href="mailto:{{.}}">{{.}}</a>`))

func mailto(addr string) (template.HTML, error) {
	var b strings.Builder
	if err := mailtoLink.Execute(&b, addr); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // #nosec: escaped by html/template
}

// credited is the coach's name, in <bdi>, with their credential.
func credited(name, credential string) template.HTML {
	s := "<bdi>" + template.HTMLEscapeString(name) + "</bdi>"
	if credential != "" {
		s += " (" + template.HTMLEscapeString(credential) + ")"
	}
	return template.HTML(s) // #nosec: escaped
}
