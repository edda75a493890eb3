package cmd

import (
	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
)

func newSchemaCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "schema [practice]",
		Short: "Print a JSON Schema of the records' frontmatter, for editors and CI",
		Long: `Print a JSON Schema (draft 2020-12) of the frontmatter of every kind of record,
or with practice, of practice.yaml: made from the same code as rapport help
records, for an editor that checks YAML as you type, or a CI step. A record is
one of the kinds, told apart by its kind field. rapport check remains the
judge: it also knows what is missing, and what coaching ethics expect.`,
		Example: `  rapport schema > rapport-records.schema.json
  rapport schema practice > rapport-practice.schema.json`,
		Args:      cobra.MatchAll(cobra.MaximumNArgs(1), cobra.OnlyValidArgs),
		ValidArgs: []string{"practice"},
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 1 {
				return writeJSON(a.Stdout, practiceSchema())
			}
			return writeJSON(a.Stdout, recordsSchema())
		},
	}
}

const jsonSchemaDraft = "https://json-schema.org/draft/2020-12/schema"

// recordsSchema is one schema for every kind of record.
func recordsSchema() map[string]any {
	defs := map[string]any{}
	var kinds []any
	for _, k := range records.Kinds {
		s := objectSchema(records.Reference(k))
		props := s["properties"].(map[string]any)
		props["kind"] = map[string]any{"const": string(k), "description": "what the record is"}
		s["required"] = []string{"kind"}
		defs[string(k)] = s
		kinds = append(kinds, map[string]any{"$ref": "#/$defs/" + string(k)})
	}
	return map[string]any{
		"$schema": jsonSchemaDraft,
		"title":   "rapport record frontmatter",
		"oneOf":   kinds,
		"$defs":   defs,
	}
}

// practiceSchema is the schema of practice.yaml.
func practiceSchema() map[string]any {
	s := objectSchema(records.Reference("practice"))
	s["$schema"] = jsonSchemaDraft
	s["title"] = "rapport practice.yaml"
	return s
}

// objectSchema is a set of fields: no field that rapport does not read, as
// check reports field-unknown.
func objectSchema(fields []records.FieldDoc) map[string]any {
	props := map[string]any{}
	for _, f := range fields {
		props[lastKey(f.Path)] = fieldSchema(f)
	}
	return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
}

func lastKey(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			return path[i+1:]
		}
	}
	return path
}

// fieldSchema is one field's schema, with its description.
func fieldSchema(f records.FieldDoc) map[string]any {
	s := valueSchema(f.Value, f.Inner)
	if f.Value == records.ValueList {
		s["items"] = valueSchema(f.Item, f.Inner)
	}
	if len(f.Words) > 0 {
		s["enum"] = f.Words
	}
	s["description"] = f.Doc
	return s
}

func valueSchema(v records.Value, inner []records.FieldDoc) map[string]any {
	switch v {
	case records.ValueDate:
		return map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}-\d{2}$`}
	case records.ValuePeriod:
		return map[string]any{"type": "string", "pattern": `^[0-9]+[ymd]$`}
	case records.ValueInt:
		return map[string]any{"type": "integer"}
	case records.ValueNumber:
		return map[string]any{"type": "number"}
	case records.ValueBool:
		return map[string]any{"type": "boolean"}
	case records.ValueFields:
		return objectSchema(inner)
	case records.ValueList:
		return map[string]any{"type": "array"}
	case records.ValueWords:
		return map[string]any{"anyOf": []any{
			map[string]any{"type": "string"},
			map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		}}
	}
	// Text: rapport also takes a number or true written without quotes
	// (a phone number, a year) as text.
	return map[string]any{"type": []string{"string", "number", "boolean"}}
}
