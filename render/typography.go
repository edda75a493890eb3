package render

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Typographic sets a line of plain text, such as a goal or an action
// written in the frontmatter, with the marks the Markdown typographer gives
// the notes (records/body): curly quotes and apostrophes, "--" and "---"
// as en and em dashes, "..." as an ellipsis. A handout then never shows
// straight quotes in its actions beside curly ones in its notes.
func Typographic(s string) string {
	if !strings.ContainsAny(s, "\"'-.") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	prev := ' ' // the start of the text counts as a space
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		next, _ := utf8.DecodeRuneInString(s[i+n:])
		if i+n >= len(s) {
			next = ' '
		}
		switch {
		case strings.HasPrefix(s[i:], "---"):
			b.WriteString("—")
			i += 3
			prev = '—'
			continue
		case strings.HasPrefix(s[i:], "--"):
			b.WriteString("–")
			i += 2
			prev = '–'
			continue
		case strings.HasPrefix(s[i:], "..."):
			b.WriteString("…")
			i += 3
			prev = '…'
			continue
		case r == '"':
			if opens(prev, next) {
				b.WriteString("“")
			} else {
				b.WriteString("”")
			}
		case r == '\'':
			if letter(prev) && letter(next) || !opens(prev, next) {
				b.WriteString("’") // an apostrophe, or a closing quote
			} else {
				b.WriteString("‘")
			}
		default:
			b.WriteRune(r)
		}
		prev = r
		i += n
	}
	return b.String()
}

// opens says whether a quote between prev and next opens a quotation: it
// follows a space or an opening bracket and comes before a word.
func opens(prev, next rune) bool {
	before := unicode.IsSpace(prev) || strings.ContainsRune("([{—–", prev)
	return before && !unicode.IsSpace(next)
}

func letter(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
