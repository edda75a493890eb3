package records

import (
	"fmt"
	"strings"
	"unicode"
)

// Visible escapes what would make a terminal show something other than the
// text: control characters (an escape sequence can clear the screen or
// rewrite a line, a carriage return can print one name over another),
// bidirectional overrides that reverse what follows (U+202E makes
// "Alice \u202eecila" read "Alice alice"), and invisible characters such as
// zero-width spaces. Each becomes a visible \uXXXX (\r for a carriage
// return), which is also a valid JSON escape of the same character. Tabs,
// new lines and printable text, in any script, are left as they are.
func Visible(s string) string { return visible(s, hidden) }

// VisibleLine is Visible for text that must stay on one line, such as a
// path in check's report: it also shows a new line as \n and a tab as \t,
// so a file named "a\nclients/b.md:1:1: error: ..." cannot print a line of
// its own.
func VisibleLine(s string) string {
	return visible(s, func(r rune) bool { return r == '\n' || r == '\t' || hidden(r) })
}

func visible(s string, hidden func(rune) bool) string {
	// Printable ASCII, most of what is shown, is passed over byte by byte.
	i := 0
	for i < len(s) && s[i] >= ' ' && s[i] < 0x7f {
		i++
	}
	if i == len(s) || strings.IndexFunc(s[i:], hidden) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\n' && hidden(r):
			b.WriteString(`\n`)
		case r == '\t' && hidden(r):
			b.WriteString(`\t`)
		case hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hidden is true for a character a terminal would act on or not show.
func hidden(r rune) bool {
	switch {
	case r >= ' ' && r < 0x7f: // printable ASCII, most of what is shown
		return false
	case r == '\t' || r == '\n':
		return false
	case r == unicode.ReplacementChar:
		return false
	case unicode.IsControl(r): // C0, DEL and C1, including ESC and CR
		return true
	case unicode.Is(unicode.Cf, r): // format: bidi controls, zero-width joiners, soft hyphen, BOM
		return true
	case unicode.In(r, unicode.Zl, unicode.Zp): // line and paragraph separators
		return true
	}
	return false
}
