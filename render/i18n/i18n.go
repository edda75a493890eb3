// Package i18n holds the fixed text of client handouts in the client's own
// language: message catalogues, one YAML file per language under
// templates/i18n/, read from the embedded defaults and overridden message by
// message by a practice's own templates/i18n/<lang>.yaml; and the dates,
// numbers and money of a handout written as that language writes them.
//
// A message is a string with {name} placeholders, or, where it counts
// something, a map from plural category (zero, one, two, few, many, other)
// to such a string, chosen by the {n} argument under CLDR's plural rules.
package i18n

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/currency"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Source is the language every catalogue is measured against: a message
// English has is a message every language must have.
const Source = "en"

// Lang is the messages of one language, with English beneath them for any a
// practice's own catalogue leaves out. It is safe for concurrent use.
type Lang struct {
	tag    language.Tag
	layers []map[string]Message // most specific first; English last
	print  *message.Printer

	literals func() []string
	own      int // how many of layers are the language's own, before English
}

// Tag is the language's BCP 47 tag, for <html lang> and the PDF's /Lang.
func (l *Lang) Tag() string { return l.tag.String() }

// Dir is "rtl" for a language written right to left, else "ltr".
func (l *Lang) Dir() string {
	s, _ := l.tag.Script()
	switch s.String() {
	case "Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Mend":
		return "rtl"
	}
	return "ltr"
}

// lookup finds a message in the most specific layer that has it.
func (l *Lang) lookup(key string) (Message, bool) {
	for _, m := range l.layers {
		if msg, ok := m[key]; ok {
			return msg, true
		}
	}
	return Message{}, false
}

// T is the message key in this language with its placeholders filled from
// args, given as name, value pairs. An argument named n chooses the plural
// form. A key no catalogue has is returned as written, so a missing message
// shows rather than vanishes.
func (l *Lang) T(key string, args ...any) string {
	s, _ := l.expand(key, args, func(v any) string { return l.value(v) }, func(s string) string { return s })
	return s
}

// HTML is T for a page: the message's text is escaped, and so is every
// argument except those already template.HTML (such as a name in <bdi>).
func (l *Lang) HTML(key string, args ...any) template.HTML {
	s, _ := l.expand(key, args, func(v any) string {
		if h, ok := v.(template.HTML); ok {
			return string(h)
		}
		return template.HTMLEscapeString(l.value(v))
	}, template.HTMLEscapeString)
	return template.HTML(s) // #nosec: every part escaped above
}

// value is an argument as text: numbers in the language's digits.
func (l *Lang) value(v any) string {
	switch n := v.(type) {
	case int:
		return l.Number(n)
	case string:
		return n
	case template.HTML:
		return string(n)
	}
	return fmt.Sprint(v)
}

func (l *Lang) expand(key string, args []any, arg func(any) string, lit func(string) string) (string, bool) {
	msg, ok := l.lookup(key)
	if !ok {
		return lit(key), false
	}
	named := func(name string) (any, bool) {
		for i := 0; i+1 < len(args); i += 2 {
			if k, ok := args[i].(string); ok && k == name {
				return args[i+1], true
			}
		}
		return nil, false
	}
	parts := msg.parts["other"]
	if len(msg.parts) > 1 {
		if v, ok := named("n"); ok {
			if n, ok := v.(int); ok {
				parts = msg.form(l.tag, n)
			}
		}
	}
	if len(parts) == 1 && parts[0].name == "" {
		return lit(parts[0].text), true
	}
	var b strings.Builder
	for _, p := range parts {
		if p.name == "" {
			b.WriteString(lit(p.text))
			continue
		}
		v, ok := named(p.name)
		switch {
		case !ok:
			b.WriteString(lit("{" + p.name + "}"))
		case p.name == "nw":
			b.WriteString(lit(l.words(v)))
		default:
			b.WriteString(arg(v))
		}
	}
	return b.String(), true
}

// words is a small count in words ("six"), where the catalogue lists them
// under number.words, else in digits.
func (l *Lang) words(v any) string {
	n, ok := v.(int)
	if !ok {
		return l.value(v)
	}
	if ws := strings.Fields(l.T("number.words")); n >= 0 && n < len(ws) && l.Has("number.words") {
		return ws[n]
	}
	return l.Number(n)
}

