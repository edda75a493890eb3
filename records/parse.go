package records

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxRecordSize is the largest record rapport reads. A coaching record is a
// few kilobytes; anything this big is almost certainly a mistake (a pasted
// image, a log file) and reading it would slow every command.
const MaxRecordSize = 8 << 20

var bom = []byte("\xef\xbb\xbf")

// Parse reads one record. path is the record's slash-separated path relative
// to the practice root and client the id of the folder it lives in. The result
// is an *Agreement, *Session or *Reflection, or nil when the record could not
// be understood; problems say why, with positions. When keepBody is false the
// Markdown body is dropped once parsed, which keeps memory flat on a large
// practice.
func Parse(path, client string, data []byte, keepBody bool) (any, []Problem) {
	fail := func(line, col int, rule, msg, hint string) (any, []Problem) {
		return nil, []Problem{{Path: path, Line: line, Col: col, Severity: Error, Rule: rule, Message: msg, Hint: hint}}
	}
	if len(data) > MaxRecordSize {
		return fail(1, 1, RuleFileUnreadable, fmt.Sprintf("record is %d MB, larger than the %d MB a record may be", len(data)>>20, MaxRecordSize>>20),
			"move attachments out of the practice and keep the record to text")
	}
	if !utf8.Valid(data) {
		line, col := firstInvalidUTF8(data)
		return fail(line, col, RuleFileUnreadable, "record is not UTF-8 text", "save the file as UTF-8 in your editor")
	}
	data = bytes.TrimPrefix(data, bom)
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(1, 1, RuleFrontmatterMissing, "record is empty", "start it with a frontmatter block, or create it with rapport new")
	}

	open := 1 + leadingBlankLines(data)
	var doc yaml.Node
	front, body, err := splitFrontmatter(data)
	if err == nil {
		err = yaml.Unmarshal(front, &doc)
	}
	switch {
	case errors.Is(err, errNoFrontmatter):
		if firstLine(data) == "---" {
			return fail(open, 1, RuleFrontmatterMissing, "frontmatter has no closing --- line", "end the frontmatter block with a line holding only ---")
		}
		return fail(1, 1, RuleFrontmatterMissing, "record has no frontmatter", "start the file with a block between --- lines, such as:\n---\nkind: session\n---")
	case err != nil:
		line, msg := yamlErrorLine(err)
		if tab := tabIndented(front); tab > 0 {
			// yaml.v3's words for a tab are cryptic; editors insert them unasked
			return fail(open+tab, 1, RuleFrontmatterSyntax, "frontmatter line is indented with a tab", "indent with spaces: YAML does not allow tabs for indentation")
		}
		return fail(open+line, 1, RuleFrontmatterSyntax, msg, "fix the YAML: indent with spaces, not tabs, and quote values that contain a colon")
	}

	rec := &Record{Path: path, Client: client, Line: open, fields: map[string]Pos{}}
	rec.BodyLine = bytes.Count(data[:len(data)-len(body)], []byte("\n")) + 1
	if keepBody {
		rec.Body = body
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

	w := &walker{rec: rec, offset: open, reported: map[int]bool{}}
	w.walk(root, reflect.TypeOf(target).Elem(), "")
	w.decode(root, target)
	return target, w.problems
}

// ParseSettings reads practice.yaml. Settings are returned even when there are
// problems, with the understood fields filled in.
func ParseSettings(data []byte) (*Settings, *Record, []Problem) {
	const path = "practice.yaml"
	s := &Settings{}
	rec := &Record{Path: path, Line: 1, fields: map[string]Pos{}}
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
	w := &walker{rec: rec, offset: 0, reported: map[int]bool{}}
	w.walk(doc.Content[0], reflect.TypeOf(s).Elem(), "")
	w.decode(doc.Content[0], s)
	return s, rec, w.problems
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlErrorLine pulls the line out of a yaml.v3 syntax error. yaml.v3 gives no
// column for syntax errors, so callers use column 1.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, "frontmatter is not valid YAML: " + m[2]
	}
	return 1, "frontmatter is not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")
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
