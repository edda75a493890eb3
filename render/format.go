package render

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/records"
)

// LongDate is a date as a handout prints it: "Wednesday 2 December 2026".
// Handouts are read by people, so the weekday helps; "" when unset.
func LongDate(d records.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("Monday 2 January 2006")
}

// ShortDate is a compact date for tables and footers: "2 Dec 2026".
func ShortDate(d records.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

// numberWords spells small counts, which read better in a sentence.
var numberWords = []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

// Count is n with a noun, spelled for small numbers: "six sessions", "one session".
func Count(n int, noun string) string {
	w := strconv.Itoa(n)
	if n >= 0 && n < len(numberWords) {
		w = numberWords[n]
	}
	if n != 1 {
		noun += "s"
	}
	return w + " " + noun
}

// modeWords says how sessions take place.
func modeWords(mode string) string {
	switch strings.ToLower(mode) {
	case "video":
		return "by video"
	case "phone", "telephone":
		return "by phone"
	case "in-person", "in person", "face-to-face":
		return "in person"
	case "":
		return ""
	}
	return mode
}

// termsWords is an engagement's shape in one sentence: "Six sessions of 60
// minutes, fortnightly, by video."
func termsWords(t records.Terms) string {
	if t.Count == 0 && t.Minutes == 0 {
		return ""
	}
	var parts []string
	s := Count(t.Count, "session")
	if t.Count == 0 {
		s = "Sessions"
	}
	if t.Minutes > 0 {
		s += fmt.Sprintf(" of %d minutes", t.Minutes)
	}
	parts = append(parts, s)
	if t.Frequency != "" {
		parts = append(parts, t.Frequency)
	}
	if m := modeWords(t.Mode); m != "" {
		parts = append(parts, m)
	}
	return capitalize(strings.Join(parts, ", "))
}

// capitalize upper-cases the first letter, whatever its script.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

var currencySymbols = map[string]string{"GBP": "£", "EUR": "€", "USD": "$", "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}

// Money is an amount as people write it: "£1,500", "€82.50", "1,200 CHF".
func Money(amount float64, currency string) string {
	whole := int64(amount)
	s := groupThousands(whole)
	if cents := int64(amount*100+0.5) - whole*100; cents != 0 {
		s += fmt.Sprintf(".%02d", cents)
	}
	if sym, ok := currencySymbols[strings.ToUpper(currency)]; ok {
		return sym + s
	}
	if currency == "" {
		return s
	}
	return s + " " + currency
}

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// feesWords is the fee in a sentence.
func feesWords(a *records.Agreement) string {
	if a.IsProBono() {
		return "Pro bono: there is no fee"
	}
	if a.Fees.Amount == 0 {
		return ""
	}
	s := Money(a.Fees.Amount, a.Fees.Currency)
	switch basis := strings.ToLower(a.Fees.Basis); basis {
	case "":
	case "package":
		s += " for the whole package of sessions"
	case "per session", "session", "per-session":
		s += " per session"
	default:
		s += " (" + a.Fees.Basis + ")"
	}
	return s
}

// heldByWords says who keeps the records, speaking to the client.
func heldByWords(heldBy, coach string) string {
	switch strings.ToLower(heldBy) {
	case "coach":
		if coach != "" {
			return "Your coach, " + coach
		}
		return "Your coach"
	case "client":
		return "You"
	case "both":
		return "Both of us: your coach keeps the coaching records, and you keep your own copies"
	}
	return heldBy
}

// sentence makes sure a phrase starts with a capital and ends with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	s = capitalize(s)
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return s
}
