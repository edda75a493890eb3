package check_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
)

// TestSARIFOfficialSchema validates check's SARIF against the SARIF 2.1.0
// schema itself. The schema is not kept in the repository: .ci/run takes it
// from an npm package and names it in RAPPORT_SARIF_SCHEMA. Without it the
// test is skipped; TestSARIFSchema still checks what the schema requires.
func TestSARIFOfficialSchema(t *testing.T) {
	path := os.Getenv("RAPPORT_SARIF_SCHEMA")
	if path == "" {
		t.Skip("set RAPPORT_SARIF_SCHEMA to the SARIF 2.1.0 JSON schema, as .ci/run does")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	golden := checkAll(t, "testdata/practice", "2026-02-04")
	for name, ps := range map[string][]records.Problem{"none": nil, "hostile": hostile, "golden practice": golden} {
		var b bytes.Buffer
		if err := check.WriteSARIF(&b, ps, testTool, "coaching"); err != nil {
			t.Fatal(err)
		}
		log, err := jsonschema.UnmarshalJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(log); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The schema is strict enough to catch a broken log.
	if err := schema.Validate(map[string]any{"version": "2.0", "runs": []any{}}); err == nil {
		t.Error("the schema took a log of version 2.0")
	}
}
