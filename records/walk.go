package records

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

var (
	dateType      = reflect.TypeOf(Date{})
	retentionType = reflect.TypeOf(Retention{})
	listType      = reflect.TypeOf(List{})
)

// walker checks a YAML node tree against the Go type it decodes into, so
// that every mistake is reported at its own line and column (yaml.v3's
// decoder gives lines only, and stops at some mistakes), and fills in each
// field that is right as it goes. It also records where each field was
// written. Filling in here rather than calling Node.Decode afterwards saves
// walking every tree twice; any scalar it does not recognise at a glance is
// still handed to yaml.v3 to decode.
type walker struct {
	rec      *Record
	offset   int // lines before the YAML starts in the file
	problems []Problem
	reported map[int]bool // lines that already have a problem
}

func (w *walker) pos(n *yaml.Node) Pos { return Pos{Line: n.Line + w.offset, Col: n.Column} }

func (w *walker) report(n *yaml.Node, rule, msg, hint string) {
	p := w.pos(n)
	w.mark(p.Line)
	w.problems = append(w.problems, Problem{Path: w.rec.Path, Line: p.Line, Col: p.Col, Severity: Error, Rule: rule, Message: msg, Hint: hint})
}

func (w *walker) mark(line int) {
	if w.reported == nil {
		w.reported = map[int]bool{}
	}
	w.reported[line] = true
}

// walk checks n against the type of v and stores it in v, which must be
// settable. It reports whether n was stored; a list drops the items that
// were not, as yaml.v3 does.
func (w *walker) walk(n *yaml.Node, v reflect.Value, path string) bool {
	if n.Kind == yaml.AliasNode {
		w.report(n, RuleFrontmatterSyntax, fmt.Sprintf("%s uses a YAML alias", fieldName(path)), "write the value out in full; records do not use anchors and aliases")
		return false
	}
	if n.Tag == "!!null" {
		// Like yaml.v3: the field stays empty, and a list leaves the item out.
		return v.Kind() == reflect.Slice
	}
	if n.Kind == yaml.ScalarNode && IsPlaceholder(n.Value) {
		w.report(n, RulePlaceholderLeft, fmt.Sprintf("%s is still a placeholder: %s", fieldName(path), n.Value), "replace it with what was agreed with the client")
		return false
	}
	t := v.Type()
	switch {
	case t == dateType:
		if n.Kind != yaml.ScalarNode {
			w.report(n, RuleDateInvalid, fmt.Sprintf("%s must be a date", fieldName(path)), "write dates as YYYY-MM-DD, such as 2026-01-07")
			return false
		}
		d, err := ParseDate(n.Value)
		if err != nil {
			w.report(n, RuleDateInvalid, fmt.Sprintf("%s: %v", fieldName(path), err), "write dates as YYYY-MM-DD, such as 2026-01-07")
			return false
		}
		v.Set(reflect.ValueOf(d))
		return true
	case t == retentionType:
		if n.Kind != yaml.ScalarNode {
			w.report(n, RuleFieldType, fmt.Sprintf("%s must be a period such as 6y", fieldName(path)), "write retention as years, months or days: 6y, 18m or 90d")
			return false
		}
		r, err := ParseRetention(n.Value)
		if err != nil {
			w.report(n, RuleFieldType, fmt.Sprintf("%s: %v", fieldName(path), err), "write retention as years, months or days: 6y, 18m or 90d")
			return false
		}
		v.Set(reflect.ValueOf(r))
		return true
	case t == listType && n.Kind == yaml.ScalarNode:
		// tags: coaching, as Obsidian also accepts, is a list of one.
		v.Set(reflect.ValueOf(List{n.Value}))
		return true
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			w.report(n, RuleFieldType, fmt.Sprintf("%s must be a set of key: value fields", fieldName(path)), "indent its fields under it, one per line")
			return false
		}
		known := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if first := firstKey(n, i); first != nil {
				w.report(k, RuleFrontmatterSyntax, fmt.Sprintf("%s is written twice (first on line %d)", fieldName(join(path, k.Value)), first.Line+w.offset), "keep one of them")
				continue
			}
			full := join(path, k.Value)
			w.rec.fields[full] = w.pos(k)
			if path == "" && k.Value == "kind" && w.rec.Kind != "" {
				continue
			}
			field, ok := known[k.Value]
			if !ok {
				names := make([]string, 0, len(known))
				for name := range known {
					names = append(names, name)
				}
				msg := "unknown field " + full
				hint := "remove it, or check its spelling: rapport help records lists every field"
				// The likely meaning belongs in the message itself: without
				// --explain the hint is not shown, and a typo is the usual cause.
				if s := suggest(k.Value, names); s != "" {
					msg += "; did you mean " + join(path, s) + "?"
					hint = "rename it to " + join(path, s) + ", or remove it"
				}
				w.report(k, RuleFieldUnknown, msg, hint)
				continue
			}
			w.walk(val, v.FieldByIndex(field), full)
		}
		return true
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			w.report(n, RuleFieldType, fmt.Sprintf("%s must be a list", fieldName(path)), "write it as [a, b] or as lines starting with - ")
			return false
		}
		list := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		kept := 0
		for i, item := range n.Content {
			full := join(path, strconv.Itoa(i))
			w.rec.fields[full] = w.pos(item)
			if w.walk(item, list.Index(kept), full) {
				kept++
			} else {
				list.Index(kept).SetZero()
			}
		}
		v.Set(list.Slice(0, kept))
		return true
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			w.report(n, RuleFieldType, fmt.Sprintf("%s must be text", fieldName(path)), "write it on one line after the colon, in quotes if it contains a colon")
			return false
		}
		if n.Tag == "!!str" || n.Tag == "!!int" || n.Tag == "!!float" || n.Tag == "!!bool" || n.Tag == "!!timestamp" {
			v.SetString(n.Value)
			return true
		}
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			w.report(n, RuleFieldType, fmt.Sprintf("%s must be a whole number, not %q", fieldName(path), n.Value), "write digits only, such as 60")
			return false
		}
		if i, err := strconv.Atoi(n.Value); err == nil {
			v.SetInt(int64(i))
			return true
		}
	case reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			w.report(n, RuleFieldType, fmt.Sprintf("%s must be a number, not %q", fieldName(path), n.Value), "write digits only, such as 900")
			return false
		}
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			v.SetFloat(f)
			return true
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			w.report(n, RuleFieldType, fmt.Sprintf("%s must be true or false, not %q", fieldName(path), n.Value), "write true or false")
			return false
		}
		switch n.Value {
		case "true":
			v.SetBool(true)
			return true
		case "false":
			v.SetBool(false)
			return true
		}
	}
	return w.decode(n, v)
}

var typeErrLineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// decode hands a scalar walk does not read itself (0x1F, 1_000, .inf, True, a
// !!binary string) to yaml.v3. Anything it objects to that walk did not
// see is reported by line, since yaml.v3 gives no column.
func (w *walker) decode(n *yaml.Node, v reflect.Value) bool {
	err := n.Decode(v.Addr().Interface())
	if err == nil {
		return true
	}
	te, ok := err.(*yaml.TypeError)
	if !ok {
		line, msg := yamlErrorLine(err)
		w.problems = append(w.problems, Problem{Path: w.rec.Path, Line: w.offset + line, Col: 1, Severity: Error, Rule: RuleFrontmatterSyntax, Message: msg})
		return false
	}
	for _, e := range te.Errors {
		line, msg := 0, e
		if m := typeErrLineRE.FindStringSubmatch(e); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		if w.reported[line+w.offset] {
			continue
		}
		w.mark(line + w.offset)
		w.problems = append(w.problems, Problem{Path: w.rec.Path, Line: line + w.offset, Col: 1, Severity: Error, Rule: RuleFieldType, Message: msg})
	}
	return false
}

// firstKey returns the earlier key of mapping n with the same name as the
// key at index i, or nil. Frontmatter mappings are short, so looking back
// costs less than building a set for every one.
func firstKey(n *yaml.Node, i int) *yaml.Node {
	for j := 0; j < i; j += 2 {
		if n.Content[j].Value == n.Content[i].Value {
			return n.Content[j]
		}
	}
	return nil
}

// fieldsOf caches yamlFields: the record types are few and fixed, and
// working them out again for every record cost 6% of checking a practice.
var fieldsOf sync.Map // reflect.Type -> map[string][]int

// yamlFields maps each yaml key of a struct type to its field's index path,
// looking into fields marked inline (the Properties every record shares). The
// map is shared: callers must not change it.
func yamlFields(t reflect.Type) map[string][]int {
	if m, ok := fieldsOf.Load(t); ok {
		return m.(map[string][]int)
	}
	m := map[string][]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		opts := strings.Split(f.Tag.Get("yaml"), ",")
		if slices.Contains(opts[1:], "inline") && f.Type.Kind() == reflect.Struct {
			for name, idx := range yamlFields(f.Type) {
				m[name] = append([]int{i}, idx...)
			}
			continue
		}
		if opts[0] == "" || opts[0] == "-" {
			continue
		}
		m[opts[0]] = []int{i}
	}
	fieldsOf.Store(t, m)
	return m
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func fieldName(path string) string {
	if path == "" {
		return "frontmatter"
	}
	return path
}

// suggest returns the known word closest to s, if it is close enough to be a typo.
func suggest(s string, known []string) string {
	best, bestD := "", -1
	for _, k := range known {
		d := levenshtein(strings.ToLower(s), k)
		if bestD < 0 || d < bestD || (d == bestD && k < best) {
			best, bestD = k, d
		}
	}
	limit := 1
	switch n := len([]rune(s)); {
	case n >= 9:
		limit = 3
	case n >= 4:
		limit = 2
	}
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// Suggest returns the candidate closest to s when it looks like a typo of it.
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

// levenshtein is the edit distance between a and b, counting a swap of two
// neighbouring letters as one edit, the commonest typing slip.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
