package records

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"
)

// MaxRecordSize is the largest record rapport reads. A coaching record is a
// few kilobytes; anything this big is almost certainly a mistake (a pasted
// image, a log file) and reading it would slow every command. It also bounds
// memory: the Markdown tree of a pathological body (a page of "*a* *a* ...")
// takes a few hundred bytes per byte of text, so an 8 MB record could take
// 2 GB to render, and a 2 MB one stays under 600 MB.
const MaxRecordSize = 2 << 20

// tooBig says how large a record is against the limit, in words.
func tooBig(size int64) string {
	return fmt.Sprintf("record is %.1f MB, larger than the %d MB a record may be", float64(size)/(1<<20), MaxRecordSize>>20)
}

var bom = []byte("\xef\xbb\xbf")

// stopReader feeds adrg/frontmatter the record one line at a time and
// reports end of input as soon as the frontmatter has been decoded, so the
// body is not copied a second time: Parse takes the body straight from the
// bytes it already has. Handing over whole buffers instead would let the
// library's bufio.Reader run ahead into the body, which it then copies.
type stopReader struct {
	data []byte
	done bool
}

func (s *stopReader) Read(p []byte) (int, error) {
	if s.done || len(s.data) == 0 {
		return 0, io.EOF
	}
	line := s.data
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	n := copy(p, line)
	s.data = s.data[n:]
	return n, nil
}

var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// Parse reads one record. path is the record's slash-separated path relative
// to the practice root and client the id of the folder it lives in. The result
// is an *Agreement, *Session or *Reflection, or nil when the record could not
// be understood; problems say why, with positions. When keepBody is false the
// Markdown body is dropped once parsed, which keeps memory flat on a large
// practice.
func Parse(path, client string, data []byte, keepBody bool) (any, []Problem) {
	if keepBody {
		return parse(path, client, data, keepAll)
	}
	return parse(path, client, data, keepNone)
}

// bodyKeep says which Markdown bodies parse keeps.
type bodyKeep int

const (
	keepNone        bodyKeep = iota
	keepAll                  // the body is a slice of data
	keepPlaceholder          // only a body check reads (see checkNeedsBody), copied out of data
)

var (
	placeholderPrefix = []byte(PlaceholderPrefix)
	newline           = []byte("\n")
)

