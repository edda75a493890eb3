package scaffold

import (
	"fmt"
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

// Scalar writes s as a YAML scalar, quoting it only when YAML needs it, so a
// name, an action or a code of ethics can never break the frontmatter.
func Scalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return `""`
	}
	return strings.TrimSuffix(string(out), "\n")
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
