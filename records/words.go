package records

import (
	"fmt"
	"strconv"
	"strings"
)

// The helpers below put record values into the plain words an agreement and
// a handout are written in. Scaffolds and handouts share them, so the draft a
// coach edits and the copy a client reads say the same thing the same way.

var numberWords = []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

// CountWords is n with a noun, spelled for small numbers: "six sessions",
// "one session", "14 sessions".
func CountWords(n int, noun string) string {
	w := strconv.Itoa(n)
	if n >= 0 && n < len(numberWords) {
		w = numberWords[n]
	}
	if n != 1 {
		noun += "s"
	}
	return w + " " + noun
}

// ModeWords says how sessions take place: "by video", "by phone", "in
// person"; a mode it does not know is given as written, and none as "".
func ModeWords(mode string) string {
	switch strings.ToLower(strings.TrimSpace(mode)) {
	case "":
		return ""
	case "video", "online", "zoom":
		return "by video"
	case "phone", "telephone":
		return "by phone"
	case "in-person", "in person", "face-to-face", "face to face":
		return "in person"
	}
	return strings.TrimSpace(mode)
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