func parse(path, client string, data []byte, keep bodyKeep) (any, []Problem) {
	fail := func(line, col int, rule, msg, hint string) (any, []Problem) {
		return nil, []Problem{{Path: path, Line: line, Col: col, Severity: Error, Rule: rule, Message: msg, Hint: hint}}
	}
	if len(data) > MaxRecordSize {
		return fail(1, 1, RuleFileUnreadable, tooBig(int64(len(data))),
			"move attachments out of the practice and keep the record to text")
	}
	if !utf8.Valid(data) {
		line, col := firstInvalidUTF8(data)
		return fail(line, col, RuleFileUnreadable, "record is not UTF-8 text", "save the file as UTF-8 in your editor")
	}
	data = loneCRToLF(bytes.TrimPrefix(data, bom))
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(1, 1, RuleFrontmatterMissing, "record is empty", "start it with a frontmatter block, or create it with rapport new")
	}

	open := 1 + leadingBlankLines(data)
	var doc yaml.Node
	var fmLen, fmLines int
	in := &stopReader{data: data}
	// The frontmatter goes to yaml.v3 as a node tree, so every field keeps
	// its line and column.
	format := frontmatter.NewFormat("---", "---", func(fm []byte, v any) error {
		fmLen = len(fm)
		fmLines = bytes.Count(fm, newline)
		in.done = true
		return yaml.Unmarshal(fm, v.(*yaml.Node))
	})
	// adrg/frontmatter wraps its input in a bufio.Reader unless it already
	// is one; lending it a pooled one saves 4 KB of garbage per record.
	buf := readers.Get().(*bufio.Reader)
	buf.Reset(in)
	_, err := frontmatter.MustParse(buf, &doc, format)
	buf.Reset(nil)
	readers.Put(buf)
	switch {
	case errors.Is(err, frontmatter.ErrNotFound):
		if firstLine(data) == "---" {
			return fail(open, 1, RuleFrontmatterMissing, "frontmatter has no closing --- line", "end the frontmatter block with a line holding only ---")
		}
		return fail(1, 1, RuleFrontmatterMissing, "record has no frontmatter", "start the file with a block between --- lines, such as:\n---\nkind: session\n---")
	case err != nil:
		if line, col, ok := tabIndent(data, open); ok {
			return fail(line, col, RuleFrontmatterSyntax, "frontmatter is indented with a tab", "indent with spaces: YAML does not allow tabs")
		}
		line, msg := yamlErrorLine(err)
		return fail(open+line, 1, RuleFrontmatterSyntax, msg, "fix the YAML: indent with spaces, not tabs, and quote values that contain a colon")
	}

	// Nearly every field sits on a line of its own: sizing the map of where
	// they are for that many saves growing it as the walk fills it in.
	rec := &Record{Path: path, Client: client, Line: open, fields: make(map[string]Pos, fmLines)}
	body, bodyLine := bodyAfter(data, open, fmLen)
	rec.BodyLine = bodyLine
	rec.BodyBlank = len(bytes.TrimSpace(body)) == 0
	rec.NonASCII = nonASCII(data)
	switch {
	case keep == keepAll:
		rec.Body = body
	case keep == keepPlaceholder && checkNeedsBody(body):
		rec.Body = bytes.Clone(body)
	}
	if len(doc.Content) == 0 {
		return fail(open, 1, RuleKindUnknown, "frontmatter is empty", "add at least kind: agreement, session or reflection")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fail(open+root.Line, root.Column, RuleFieldType, "frontmatter must be a list of key: value lines", "write one field per line, such as kind: session")
	}

	kindNode := mappingValue(root, "kind")
	var target any
	switch {
	case kindNode == nil:
		return fail(open, 1, RuleKindUnknown, "record has no kind", "add kind: agreement, session or reflection to the frontmatter")
	case kindNode.Value == string(KindAgreement):
		target = &Agreement{Record: rec}
		if keep == keepPlaceholder && rec.Body == nil {
			// check reads every agreement's prose for terms that contradict
			// its frontmatter (terms-drift); there is one per engagement.
			rec.Body = bytes.Clone(body)
		}
	case kindNode.Value == string(KindSession):
		target = &Session{Record: rec}
	case kindNode.Value == string(KindReflection):
		target = &Reflection{Record: rec}
	default:
		hint := "kind is one of agreement, session or reflection"
		if s := suggest(kindNode.Value, []string{"agreement", "session", "reflection"}); s != "" {
			hint = "did you mean kind: " + s + "?"
		}
		return fail(open+kindNode.Line, kindNode.Column, RuleKindUnknown, fmt.Sprintf("unknown kind %q", kindNode.Value), hint)
	}
	rec.Kind = Kind(kindNode.Value)

	w := &walker{rec: rec, offset: open}
	w.walk(root, reflect.ValueOf(target).Elem(), "")
	return target, w.problems
}

