package body

import (
	"testing"
	"unicode/utf8"
)

// prescanSeeds are bodies of the kinds that have slipped past a pre-scan or
// nearly did: every line ending, spaces and dashes of every kind, invisible
// characters, setext underlines, list items, block quotes, capitals and
// trailing colons, around the words the privacy rules look for.
var prescanSeeds = []string{
	"## Private\n\nSECRET\n", "Private\n---\u00a0\n", "Private\n---\u00a0\n\nSECRET\n", "Intro\nPrivate\n====\n",
	"Private\r\n-------\r\n\r\nSECRET\r\n", "Private\r---\rSECRET\r", "Intro\rPrivate\r===\r",
	"\tPrivate\n---\n", "\u00a0Private\n---\n", "Private\n\u00a0---\n", "Private\n\t---\n", "Private\n   ===   \n",
	"Private\n\u3000===\n", "Private\n---\u2003\n", "- Private\n---\n", "> Private\n---\n", "1. Private\n---\n",
	"    Private\n---\n", "Pri\u200bvate\n---\n", "Pri\u00advate notes\n===\n", "PRIVATE:\n---\n", "Private:\n",
	"## Рrivate\n", "## Privte\n", "## Pri vate\n", "## Notes — private\n", "## Notes – confidential\n",
	"## “Confidential”\n", "## Coach only\n", "## COACH ONLY:\n", "## Coach\u00a0only\n", "Coach\nonly\n---\n",
	"> ## Confidential\n", "- ## Privat\n", "Notes\nfor the coach, private\n===\n", "<details>\n## Private\n</details>\n",
	"<h2>Private</h2>\n", "#Private\n", "\\## Private\n", "＃＃ Private\n", "\u00a0## Private\n", "\u2028## Private\n",
	"Shared.\n\n```\n## Private\n```\n", "Hello <!-- note -->\n", "%% for me %%\n", "Text\n\n<!--\nhidden\n-->\n",
	"Session 7 — 30 December\n=======================\n", "Session 7 – notes\n---\n", "## &#80;rivte\n", "## Pr&iuml;vate\n",
	"- one\n- two\n\n## What we discussed\n", "Plain prose with no headings at all.\n",
	"## Pri*v*te\n", "## Pr`i`vte\n", "Coach *only*\n---\n", "Intro\n> Privte\n---\n", "00PrivAte\n-",
	"1. Notes\n   Privte\n   ---\n", "| a |\n|---|\n## Private\n", "[x]: /u\nPrivte\n===\n",
}

func addSeeds(f *testing.F) {
	for _, s := range prescanSeeds {
		f.Add(s)
	}
}

var prescanRules = []Rule{{}, NewRule([]string{"coach only", "confidential", "for me"})}

// FuzzMayHaveUnmade: whenever Unmade lists a line, under the default rule
// or with a practice's own words, MayHaveUnmade is true, so check reads the
// body.
func FuzzMayHaveUnmade(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // parse refuses a record that is not UTF-8
		}
		for _, rule := range prescanRules {
			if got := Parse([]byte(s), rule).Unmade(rule); len(got) > 0 && !MayHaveUnmade([]byte(s)) {
				t.Fatalf("MayHaveUnmade(%q) is false, but Unmade lists %+v", s, got)
			}
		}
	})
}

// FuzzMayHaveLookalike: whenever a heading that is not private looks as if
// it was meant to be, MayHaveLookalike is true. The practice's own words
// only make more headings private, so the default rule is the one to hold
// it to.
func FuzzMayHaveLookalike(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		var rule Rule
		for _, h := range Parse([]byte(s), rule).Headings() {
			if why := rule.Lookalike(h.Text); !h.Private && why != "" && !MayHaveLookalike([]byte(s)) {
				t.Fatalf("MayHaveLookalike(%q) is false, but heading %q is flagged: %s", s, h.Text, why)
			}
		}
	})
}

// FuzzMayHaveComment: whenever Comments lists a comment, MayHaveComment is
// true.
func FuzzMayHaveComment(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		for _, rule := range prescanRules {
			if got := Parse([]byte(s), rule).Comments(); len(got) > 0 && !MayHaveComment([]byte(s)) {
				t.Fatalf("MayHaveComment(%q) is false, but Comments lists %+v", s, got)
			}
		}
	})
}
