package render

import (
	"strings"
	"testing"
)

// TestTaskItemsAreNamedBoxes checks that a task list in a record's notes
// becomes boxes to tick by hand, each named for a screen reader, and never
// an unlabelled form field.
func TestTaskItemsAreNamedBoxes(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"open", "- [ ] Call Maria\n", []string{`<li><span role="img" class="box" aria-label="to do"></span> Call Maria</li>`}},
		{"done", "- [x] Book the room\n", []string{`<span role="img" class="box ticked" aria-label="done"></span> Book the room`}},
		{"capital X", "- [X] Book the room\n", []string{`class="box ticked" aria-label="done"`}},
		{"loose list", "- [ ] One\n\n- [x] Two\n", []string{`<p><span role="img" class="box" aria-label="to do"></span> One</p>`, `aria-label="done"></span> Two`}},
		{"crlf", "- [ ] One\r\n- [x] Two\r\n", []string{`aria-label="to do"></span> One`, `aria-label="done"></span> Two`}},
		{"nested", "- Plan\n  - [ ] Draft\n", []string{"<li>Plan\n<ul>", `aria-label="to do"></span> Draft`}},
		{"not a task", "- [link] text\n- plain\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := markdownHTML(Parse([]byte(c.src)))
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			if strings.Contains(s, "<input") {
				t.Errorf("a form field in\n%s", s)
			}
			for _, w := range c.want {
				if !strings.Contains(s, w) {
					t.Errorf("want %s in\n%s", w, s)
				}
			}
			if c.want == nil && strings.Contains(s, `class="box`) {
				t.Errorf("a box where there is no task in\n%s", s)
			}
		})
	}
}
