package cmd

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// compileSchema compiles what rapport schema prints with a JSON Schema
// validator, as an editor would.
func compileSchema(t *testing.T, schema any) *jsonschema.Schema {
	t.Helper()
	var b bytes.Buffer
	if err := writeJSON(&b, schema); err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("rapport.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("rapport.schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// frontmatterJSON reads YAML as JSON would hold it: scalars by their YAML
// tag, and dates as the text they are written as, as rapport reads them.
func frontmatterJSON(t *testing.T, src string) any {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	var conv func(n *yaml.Node) any
	conv = func(n *yaml.Node) any {
		switch n.Kind {
		case yaml.DocumentNode:
			return conv(n.Content[0])
		case yaml.MappingNode:
			m := map[string]any{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				m[n.Content[i].Value] = conv(n.Content[i+1])
			}
			return m
		case yaml.SequenceNode:
			l := []any{}
			for _, c := range n.Content {
				l = append(l, conv(c))
			}
			return l
		}
		switch n.Tag {
		case "!!int", "!!float":
			f, err := strconv.ParseFloat(n.Value, 64)
			if err == nil {
				return json.Number(strconv.FormatFloat(f, 'f', -1, 64))
			}
		case "!!bool":
			return n.Value == "true"
		case "!!null":
			return nil
		}
		return n.Value
	}
	return conv(&n)
}

// TestSchemaExamplePractice: every record of the example practice, and its
// practice.yaml, is valid against the schema.
func TestSchemaExamplePractice(t *testing.T) {
	recs := compileSchema(t, recordsSchema())
	n := 0
	err := filepath.WalkDir("../example-practice/clients", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		parts := strings.SplitN(string(data), "---\n", 3)
		if len(parts) < 3 {
			t.Errorf("%s: no frontmatter", path)
			return nil
		}
		if err := recs.Validate(frontmatterJSON(t, parts[1])); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("read %d records: %v", n, err)
	}
	data, err := os.ReadFile("../example-practice/practice.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t, practiceSchema()).Validate(frontmatterJSON(t, string(data))); err != nil {
		t.Errorf("practice.yaml: %v", err)
	}
}

// TestSchemaRefuses: what check reports as unknown or of the wrong type
// the schema refuses too.
func TestSchemaRefuses(t *testing.T) {
	recs := compileSchema(t, recordsSchema())
	tests := []struct {
		name, yaml string
		valid      bool
	}{
		{"session", "kind: session\nnumber: 3\ndate: 2026-02-04\ngoals: [speak-up]\nactions:\n  - {text: Ask, due: 2026-02-11, set_by: client}\n", true},
		{"obsidian properties", "kind: session\ntags: coaching\naliases: [A]\ncheck: {disable: [next-missing]}\n", true},
		{"phone as a number", "kind: agreement\ncontact: {phone: 07700900123}\n", true},
		{"no kind", "number: 3\n", false},
		{"unknown kind", "kind: note\n", false},
		{"unknown field", "kind: session\nnumbr: 3\n", false},
		{"field of another kind", "kind: reflection\nnumber: 3\n", false},
		{"unknown word", "kind: session\nbilling: free\n", false},
		{"not a date", "kind: session\ndate: 4 Feb 2026\n", false},
		{"not a whole number", "kind: session\nnumber: three\n", false},
		{"bad period", "kind: agreement\nrecords: {retention: six years}\n", false},
		{"unknown nested field", "kind: agreement\nrecords: {held: coach}\n", false},
		{"action set by nobody", "kind: session\nactions:\n  - {text: Ask, set_by: nobody}\n", false},
	}
	for _, tt := range tests {
		err := recs.Validate(frontmatterJSON(t, tt.yaml))
		if (err == nil) != tt.valid {
			t.Errorf("%s: valid = %v, want %v (%v)", tt.name, err == nil, tt.valid, err)
		}
	}
}
