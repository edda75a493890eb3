package scaffold

import (
	"fmt"
	"strconv"
	"strings"
	"text/template"

	"gopkg.in/yaml.v3"

	"github.com/rapport-coach/rapport/records"
)

// Funcs are the functions every scaffold may call. They turn values into
// safe YAML and into the plain words an agreement is written in.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"yaml":  Scalar,
		"count": records.CountWords,
		"mode":  mode,
		"fee":   fee,
		"money": records.Money,
		"pad":   func(n int) string { return fmt.Sprintf("%02d", n) },
	}
}

// Scalar writes s as a YAML scalar on one line, quoting it only when YAML
// needs it, so a name, an action or a code of ethics can never break the
// frontmatter and reads back exactly as it was: "yes", "null", "123" or
// "2026-01-01" stay text, "#", ": ", "- ", "[", "&", "*" and "!" stay part of
// the value, and spaces at either end are kept. A value that plain or
// single quotes cannot carry on one line (a line break read from a record)
// is double-quoted with YAML's escapes.
func Scalar(s string) string {
	if out, err := yaml.Marshal(s); err == nil {
		if v := strings.TrimSuffix(string(out), "\n"); readsBack(v, s) {
			return v
		}
	}
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle})
	if v := strings.TrimSuffix(string(out), "\n"); err == nil && readsBack(v, s) {
		return v
	}
	// Not even double quotes carry it (invalid UTF-8): write what
	// Go would, which YAML reads as a double-quoted string.
	return strconv.QuoteToASCII(s)
}

// readsBack reports whether the scalar v, written on one line where a
// scaffold puts it (after "key: ", before a comment), decodes to s.
func readsBack(v, s string) bool {
	if strings.ContainsAny(v, "\n\r\u0085\u2028\u2029") {
		return false
	}
	var m map[string]string
	if err := yaml.Unmarshal([]byte("k: "+v+"   # comment\n"), &m); err != nil {
		return false
	}
	return m["k"] == s
}

// mode says how sessions happen: "by video", "in person", "by phone", and
// leaves it open when the practice has no default.
func mode(m string) string {
	if w := records.ModeWords(m); w != "" {
		return w
	}
	return "in the way we agree"
}

// fee is the sentence of an agreement that says what the coaching costs.
func fee(f records.Fees, t records.Terms) string {
	if f.ProBono {
		return "This coaching is pro bono: there is no fee."
	}
	m := records.Money(f.Amount, f.Currency)
	switch strings.ToLower(strings.TrimSpace(f.Basis)) {
	case "package", "":
		return fmt.Sprintf("The fee is %s for the whole package of %s.", m, records.CountWords(t.Count, "session"))
	case "per session", "per-session", "session":
		return fmt.Sprintf("The fee is %s a session.", m)
	default:
		return fmt.Sprintf("The fee is %s (%s).", m, f.Basis)
	}
}
