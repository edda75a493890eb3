package body

import "testing"

// TestUnmade: lines that read as a private heading but that Markdown shows
// as text are listed, with their line; real private headings, ordinary
// prose and lines already inside a private section are not.
func TestUnmade(t *testing.T) {
	rule := NewRule([]string{"coach only"})
	for _, tt := range []struct {
		name, src string
		line      int // 0: nothing listed
	}{
		{"tab before #", "Shared.\n\n\t## Private\n\nSECRET\n", 3},
		{"four spaces before #", "Shared.\n\n    ## Private\n\nSECRET\n", 3},
		{"no-break space before #", "Shared.\n\n\u00a0## Private\n\nSECRET\n", 3},
		{"ideographic space before #", "Shared.\n\n\u3000## Private\n\nSECRET\n", 3},
		{"full-width number signs", "Shared.\n\n＃＃ Private\n\nSECRET\n", 3},
		{"escaped #", "Shared.\n\n\\## Private\n\nSECRET\n", 3},
		{"no space after #", "Shared.\n\n##Private notes\n\nSECRET\n", 3},
		{"inside details", "<details>\n## Private\nSECRET\n</details>\n", 2},
		{"an HTML heading", "<h2>Private</h2>\nSECRET\n", 1},
		{"joined to the line above", "Intro\nPrivate\n=======\n\nSECRET\n", 2},
		{"the practice's words", "Shared.\n\n    ## Coach only\n\nSECRET\n", 3},
		{"a real heading", "Shared.\n\n## Private notes\n\nSECRET\n", 0},
		{"a real setext heading", "Shared.\n\nPrivate\n-------\n\nSECRET\n", 0},
		{"a real heading in a list item", "- a point\n\n  ## Private\n\n  SECRET\n", 0},
		{"prose that starts with the word", "Private sessions cost the same.\n", 0},
		{"inside a private section", "## Private\n\n    ## Private again\n\nSECRET\n", 0},
		{"another heading", "Shared.\n\n    ## Notes\n", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Parse([]byte(tt.src), rule).Unmade(rule)
			switch {
			case tt.line == 0 && len(got) > 0:
				t.Errorf("listed %+v", got)
			case tt.line > 0 && (len(got) != 1 || got[0].Line != tt.line):
				t.Errorf("got %+v, want one at line %d", got, tt.line)
			}
			if tt.line > 0 && !MayHaveUnmade([]byte(tt.src)) {
				t.Errorf("MayHaveUnmade is false, so check would not read this body")
			}
		})
	}
}

// TestMayUnderline: the cheap look never rules out a line setextUnderline
// takes, and rules out list items.
func TestMayUnderline(t *testing.T) {
	for _, line := range []string{"---", "===", "  ===  ", "---\t", "--- \u00a0", "\u00a0---", "\u3000===", "\t---", "---\r", "=", "-",
		"- Plan", "-- x", "= =", "- - -", "--=", "", "   ", "text", "-\u00e9"} {
		if setextUnderline(line) && !mayUnderline([]byte(line)) {
			t.Errorf("mayUnderline rules out %q, an underline", line)
		}
	}
	for _, line := range []string{"- Plan the week", "-- note", "== not", "=== x"} {
		if mayUnderline([]byte(line)) {
			t.Errorf("mayUnderline(%q) = true; it cannot be an underline", line)
		}
	}
}

// TestMayHaveUnmadeCases: underlines and lines Markdown does not read as a
// setext heading are never taken for one; ordinary bodies, real setext
// headings among them, still need no parse.
func TestMayHaveUnmadeCases(t *testing.T) {
	for _, src := range []string{"Private\n---\u00a0\n", "Private\n\u00a0---\n", "Private\n\t---\n", "Private\n---\u2003\n",
		"- Private\n---\n", "> Private\n---\n", "    Private\n---\n", "\tPrivate\n---\n", "* #Private\n", "Intro\rPrivate\r===\r"} {
		if len(Parse([]byte(src), Rule{}).Unmade(Rule{})) == 0 {
			t.Errorf("Unmade lists nothing in %q: the case tests nothing", src)
		}
		if !MayHaveUnmade([]byte(src)) {
			t.Errorf("MayHaveUnmade(%q) is false, but Unmade lists a line", src)
		}
	}
	for _, src := range []string{"Shared.\n\nPrivate notes\n-------------\n\nSECRET\n", "## Notes\n\n- one\n- two\n\n## Private\n\nx\n",
		"Summary\n=======\n\nWe talked.\r\n", "Plain prose.\n\n---\n\nMore prose.\n"} {
		if MayHaveUnmade([]byte(src)) {
			t.Errorf("MayHaveUnmade(%q) is true: an ordinary body would be parsed", src)
		}
	}
}