// Has reports whether any catalogue of the language has the message.
func (l *Lang) Has(key string) bool { _, ok := l.lookup(key); return ok }

// formNames are the plural categories by CLDR form.
var formNames = map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many"}

// form picks the plural form for n, falling back to other.
func (m Message) form(tag language.Tag, n int) []part {
	if p, ok := m.parts[formNames[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]]; ok {
		return p
	}
	return m.parts["other"]
}

// Number is a whole number with the language's digit grouping: 1,500 or 1.500.
func (l *Lang) Number(n int) string {
	return l.print.Sprint(number.Decimal(n))
}

// Money is an amount as the language writes it, "£1,500" or "1.500,50 €";
// cents are shown only when there are some.
func (l *Lang) Money(amount float64, code string) string {
	cents := int64(amount*100+0.5) % 100
	var a string
	if cents == 0 {
		a = l.print.Sprint(number.Decimal(int64(amount + 0.5)))
	} else {
		a = l.print.Sprint(number.Decimal(amount, number.MinFractionDigits(2), number.MaxFractionDigits(2)))
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return a
	}
	u, err := currency.ParseISO(code)
	if err != nil {
		return l.T("money.code", "amount", a, "code", code)
	}
	sym := l.print.Sprint(currency.Symbol(u))
	if sym == code || strings.Trim(sym, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return l.T("money.code", "amount", a, "code", code)
	}
	return l.T("money.symbol", "amount", a, "symbol", sym)
}

// LongDate is a date with its weekday, as a handout's headings and
// sentences print it: "Wednesday 2 December 2026", "Mittwoch, 2. Dezember 2026".
func (l *Lang) LongDate(t time.Time) string { return l.date("date.long", t) }

// ShortDate is a compact date for tables and footers: "2 Dec 2026".
func (l *Lang) ShortDate(t time.Time) string { return l.date("date.short", t) }

// DayMonth is a date within the year: "2 December".
func (l *Lang) DayMonth(t time.Time) string { return l.date("date.day_month", t) }

func (l *Lang) date(key string, t time.Time) string {
	return l.T(key,
		"weekday", l.T("weekday."+strconv.Itoa(int(t.Weekday()))),
		"day", strconv.Itoa(t.Day()),
		"month", l.T("month."+strconv.Itoa(int(t.Month()))),
		"mon", l.T("month_short."+strconv.Itoa(int(t.Month()))),
		"year", strconv.Itoa(t.Year()))
}

// part is a literal run of a message, or a placeholder when name is set.
type part struct{ text, name string }

// parse splits a message into literal runs and {name} placeholders. A brace
// that does not open a placeholder is literal.
func parse(s string) []part {
	var out []part
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			out = append(out, part{text: s})
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 || !isName(s[i+1:i+j]) {
			out = append(out, part{text: s[:i+1]})
			s = s[i+1:]
			continue
		}
		if i > 0 {
			out = append(out, part{text: s[:i]})
		}
		out = append(out, part{name: s[i+1 : i+j]})
		s = s[i+j+1:]
	}
	return out
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// placeholders are the names a message's forms use, sorted.
func (m Message) placeholders() []string {
	seen := map[string]bool{}
	for _, f := range m.Forms {
		for _, p := range parse(f) {
			if p.name != "" {
				seen[p.name] = true
			}
		}
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Literals are the fixed runs of every message of the language, without
// their placeholders: the text a handout in this language prints by right.
func (l *Lang) Literals() []string { return l.literals() }

// OwnLiterals are Literals without English beneath: the text the
// language's own catalogues give.
func (l *Lang) OwnLiterals() []string { return collect(l.layers[:l.own]) }

func (l *Lang) collectLiterals() []string { return collect(l.layers) }

func collect(layers []map[string]Message) []string {
	var out []string
	for _, layer := range layers {
		for _, m := range layer {
			for _, f := range m.Forms {
				for _, p := range parse(f) {
					if p.name == "" && strings.TrimSpace(p.text) != "" {
						out = append(out, p.text)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
