package body

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Unmade lists the lines that read as a private heading by the rule but
// that Markdown does not make a heading, so that what follows them is shown
// to the client: a heading indented into a code block, one inside an HTML
// block (<details>), "#Private" with no space, a no-break or ideographic
// space or a full-width ＃ before it, an escaped \#, <h2>Private</h2>, or a
// line joined to the paragraph above a setext underline. Lines inside a
// private section are not listed: nothing there is shown.
func (b *Body) Unmade(rule Rule) []Heading {
	made := map[int]bool{}
	for _, h := range b.Headings() {
		made[h.Line] = true
	}
	private := b.Private()
	hidden := func(line int) bool {
		for _, p := range private {
			if line >= p.Line && line <= p.EndLine {
				return true
			}
		}
		return false
	}
	var out []Heading
	lines := strings.Split(string(b.Source), "\n")
	for i, line := range lines {
		underlined := i+1 < len(lines) && setextUnderline(lines[i+1])
		text, col, ok := headingLike(line, underlined)
		if !ok || made[i+1] || !rule.Private(text) || hidden(i+1) {
			continue
		}
		out = append(out, Heading{Text: strings.TrimSpace(text), Line: i + 1, Col: col})
	}
	return out
}

// MayHaveUnmade is Unmade's cheap scan for check, without parsing and
// without the practice's own words: true when a line carries a heading mark
// in a form Markdown may not read as a heading (indented, an odd space or
// ＃ before it, \#, # with no space, an HTML heading, a line joined to the
// paragraph above an underline, an underline with an odd space in it), or
// when a plain heading line sits in a body with HTML or a code fence, which
// can swallow it. A plain heading in a plain body is a heading: whether its
// words are private is the rule's business, not this scan's. It must never
// be false where Unmade lists a line (FuzzMayHaveUnmade).
func MayHaveUnmade(src []byte) bool {
	src = normalize(src) // as Parse reads it: a copy only when there is a CR or an invisible character starting a line
	swallows := bytes.IndexByte(src, '<') >= 0 || bytes.Contains(src, []byte("```")) || bytes.Contains(src, []byte("~~~"))
	prevBlank := true // the line above; the body's start is as a blank line
	// Each line is found once: the line after this one is the next one's.
	next, after := cutLine(src)
	for more := len(src) > 0; more; {
		line := next
		more = len(after) > 0
		next, after = cutLine(after)
		// As Unmade decides it; the first look only passes over lines that
		// cannot be an underline.
		underlined := len(next) > 0 && mayUnderlineStart(next[0]) && mayUnderline(next) && setextUnderline(string(next))
		blank := asciiBlank(line)
		if !underlined && (wordStart(line, 0) || !swallows && (plainATX(line) || listWord(line))) {
			// Most lines start with a word: no heading mark can stand
			// before it. A plain heading in a body with nothing to
			// swallow it is a heading, and a list item that starts with a
			// word holds none.
			prevBlank = blank
			continue
		}
		_, _, ok := headingLike(string(line), underlined)
		joined := underlined && !prevBlank
		prevBlank = blank
		switch {
		case !ok:
		case joined:
			return true
		case underlined:
			// A setext heading is made only of a paragraph's first line
			// at the margin and an underline Markdown reads as one.
			if swallows || !letterStart(line) || !plainUnderline(next) {
				return true
			}
		case plainATX(line):
			if swallows {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// mayUnderlineStart reports whether a line starting with c may be one that
// setextUnderline accepts: one starting with = or -, or with a space of any
// kind, which it trims.
func mayUnderlineStart(c byte) bool {
	return c == '=' || c == '-' || asciiSpace(c) || c >= utf8.RuneSelf
}

// plainUnderline reports whether a line is a setext underline as Markdown
// reads one whatever is above it: up to three spaces, three or more = or -,
// then only spaces or tabs.
func plainUnderline(line []byte) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	if i == len(line) || line[i] != '=' && line[i] != '-' {
		return false
	}
	c, n := line[i], 0
	for i < len(line) && line[i] == c {
		i++
		n++
	}
	for ; i < len(line); i++ {
		if line[i] != ' ' && line[i] != '\t' {
			return false
		}
	}
	return n >= 3
}

// letterStart reports whether a line starts with an ASCII letter: no
// indent, block quote, list item or other mark before its text.
func letterStart(line []byte) bool {
	return len(line) > 0 && (line[0]|0x20 >= 'a' && line[0]|0x20 <= 'z')
}

// wordStart reports whether line[i:] starts with a word, before which no
// heading mark can stand: a letter, a digit, _ or * (but not "* ", a list
// marker, which a heading mark may follow).
func wordStart(line []byte, i int) bool {
	if i >= len(line) {
		return false
	}
	c := line[i]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' ||
		c == '*' && (i+1 == len(line) || line[i+1] != ' ')
}

// cutLine is src's first line, without its line break, and what follows it.
func cutLine(src []byte) (line, rest []byte) {
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		return src[:i], src[i+1:]
	}
	return src, nil
}

// mayUnderline is setextUnderline's cheap first look, false only for a
// line that cannot be one: a list item ("- Plan") is not. Anything beyond
// ASCII is left to setextUnderline, whose trimming knows every space.
func mayUnderline(line []byte) bool {
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	if i == len(line) {
		return false
	}
	c := line[i]
	if c >= utf8.RuneSelf || asciiSpace(c) {
		return true
	}
	if c != '=' && c != '-' {
		return false
	}
	for i < len(line) && line[i] == c {
		i++
	}
	for ; i < len(line); i++ {
		if b := line[i]; b >= utf8.RuneSelf {
			return true
		} else if !asciiSpace(b) {
			return false
		}
	}
	return true
}

func asciiSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// listWord reports whether a line is a bullet list item whose text starts
// with a word, as most are.
func listWord(line []byte) bool {
	if len(line) < 3 || (line[0] != '-' && line[0] != '*' && line[0] != '+') || line[1] != ' ' {
		return false
	}
	return wordStart(line, 2)
}

// plainATX reports whether a line is an ATX heading as Markdown reads one
// at the left margin: up to three spaces, one to six #, then a space, a tab
// or nothing.
func plainATX(line []byte) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	n := 0
	for i+n < len(line) && line[i+n] == '#' {
		n++
	}
	end := i + n
	return n >= 1 && n <= 6 && (end == len(line) || line[end] == ' ' || line[end] == '\t')
}

// headingLike strips what can stand before a heading's words (spaces of
// any kind, block quote and list markers, #, ＃, backslashes, table bars,
// HTML tags) and reports whether the line carries a heading mark: one of
// those marks, or a setext underline below it. col is where the words
// start, in characters from 1.
func headingLike(line string, underlined bool) (text string, col int, ok bool) {
	mark := underlined
	rest := line
	for {
		r, n := utf8.DecodeRuneInString(rest)
		switch {
		case n == 0:
			return "", 0, false
		case unicode.IsSpace(r) || r == '>' || r == '|' || r == '\\' || Ignorable(r):
		case r == '#' || r == '＃':
			mark = true
		case (r == '-' || r == '*' || r == '+') && len(rest) > 1 && rest[1] == ' ':
		case r == '<':
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				return "", 0, false
			}
			tag := strings.ToLower(rest[1:end])
			if len(tag) >= 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' || strings.HasPrefix(tag, "summary") {
				mark = true
			}
			n = end + 1
		default:
			if !mark {
				return "", 0, false
			}
			col = utf8.RuneCountInString(line[:len(line)-len(rest)]) + 1
			text = rest
			if i := strings.IndexByte(text, '<'); i >= 0 {
				text = text[:i]
			}
			return html.UnescapeString(text), col, true
		}
		rest = rest[n:]
	}
}

// setextUnderline reports whether a line is a run of = or - under a
// paragraph line.
func setextUnderline(line string) bool {
	t := strings.TrimSpace(line)
	return t != "" && (strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "")
}
