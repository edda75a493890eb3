package records

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Field is one top-level frontmatter key and the plain scalar to give it.
type Field struct {
	Key, Value string
}

// SetFields returns a record with the given top-level frontmatter keys set,
// editing only the lines that hold them. A key that is present has its value
// replaced where it stands, keeping the line's comment; a key that is absent
// is added as a new line at the end of the frontmatter. Everything else in
// the file (comments, order, quoting, the body, line endings) is left as it
// was, byte for byte: the coach wrote it and may have reasons for it.
func SetFields(data []byte, fields []Field) ([]byte, error) {
	lines := splitLines(data)
	open, closing, err := frontmatterLines(lines)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	yamlText := bytes.Join(lines[open+1:closing], nil)
	if err := yaml.Unmarshal(yamlText, &doc); err != nil {
		return nil, fmt.Errorf("frontmatter is not valid YAML: %w", err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode || doc.Content[0].Style&yaml.FlowStyle != 0 {
		return nil, errors.New("frontmatter is not a list of key: value lines")
	}
	root := doc.Content[0]
	eol := []byte("\n")
	if bytes.HasSuffix(lines[open], []byte("\r\n")) {
		eol = []byte("\r\n")
	} else if bytes.HasSuffix(lines[open], []byte("\r")) {
		eol = []byte("\r")
	}
	var added [][]byte
	for _, f := range fields {
		k, v := mappingPair(root, f.Key)
		if v == nil {
			added = append(added, append([]byte(f.Key+": "+f.Value), eol...))
			continue
		}
		if v.Tag == "!!null" && v.Value == "" {
			// "key:" with nothing after it: yaml.v3 places the empty value
			// wherever the next token is, so write after the key instead.
			i := open + k.Line
			at := byteOffset(lines[i], k.Column-1) + len(k.Value)
			if k.Style != 0 || at < 0 || at >= len(lines[i]) || lines[i][at] != ':' {
				return nil, fmt.Errorf("line %d: %s: cannot find the value; edit it by hand", i+1, f.Key)
			}
			lines[i] = append(append(append([]byte{}, lines[i][:at+1]...), " "+f.Value...), lines[i][at+1:]...)
			continue
		}
		i := open + v.Line // the YAML's line 1 is the line after the opening ---
		line, err := replaceScalar(lines[i], v, f.Value)
		if err != nil {
			return nil, fmt.Errorf("line %d: %s: %w", i+1, f.Key, err)
		}
		lines[i] = line
	}
	var out bytes.Buffer
	for i, l := range lines {
		if i == closing {
			for _, a := range added {
				out.Write(a)
			}
		}
		out.Write(l)
	}
	return out.Bytes(), nil
}

// splitLines cuts data into lines that keep their line endings (LF, CRLF,
// or CR alone, as old Mac editors write), so joining them gives data back
// unchanged.
func splitLines(data []byte) [][]byte {
	var lines [][]byte
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			lines = append(lines, data)
			break
		}
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		lines = append(lines, data[:i+1])
		data = data[i+1:]
	}
	return lines
}

// frontmatterLines finds the indexes of the opening and closing --- lines.
func frontmatterLines(lines [][]byte) (open, closing int, err error) {
	open = -1
	for i, l := range lines {
		t := string(bytes.TrimSpace(bytes.TrimPrefix(l, bom)))
		if open < 0 {
			if t == "" {
				continue
			}
			if t != "---" {
				return 0, 0, errors.New("record has no frontmatter")
			}
			open = i
			continue
		}
		if t == "---" {
			return open, i, nil
		}
	}
	return 0, 0, errors.New("frontmatter has no closing --- line")
}

// replaceScalar swaps the scalar v written on line for value. Only a scalar
// written on one line can be replaced in place; anything else (a list, a
// block, a multi-line string) is refused rather than rewritten.
func replaceScalar(line []byte, v *yaml.Node, value string) ([]byte, error) {
	if v.Kind != yaml.ScalarNode || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return nil, errors.New("holds more than one value; edit it by hand")
	}
	// yaml.v3 counts columns in characters; the line is bytes.
	start := byteOffset(line, v.Column-1)
	if start < 0 {
		return nil, errors.New("cannot find the value")
	}
	rest := line[start:]
	var n int
	switch {
	case v.Style&yaml.DoubleQuotedStyle != 0:
		n = quotedLen(rest, '"', '\\')
	case v.Style&yaml.SingleQuotedStyle != 0:
		n = quotedLen(rest, '\'', '\'')
	default:
		if !bytes.HasPrefix(rest, []byte(v.Value)) {
			return nil, errors.New("value continues on the next line; edit it by hand")
		}
		n = len(v.Value)
	}
	if n < 0 {
		return nil, errors.New("value continues on the next line; edit it by hand")
	}
	var out []byte
	out = append(out, line[:start]...)
	out = append(out, value...)
	return append(out, rest[n:]...), nil
}

// mappingPair returns the key and value nodes of key in mapping m.
func mappingPair(m *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// byteOffset is the byte index of the col'th character of line, or -1.
func byteOffset(line []byte, col int) int {
	off := 0
	for c := 0; c < col; c++ {
		if off >= len(line) {
			return -1
		}
		_, size := utf8.DecodeRune(line[off:])
		off += size
	}
	return off
}

// quotedLen is the length of the quoted scalar at the start of s, quotes
// included, or -1 when it does not close on this line. In a double-quoted
// scalar esc is a backslash; in a single-quoted one a doubled quote.
func quotedLen(s []byte, quote, esc byte) int {
	for i := 1; i < len(s); i++ {
		switch {
		case esc == '\\' && s[i] == '\\':
			i++
		case esc == quote && s[i] == quote && i+1 < len(s) && s[i+1] == quote:
			i++
		case s[i] == quote:
			return i + 1
		}
	}
	return -1
}

// CloseAgreement marks agreement a ended on day: its status becomes ended and
// ended is set, so the retention clock starts. data is the agreement file as
// it is on disk; the edited file is returned and nothing is written. It
// refuses an agreement that has already ended or a day before it was made.
func CloseAgreement(a *Agreement, data []byte, day Date) ([]byte, error) {
	if a.State() == StatusEnded {
		when := ""
		if !a.Ended.IsZero() {
			when = " on " + a.Ended.String()
		}
		return nil, fmt.Errorf("%s: the engagement already ended%s", a.Path, when)
	}
	if !a.Date.IsZero() && day.Before(a.Date) {
		return nil, fmt.Errorf("%s: the end date %s is before the agreement's date %s", a.Path, day, a.Date)
	}
	out, err := SetFields(data, []Field{{"status", StatusEnded}, {"ended", day.String()}})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.Path, err)
	}
	// Read the result back as the loader will, so a bad edit never reaches disk.
	rec, problems := Parse(a.Path, a.Client, out, false)
	got, ok := rec.(*Agreement)
	if !ok || got.Status != StatusEnded || got.Ended != day {
		msg := "the edited agreement does not read back as ended"
		if len(problems) > 0 {
			msg += ": " + problems[0].String()
		}
		return nil, fmt.Errorf("%s: %s", a.Path, msg)
	}
	for _, p := range problems {
		if strings.HasPrefix(p.Rule, "frontmatter") {
			return nil, fmt.Errorf("%s", p)
		}
	}
	return out, nil
}
