package cmd

import (
	"os"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
)

// TestReferenceDoc keeps docs/records.md the same as rapport help records,
// both made from the schema in code (go test ./cmd -run TestReferenceDoc
// -update rewrites it).
func TestReferenceDoc(t *testing.T) {
	var b strings.Builder
	writeReference(&b)
	const path = "../docs/records.md"
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("%s differs from the reference made from the code; run go test ./cmd -run TestReferenceDoc -update", path)
	}
	for _, field := range []string{"`client_name` (text)", "`actions[].set_by` (text: client, coach)", "`records.retention` (period)", "`tags` (a list of text, or one word)", "`check.disable`"} {
		if !strings.Contains(b.String(), field) {
			t.Errorf("the reference does not describe %s", field)
		}
	}
}

// TestRuleFieldsExist: every field a rule says it reads is in the
// reference, so the "checked by" notes cannot point at nothing.
func TestRuleFieldsExist(t *testing.T) {
	known := map[string]bool{}
	var walk func(kind string, fs []records.FieldDoc)
	walk = func(kind string, fs []records.FieldDoc) {
		for _, f := range fs {
			known[fieldKey(kind, f.Path)] = true
			walk(kind, f.Inner)
		}
	}
	for _, k := range append([]records.Kind{"practice"}, records.Kinds...) {
		walk(string(k), records.Reference(k))
	}
	n := 0
	for _, r := range check.Rules {
		for _, f := range r.Fields {
			n++
			if !known[f] {
				t.Errorf("rule %s reads %s, which is no field", r.Name, f)
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d fields are read by rules", n)
	}
}
