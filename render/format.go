package render

import (
	"fmt"
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

// termsWords is an engagement's shape in one sentence: "Six sessions of 60
// minutes, fortnightly, by video."
func termsWords(t records.Terms) string {
	if t.Count == 0 && t.Minutes == 0 {
		return ""
	}
	var parts []string
	s := records.CountWords(t.Count, "session")
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
	if m := records.ModeWords(t.Mode); m != "" {
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

// feesWords is the fee in a sentence.
func feesWords(a *records.Agreement) string {
	if a.IsProBono() {
		return "Pro bono: there is no fee"
	}
	if a.Fees.Amount == 0 {
		return ""
	}
	s := records.Money(a.Fees.Amount, a.Fees.Currency)
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
