package cmd

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// textValue is a value the coach typed that rapport writes into a record or
// practice.yaml: a name, an email, a phone number, a code of ethics.
type textValue struct {
	name  string // how the coach gave it: --coach, NAME
	value string
}

// checkText refuses values that cannot be one line of plain text: control
// characters (C0 with line breaks and tabs, DEL, C1), Unicode line and
// paragraph separators, bidirectional embeddings, overrides, isolates and
// marks, which make a name read differently from what it is, and invisible
// characters (zero-width space, soft hyphen, word joiner). Everything else is
// written as it is (see scaffold.Scalar) and reads back the same.
func checkText(values ...textValue) error {
	for _, v := range values {
		if !utf8.ValidString(v.value) {
			return usageError("type it again as UTF-8 text", "%s is not valid UTF-8 text", v.name)
		}
		for _, r := range v.value {
			if what := controlName(r); what != "" {
				return usageError("type it again as one line of plain text",
					"%s holds %s (U+%04X): it must be one line of plain text", v.name, what, r)
			}
		}
	}
	return nil
}

// controlName names a character a value may not hold, or is "".
func controlName(r rune) string {
	switch {
	case r == '\n':
		return "a line break"
	case r == '\r':
		return "a carriage return"
	case r == '\t':
		return "a tab"
	case unicode.IsControl(r): // C0, DEL and C1
		return "a control character"
	case r == '\u2028':
		return "a line separator"
	case r == '\u2029':
		return "a paragraph separator"
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return "a bidirectional control character"
	case r == '\u200e', r == '\u200f', r == '\u061c':
		return "an invisible direction mark"
	case r == '\u200b', r == '\u00ad', r == '\ufeff', r == '\u180e', r >= '\u2060' && r <= '\u2064':
		// Pasted from a web page or a word processor: the name would read
		// as one word to rapport and as two to the client. Joiners
		// (U+200C, U+200D) stay: Persian and Indic names need them.
		return "an invisible character"
	}
	return ""
}

// flagText names a flag's value for checkText.
func flagText(flag, value string) textValue {
	return textValue{name: fmt.Sprintf("--%s", flag), value: value}
}
