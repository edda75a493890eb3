package records

import (
	"slices"
	"strings"
	"testing"
)

// TestProperties: the Obsidian properties and the record's own check
// settings are understood on every kind of record, in both the list and the
// single-word form Obsidian writes.
func TestProperties(t *testing.T) {
	heads := map[Kind]string{
		KindAgreement:  "kind: agreement\nclient_name: Alice Smith\n",
		KindSession:    "kind: session\nnumber: 1\ndate: 2026-02-04\n",
		KindReflection: "kind: reflection\nauthor: coach\ndate: 2026-02-04\n",
	}
	tests := []struct {
		name     string
		yaml     string
		want     Properties
		problems []string // rules, in order
	}{
		{"lists", "tags: [coaching, leadership]\naliases: [Alice]\ncssclasses: [wide]\n",
			Properties{Tags: List{"coaching", "leadership"}, Aliases: List{"Alice"}, CSSClasses: List{"wide"}}, nil},
		{"block lists", "tags:\n  - coaching\naliases:\n  - A. Smith\n",
			Properties{Tags: List{"coaching"}, Aliases: List{"A. Smith"}}, nil},
		{"single words", "tags: coaching\naliases: Alice\ncssclasses: wide\n",
			Properties{Tags: List{"coaching"}, Aliases: List{"Alice"}, CSSClasses: List{"wide"}}, nil},
		{"empty", "tags:\naliases: []\n", Properties{Aliases: List{}}, nil},
		{"check disable", "check: {disable: [next-missing]}\n",
			Properties{Check: RecordCheck{Disable: []string{"next-missing"}}}, nil},
		{"misspelt", "tag: coaching\n", Properties{}, []string{RuleFieldUnknown}},
		{"capitals", "Tags: coaching\n", Properties{}, []string{RuleFieldUnknown}},
		{"not a list", "tags: {a: b}\n", Properties{}, []string{RuleFieldType}},
		{"unknown check key", "check: {warn: [x]}\n", Properties{}, []string{RuleFieldUnknown}},
	}
	for _, kind := range Kinds {
		for _, tt := range tests {
			t.Run(string(kind)+"/"+tt.name, func(t *testing.T) {
				data := "---\n" + heads[kind] + tt.yaml + "---\nbody\n"
				rec, problems := Parse("clients/alice-smith/x.md", "alice-smith", []byte(data), true)
				var got Properties
				switch r := rec.(type) {
				case *Agreement:
					got = r.Properties
				case *Session:
					got = r.Properties
				case *Reflection:
					got = r.Properties
				default:
					t.Fatalf("not understood: %v", problems)
				}
				var rules []string
				for _, p := range problems {
					rules = append(rules, p.Rule)
				}
				if !slices.Equal(rules, tt.problems) {
					t.Errorf("problems %v, want rules %v", problems, tt.problems)
				}
				if !equalProperties(got, tt.want) {
					t.Errorf("got %+v, want %+v", got, tt.want)
				}
			})
		}
	}
}

func TestPropertiesHint(t *testing.T) {
	data := "---\nkind: session\nnumber: 1\ndate: 2026-02-04\ncssclass: wide\n---\n"
	_, problems := Parse("clients/a/x.md", "a", []byte(data), false)
	if len(problems) != 1 || !strings.Contains(problems[0].Hint, "cssclasses") {
		t.Fatalf("want one problem suggesting cssclasses, got %v", problems)
	}
}

func equalProperties(a, b Properties) bool {
	return slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Aliases, b.Aliases) &&
		slices.Equal(a.CSSClasses, b.CSSClasses) && slices.Equal(a.Check.Disable, b.Check.Disable) &&
		(a.Aliases == nil) == (b.Aliases == nil)
}