// nonASCII lists the distinct characters beyond ASCII in data, in the
// order met.
func nonASCII(data []byte) []rune {
	var out []rune
	var seen map[rune]bool // once the list is long, as in notes in Japanese
	for i := 0; i < len(data); i++ {
		// Records are mostly ASCII: pass over eight such bytes at a time.
		for i+8 <= len(data) && binary.LittleEndian.Uint64(data[i:])&0x8080808080808080 == 0 {
			i += 8
		}
		if i == len(data) || data[i] < utf8.RuneSelf {
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		i += n - 1
		switch {
		case seen != nil:
			if seen[r] {
				continue
			}
			seen[r] = true
		case slices.Contains(out, r):
			continue
		case len(out) == 32:
			seen = make(map[rune]bool, 64)
			for _, o := range out {
				seen[o] = true
			}
			seen[r] = true
		}
		out = append(out, r)
	}
	return out
}

// loneCRToLF turns the line endings of old Mac editors (CR alone) into LF,
// byte for byte, so lines and columns stay where they were; without it the
// frontmatter of such a record is one long line and is not found. CRLF is
// left to the readers, which take it.
func loneCRToLF(data []byte) []byte {
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	var out []byte
	for i, c := range data {
		if c != '\r' || i+1 < len(data) && data[i+1] == '\n' {
			continue
		}
		if out == nil {
			out = bytes.Clone(data)
		}
		out[i] = '\n'
	}
	if out == nil {
		return data
	}
	return out
}

// ParseSettings reads practice.yaml. Settings are returned even when there are
// problems, with the understood fields filled in.
func ParseSettings(data []byte) (*Settings, *Record, []Problem) {
	const path = "practice.yaml"
	s := &Settings{}
	rec := &Record{Path: path, Line: 1, fields: map[string]Pos{}}
	if len(data) > MaxRecordSize {
		return s, rec, []Problem{{Path: path, Line: 1, Col: 1, Severity: Error, Rule: RuleFileUnreadable, Message: "practice.yaml is larger than the " + fmt.Sprint(MaxRecordSize>>20) + " MB a settings file may be", Hint: "keep practice.yaml to the settings; the defaults are used meanwhile"}}
	}
	if !utf8.Valid(data) {
		line, col := firstInvalidUTF8(data)
		return s, rec, []Problem{{Path: path, Line: line, Col: col, Severity: Error, Rule: RuleFileUnreadable, Message: "practice.yaml is not UTF-8 text", Hint: "save the file as UTF-8 in your editor"}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(bytes.TrimPrefix(data, bom), &doc); err != nil {
		line, msg := yamlErrorLine(err)
		return s, rec, []Problem{{Path: path, Line: line, Col: 1, Severity: Error, Rule: RuleFrontmatterSyntax, Message: msg, Hint: "fix the YAML: indent with spaces, not tabs, and quote values that contain a colon"}}
	}
	if len(doc.Content) == 0 {
		return s, rec, nil
	}
	w := &walker{rec: rec, offset: 0}
	w.walk(doc.Content[0], reflect.ValueOf(s).Elem(), "")
	return s, rec, w.problems
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlErrorLine pulls the line out of a yaml.v3 syntax error. yaml.v3 gives no
// column for syntax errors, so callers use column 1.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		// For an unclosed flow list or map yaml.v3 reports the line where it
		// opened counting from 0; the coach needs that line, counted from 1.
		if strings.HasPrefix(m[2], "did not find expected ',' or") {
			n++
		}
		return n, "frontmatter is not valid YAML: " + m[2]
	}
	return 1, "frontmatter is not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")
}

// tabIndent finds the first frontmatter line indented with a tab, which YAML
// forbids; yaml.v3 reports such lines one line early.
func tabIndent(data []byte, open int) (line, col int, ok bool) {
	lines := strings.Split(string(data), "\n")
	for i := open; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r")
		if l == "---" {
			break
		}
		for j, r := range l {
			if r == '\t' {
				return i + 1, j + 1, true
			}
			if r != ' ' {
				break
			}
		}
	}
	return 0, 0, false
}

// bodyAfter finds the Markdown body: what follows the closing --- line of a
// frontmatter of fmLen bytes whose opening --- is on line open.
func bodyAfter(data []byte, open, fmLen int) ([]byte, int) {
	start := 0
	for i := 0; i < open; i++ {
		j := bytes.IndexByte(data[start:], '\n')
		if j < 0 {
			return nil, open + 1
		}
		start += j + 1
	}
	end := min(start+fmLen, len(data))
	closing := open + 1 + bytes.Count(data[start:end], []byte("\n"))
	if j := bytes.IndexByte(data[end:], '\n'); j >= 0 {
		return data[end+j+1:], closing + 1
	}
	return nil, closing + 1
}

func leadingBlankLines(data []byte) int {
	n := 0
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 || len(bytes.TrimSpace(data[:i])) != 0 {
			break
		}
		n++
		data = data[i+1:]
	}
	return n
}

func firstLine(data []byte) string {
	data = bytes.TrimLeft(data, " \t\r\n")
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return string(bytes.TrimSpace(data))
}

func firstInvalidUTF8(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		col++
		data = data[size:]
	}
	return line, col
}

func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
