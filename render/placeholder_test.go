package render

import (
	"strings"
	"testing"
)

func TestBlankPlaceholders(t *testing.T) {
	blank := strings.Repeat(`\_`, len(BlankLine))
	tests := []struct{ name, in, want string }{
		{"none", "Plain notes.\n", "Plain notes.\n"},
		{"list item", "- TODO(the client's goals)\n", "- " + blank + "\n"},
		{"two on a line", "From TODO(start) to TODO(end).\n", "From " + blank + " to " + blank + ".\n"},
		{"CRLF", "TODO(fee)\r\nNext line\r\n", blank + "\r\nNext line\r\n"},
		// Spanning lines, blanking could join a Private heading to the
		// text around it: such a placeholder is left for check to report.
		{"over two lines", "TODO(one\n## Private\nsecret)\n", "TODO(one\n## Private\nsecret)\n"},
		{"unclosed", "TODO(never closed\n", "TODO(never closed\n"},
	}
	for _, tt := range tests {
		if got := string(blankPlaceholders([]byte(tt.in))); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A blanked placeholder reads as a line of underscores, never as emphasis
// or a thematic break, and keeps private what was private.
func TestBlankPlaceholdersRender(t *testing.T) {
	src := "## Your goals\n\nTODO(the goals)\n\n- TODO(one)\n\n## Private\n\nTODO(kept) secret words\n"
	h, err := markdownHTML(Parse(blankPlaceholders([]byte(src))))
	if err != nil {
		t.Fatal(err)
	}
	out := string(h)
	for _, bad := range []string{"TODO(", "<hr", "<em>", "<strong>", "secret words"} {
		if strings.Contains(out, bad) {
			t.Errorf("output holds %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "<p>"+BlankLine+"</p>") || !strings.Contains(out, "<li>"+BlankLine+"</li>") {
		t.Errorf("no blank lines to write on:\n%s", out)
	}
}
