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
		"count": count,
		"mode":  mode,
		"fee":   fee,
		"money": money,
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

var numberWords = []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

// count says how many of a thing in words: count 6 "session" is "six sessions".
func count(n int, noun string) string {
	w := strconv.Itoa(n)
	if n >= 0 && n < len(numberWords) {
		w = numberWords[n]
	}
	if n != 1 {
		noun += "s"
	}
	return w + " " + noun
}

// mode says how sessions happen: "by video", "in person", "by phone".
func mode(m string) string {
	switch strings.ToLower(strings.TrimSpace(m)) {
	case "":
		return "in the way we agree"
	case "in-person", "in person", "face-to-face", "face to face":
		return "in person"
	case "phone", "telephone":
		return "by phone"
	case "video", "online", "zoom":
		return "by video"
	default:
		return "by " + m
	}
}

var currencySigns = map[string]string{"GBP": "£", "EUR": "€", "USD": "$", "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}

// money writes an amount in a currency the way a client reads it: £900, 900 CHF.
func money(amount float64, currency string) string {
	n := strconv.FormatFloat(amount, 'f', -1, 64)
	if strings.Contains(n, ".") {
		n = strconv.FormatFloat(amount, 'f', 2, 64)
	}
	if sign, ok := currencySigns[strings.ToUpper(currency)]; ok {
		return sign + n
	}
	if currency == "" {
		return n
	}
	return n + " " + currency
}

// fee is the sentence of an agreement that says what the coaching costs.
func fee(f records.Fees, t records.Terms) string {
	if f.ProBono {
		return "This coaching is pro bono: there is no fee."
	}
	m := money(f.Amount, f.Currency)
	switch strings.ToLower(strings.TrimSpace(f.Basis)) {
	case "package", "":
		return fmt.Sprintf("The fee is %s for the whole package of %s.", m, count(t.Count, "session"))
	case "per session", "per-session", "session":
		return fmt.Sprintf("The fee is %s a session.", m)
	default:
		return fmt.Sprintf("The fee is %s (%s).", m, f.Basis)
	}
}
