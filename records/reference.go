package records

import (
	"reflect"
	"strings"
	"sync"
)

// FieldDoc describes one frontmatter field, read from the schema types' tags:
// the one source of the record-format reference (rapport help records,
// docs/records.md), the JSON Schema (rapport schema) and the words check
// accepts.
type FieldDoc struct {
	// Path is the field's dotted path; the fields of a list's items have
	// [] after the list's name, such as goals[].text.
	Path string
	Type string // text, date, whole number, number, true or false, period, a list of ..., fields
	// Value is Type for programs (the JSON Schema); Item is the Value of a
	// list's items.
	Value, Item Value
	Words       []string // the only values it takes, when it takes a few words
	Doc         string
	// Inner are the fields of a set of fields, or of each item of a list of them.
	Inner []FieldDoc
}

// Reference lists the fields of practice.yaml (kind "" or "practice") or of
// a record kind, in the order the schema declares them.
func Reference(kind Kind) []FieldDoc {
	var t reflect.Type
	switch kind {
	case KindAgreement:
		t = reflect.TypeFor[Agreement]()
	case KindSession:
		t = reflect.TypeFor[Session]()
	case KindReflection:
		t = reflect.TypeFor[Reflection]()
	case "", "practice":
		return structFields(reflect.TypeFor[Settings](), "")
	default:
		return nil
	}
	kinds := make([]string, len(Kinds))
	for i, k := range Kinds {
		kinds[i] = string(k)
	}
	kindField := FieldDoc{Path: "kind", Type: "text", Value: ValueText, Words: kinds, Doc: "what the record is; required"}
	return append([]FieldDoc{kindField}, structFields(t, "")...)
}

// Value is the kind of value a field holds.
type Value string

// The kinds of value.
const (
	ValueText   Value = "text"
	ValueDate   Value = "date"
	ValuePeriod Value = "period"
	ValueInt    Value = "integer"
	ValueNumber Value = "number"
	ValueBool   Value = "boolean"
	ValueFields Value = "fields"
	ValueList   Value = "list"
	ValueWords  Value = "words" // a list of text, or one word
)

// AllowedWords are the words the field at path (dotted, without list
// indexes: goals.status) of a kind of record takes, or nil for any value.
func AllowedWords(kind Kind, path string) []string {
	ref, ok := references[kind]
	if !ok {
		return nil
	}
	fields := ref()
	var f *FieldDoc
	for _, part := range strings.Split(path, ".") {
		f = nil
		for i := range fields {
			if lastPart(fields[i].Path) == part {
				f = &fields[i]
				break
			}
		}
		if f == nil {
			return nil
		}
		fields = f.Inner
	}
	return f.Words
}

// references are Reference for each record kind, read once: check asks for a
// field's words for every record, and walking the schema's tags by reflection
// each time cost a third of check's time on a large practice. Callers of
// AllowedWords only read what it returns.
var references = map[Kind]func() []FieldDoc{
	KindAgreement:  sync.OnceValue(func() []FieldDoc { return Reference(KindAgreement) }),
	KindSession:    sync.OnceValue(func() []FieldDoc { return Reference(KindSession) }),
	KindReflection: sync.OnceValue(func() []FieldDoc { return Reference(KindReflection) }),
	"":             sync.OnceValue(func() []FieldDoc { return Reference("") }),
	"practice":     sync.OnceValue(func() []FieldDoc { return Reference("") }),
}

func lastPart(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

func structFields(t reflect.Type, prefix string) []FieldDoc {
	var out, shared []FieldDoc
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		opts := strings.Split(sf.Tag.Get("yaml"), ",")
		if len(opts) > 1 && opts[1] == "inline" {
			// The Properties every record shares come after its own.
			shared = append(shared, structFields(sf.Type, prefix)...)
			continue
		}
		if opts[0] == "" || opts[0] == "-" {
			continue
		}
		f := FieldDoc{Path: prefix + opts[0], Doc: sf.Tag.Get("doc")}
		if w := sf.Tag.Get("words"); w != "" {
			f.Words = strings.Split(w, ",")
		}
		f.Type, f.Value, f.Inner = describeType(sf.Type, f.Path)
		if f.Value == ValueList {
			_, f.Item, _ = describeType(sf.Type.Elem(), f.Path+"[]")
		}
		out = append(out, f)
	}
	return append(out, shared...)
}

// describeType names a field's type as the reference shows it and as a
// program reads it, and gives the fields inside it.
func describeType(t reflect.Type, path string) (string, Value, []FieldDoc) {
	switch {
	case t == dateType:
		return "date", ValueDate, nil
	case t == retentionType:
		return "period", ValuePeriod, nil
	case t == listType:
		return "a list of text, or one word", ValueWords, nil
	}
	switch t.Kind() {
	case reflect.Struct:
		return "fields", ValueFields, structFields(t, path+".")
	case reflect.Slice:
		name, _, inner := describeType(t.Elem(), path+"[]")
		if inner != nil {
			return "a list of sets of fields", ValueList, inner
		}
		return "a list of " + plural(name), ValueList, nil
	case reflect.Int:
		return "whole number", ValueInt, nil
	case reflect.Float64:
		return "number", ValueNumber, nil
	case reflect.Bool:
		return "true or false", ValueBool, nil
	}
	return "text", ValueText, nil
}

func plural(name string) string {
	switch name {
	case "text":
		return "text"
	case "whole number", "number", "date", "period":
		return name + "s"
	}
	return name
}
