package body

import (
	"strings"
	"testing"
)

func TestLookalike(t *testing.T) {
	tests := []struct {
		heading string
		extra   []string
		want    string // a part of the reason; "" when not flagged
	}{
		// Look-alike letters.
		{"Рrivate", nil, "U+0420"},        // Cyrillic capital Er
		{"Рrivate notes", nil, "U+0420"},  // with more words
		{"Priνate", nil, "U+03BD"},        // Greek nu
		{"Privаte", nil, "U+0430"},        // Cyrillic a
		{"PRIVАTE", nil, "U+0410"},        // Cyrillic capital A
		{"Prіvate", nil, "U+0456"},        // Ukrainian i
		{"Ρrivate", nil, "U+03A1"},        // Greek capital Rho
		{"Prívate", nil, "U+00ED"},        // an accent
		{"PRİVATE", nil, "U+0130"},        // Turkish dotted capital I
		{"Pr1vate", nil, "'1'"},           // a digit
		{"Priv4te", nil, "'4'"},           // a digit
		{"Pri vate", nil, "split in two"}, // a space
		{"Pri-vate", nil, "split in two"}, // a hyphen
		// Misspellings.
		{"Privte", nil, "misspelling"},
		{"Pirvate", nil, "misspelling"},
		{"Privat", nil, "misspelling"},
		{"Privet", nil, "misspelling"},
		{"Prvate", nil, "misspelling"},
		{"Privaet notes", nil, "misspelling"},
		{"Privatee", nil, "misspelling"},
		{"Privates", nil, "misspelling"},
		{"Rivate:", nil, "misspelling"},
		{"**Privte**", nil, "misspelling"},
		{"Privat", []string{"privat"}, ""}, // the practice's own word
		// Other wording.
		{"Confidential", nil, "confidential"},
		{"Coach only", nil, "coach only"},
		{"Coach only", []string{"coach only"}, ""},
		// Private wording after the first word.
		{"Coach's private notes", nil, "not as its first word"},
		{"My PRIVATE notes:", nil, "not as its first word"},
		{"Notes – Рrivate", nil, "not as its first word"},
		{"Notes (confidential)", nil, "confidential"},
		{"Notes, coach only", nil, "coach only"},
		// Typographic marks between the words.
		{"Session 7 — private", nil, "not as its first word"},
		{"Notes for the coach — “only”", nil, "coach only"},
		{"Coach’s private notes", nil, "not as its first word"},
		{"Session 7 — Рrivate", nil, "not as its first word"},
		{"Session 7 – Pr1vate", nil, "not as its first word"},
		{"Session 7 — 30 December 2024", nil, ""},
		{"Notes for the coach; two only", nil, ""},
		// Not flagged.
		{"Private", nil, ""},
		{"Private notes", nil, ""},
		{"Ｐｒｉｖａｔｅ", nil, ""},
		{"Privacy", nil, ""},
		{"Privacy and confidentiality", nil, ""},
		{"Privately held beliefs", nil, ""},
		{"Confidentiality", nil, ""},
		{"What we discussed", nil, ""},
		{"Actions", nil, ""},
		{"Pivot", nil, ""},
		{"Prime", nil, ""},
		{"Derivative", nil, ""},
		{"Motivate", nil, ""},
		{"Activate", nil, ""},
		{"Coaching", nil, ""},
		{"Priorities", nil, ""},
		{"Pirate", nil, ""},
		{"", nil, ""},
	}
	for _, tt := range tests {
		got := NewRule(tt.extra).Lookalike(tt.heading)
		if (got == "") != (tt.want == "") || !strings.Contains(got, tt.want) {
			t.Errorf("Lookalike(%q, %q) = %q, want %q", tt.heading, tt.extra, got, tt.want)
		}
		// The cheap filter check uses must clear every heading flagged.
		for _, line := range []string{"## " + tt.heading, "> - ### " + tt.heading + " ##", tt.heading + "\n---", "1. ## **" + tt.heading + "**",
			"- " + tt.heading + "\n  two\n  ===", "Text\n\n> " + tt.heading + "\n> ---"} {
			if got != "" && !MayHaveLookalike([]byte("text\n"+line+"\nmore\n")) {
				t.Errorf("MayHaveLookalike misses %q", line)
			}
		}
	}
}

func TestMayHaveLookalikeIsCheap(t *testing.T) {
	src := []byte("## What we discussed\n\n## Only the coach knows how\n\nPlenty: a long paragraph about values and work.\n\n- one\n- two\n\n## Privacy\n\nKept safe.\n")
	if MayHaveLookalike(src) {
		t.Error("an ordinary body needs a parse")
	}
	if n := testing.AllocsPerRun(100, func() { MayHaveLookalike(src) }); n != 0 {
		t.Errorf("MayHaveLookalike allocates %v times on ASCII", n)
	}
	if !MayHaveLookalike([]byte("## &#80;rivte\n")) || !MayHaveLookalike([]byte("Рrivate\n---\n")) {
		t.Error("a reference or a look-alike letter needs a parse")
	}
}

// TestMayHaveLookalikeMarkup: emphasis and code marks inside a word are
// not in the heading's text, so they do not hide a misspelling from the
// scan; nor do leading digits.
func TestMayHaveLookalikeMarkup(t *testing.T) {
	for _, s := range []string{"## Pri*v*te\n", "## Pr`i`vte\n", "## Pri~~x~~vte\n", "Pri_v_te\n---\n", "00PrivAte\n-", "## 0Privte\n"} {
		if !MayHaveLookalike([]byte(s)) {
			t.Errorf("MayHaveLookalike(%q) is false", s)
		}
	}
}
