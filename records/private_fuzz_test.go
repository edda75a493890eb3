package records

import (
	"testing"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/records/body"
)

var prescanSeeds = []string{
	"## Private\n\nSECRET\n", "Private\n---\u00a0\n", "Intro\nPrivate\n====\n", "Private\r\n-------\r\n\r\nSECRET\r\n",
	"Private\r---\rSECRET\r", "\tPrivate\n---\n", "Private\n\u00a0---\n", "Private\n\u3000===\n", "- Private\n---\n",
	"> Private\n---\n", "    Private\n---\n", "Pri\u200bvate\n---\n", "PRIVATE:\n---\n", "## Рrivate\n", "## Privte\n",
	"## Notes — private\n", "## “Confidential”\n", "## Coach\u00a0only\n", "Coach\nonly\n---\n", "<h2>Private</h2>\n",
	"#Private\n", "＃＃ Private\n", "\u00a0## Private\n", "Hello <!-- note -->\n", "%% for me %%\n", "Notes TODO(fill in)\n",
	"Private\n= = =\n", "Private\n-\n", "Private\n - - -\n", "Private\n\t===\n", "> Private\n> ===\n", "- Private\n  ---\n",
	"Plain prose with no headings at all.\n",
}

var prescanRules = []body.Rule{{}, body.NewRule([]string{"coach only", "confidential"})}

// FuzzCheckNeedsBody: check keeps a body whenever one of the rules that
// read bodies would find something in it: a line that reads as a private
// heading but is none, a heading that looks private, a comment the client
// would read, a placeholder.
func FuzzCheckNeedsBody(f *testing.F) {
	for _, s := range prescanSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // parse refuses a record that is not UTF-8
		}
		src := loneCRToLF([]byte(s)) // as parse hands check a body
		if checkNeedsBody(src) {
			return
		}
		for _, rule := range prescanRules {
			b := body.Parse(src, rule)
			if got := b.Unmade(rule); len(got) > 0 {
				t.Fatalf("checkNeedsBody(%q) is false, but Unmade lists %+v", src, got)
			}
			if got := b.Comments(); len(got) > 0 {
				t.Fatalf("checkNeedsBody(%q) is false, but Comments lists %+v", src, got)
			}
			for _, h := range b.Headings() {
				if why := rule.Lookalike(h.Text); !h.Private && why != "" {
					t.Fatalf("checkNeedsBody(%q) is false, but heading %q looks private: %s", src, h.Text, why)
				}
			}
		}
	})
}

// FuzzMayHaveHeading: a body with a private section is never passed over.
func FuzzMayHaveHeading(f *testing.F) {
	for _, s := range prescanSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || mayHaveHeading([]byte(s)) {
			return
		}
		for _, rule := range prescanRules {
			if got := body.Parse([]byte(s), rule).Private(); len(got) > 0 {
				t.Fatalf("mayHaveHeading(%q) is false, but it has a private section %q", s, got[0].Markdown)
			}
		}
	})
}
