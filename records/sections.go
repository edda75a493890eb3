package records

import (
	"bytes"
	"strings"
)

// BodySection is one part of a record's Markdown body: a heading and the text
// under it, up to the next heading of any level.
type BodySection struct {
	Level   int    // 1-6 for an ATX heading, 0 for the text before the first heading
	Heading string // the heading's text, without the #s
	Text    string // the Markdown under the heading, trimmed of blank lines around it
	// Private is true under a heading named Private and under every deeper
	// heading that follows it, up to the next heading of the same or higher
	// level: the part of a record that is for the coach only.
	Private bool
}

// BodySections splits a body at its ATX headings (# to ######). Headings
// inside fenced code blocks are text. Empty sections before the first heading
// are left out.
func BodySections(body []byte) []BodySection {
	var out []BodySection
	cur := BodySection{}
	var text strings.Builder
	privateLevel := 0 // the level of the Private heading in force, 0 when none
	flush := func() {
		cur.Text = strings.Trim(text.String(), "\n")
		if cur.Level > 0 || strings.TrimSpace(cur.Text) != "" {
			out = append(out, cur)
		}
		text.Reset()
	}
	fence := ""
	for _, line := range strings.SplitAfter(string(bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))), "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if f := fenceOf(trimmed); f != "" {
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(f, fence):
				fence = ""
			}
		}
		level, heading := 0, ""
		if fence == "" {
			level, heading = atxHeading(trimmed)
		}
		if level == 0 {
			text.WriteString(line)
			continue
		}
		flush()
		if privateLevel > 0 && level <= privateLevel {
			privateLevel = 0
		}
		if privateLevel == 0 && strings.EqualFold(heading, "private") {
			privateLevel = level
		}
		cur = BodySection{Level: level, Heading: heading, Private: privateLevel > 0}
	}
	flush()
	return out
}

// SectionNamed returns the first section whose heading matches name, ignoring
// case, or nil.
func SectionNamed(sections []BodySection, name string) *BodySection {
	for i := range sections {
		if strings.EqualFold(sections[i].Heading, name) {
			return &sections[i]
		}
	}
	return nil
}

// atxHeading returns the level and text of a Markdown ATX heading line, or 0.
func atxHeading(line string) (int, string) {
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 {
		return 0, ""
	}
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(s) && s[n] != ' ' && s[n] != '\t') {
		return 0, ""
	}
	text := strings.TrimSpace(s[n:])
	// A closing sequence of #s is not part of the heading.
	if t := strings.TrimRight(text, "#"); t != text && (t == "" || strings.HasSuffix(t, " ")) {
		text = strings.TrimSpace(t)
	}
	return n, text
}

// fenceOf returns the fence (``` or ~~~ run) a line opens or closes, or "".
func fenceOf(line string) string {
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 || len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return ""
	}
	n := 0
	for n < len(s) && s[n] == s[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return s[:n]
}
