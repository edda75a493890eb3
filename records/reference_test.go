package records

import (
	"slices"
	"testing"
)

// TestAllowedWords: the words check accepts come from the schema's tags.
func TestAllowedWords(t *testing.T) {
	tests := []struct {
		kind Kind
		path string
		want []string
	}{
		{KindAgreement, "status", []string{"draft", "active", "ended"}},
		{KindAgreement, "records.held_by", []string{"client", "coach", "both"}},
		{KindAgreement, "goals.status", []string{"open", "achieved", "dropped"}},
		{KindSession, "actions.set_by", []string{"client", "coach"}},
		{KindSession, "billing", []string{"paid", "pro-bono"}},
		{KindReflection, "author", []string{"client", "coach"}},
		{KindSession, "kind", []string{"agreement", "session", "reflection"}},
		{"practice", "handouts.paper", []string{"A4", "Letter"}},
		{KindAgreement, "client_name", nil},
		{KindAgreement, "no.such", nil},
	}
	for _, tt := range tests {
		if got := AllowedWords(tt.kind, tt.path); !slices.Equal(got, tt.want) {
			t.Errorf("AllowedWords(%s, %s) = %v, want %v", tt.kind, tt.path, got, tt.want)
		}
	}
}

// TestReferenceComplete: every field the walker accepts is in the
// reference with a description, so the reference cannot fall behind.
func TestReferenceComplete(t *testing.T) {
	for _, kind := range append([]Kind{"practice"}, Kinds...) {
		var walk func(fs []FieldDoc)
		n := 0
		walk = func(fs []FieldDoc) {
			for _, f := range fs {
				n++
				if f.Doc == "" || f.Type == "" {
					t.Errorf("%s: %s has no description or type", kind, f.Path)
				}
				walk(f.Inner)
			}
		}
		walk(Reference(kind))
		if n < 5 {
			t.Errorf("%s: only %d fields", kind, n)
		}
	}
}
