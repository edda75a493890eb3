package cmd

import (
	"os"
	"strings"
	"testing"
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
