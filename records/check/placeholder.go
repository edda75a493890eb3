package check

import (
	"bytes"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/records"
)

type placeholderAt struct {
	line, col int // line from 0 within the body, column from 1 in characters
	text      string
}

var prefix = []byte(records.PlaceholderPrefix)

// findPlaceholders finds every TODO( in a body, with where it is and what it
// says (up to the closing parenthesis or the end of the line).
func findPlaceholders(body []byte) []placeholderAt {
	var out []placeholderAt
	off := 0
	for {
		i := bytes.Index(body[off:], prefix)
		if i < 0 {
			return out
		}
		at := off + i
		lineStart := bytes.LastIndexByte(body[:at], '\n') + 1
		end := at + len(prefix)
		for end < len(body) && body[end] != '\n' && body[end] != ')' {
			end++
		}
		if end < len(body) && body[end] == ')' {
			end++
		}
		out = append(out, placeholderAt{
			line: bytes.Count(body[:lineStart], []byte("\n")),
			col:  utf8.RuneCount(body[lineStart:at]) + 1,
			text: string(bytes.TrimRight(body[at:end], "\r")),
		})
		off = end
	}
}
