package pdf

import (
	"reflect"
	"testing"
)

func TestFromMarkdown(t *testing.T) {
	tests := []struct {
		name string
		md   string
		want []Block
	}{
		{"heading", "## Your actions", []Block{Heading{Level: 2, Text: Plain("Your actions")}}},
		{"styles", "plain **bold** *it* ***both*** `code` ~~gone~~",
			[]Block{Paragraph{Text: Text{
				{Text: "plain "}, {Text: "bold", Style: Bold}, {Text: " "}, {Text: "it", Style: Italic}, {Text: " "},
				{Text: "both", Style: Bold | Italic}, {Text: " "}, {Text: "code", Style: Code}, {Text: " "}, {Text: "gone", Style: Strike},
			}}}},
		{"links", "[ICF](https://coachingfederation.org) and https://example.org/x and <jo@example.org>",
			[]Block{Paragraph{Text: Text{
				{Text: "ICF", URL: "https://coachingfederation.org"}, {Text: " and "},
				{Text: "https://example.org/x", URL: "https://example.org/x"}, {Text: " and "},
				{Text: "jo@example.org", URL: "mailto:jo@example.org"},
			}}}},
		{"entities and escapes", `Fish &amp; chips \*not emphasis\* &#8212; done`,
			[]Block{Paragraph{Text: Plain("Fish & chips *not emphasis* — done")}}},
		{"soft and hard breaks", "one\ntwo  \nthree", []Block{Paragraph{Text: Plain("one two\nthree")}}},
		{"raw html is literal", "a <b>b</b>\n\n<script>x()</script>",
			[]Block{Paragraph{Text: Plain("a <b>b</b>")}, Paragraph{Text: Plain("<script>x()</script>")}}},
		{"task list", "- [ ] ask\n- [x] done\n- plain",
			[]Block{List{Items: []ListItem{
				{Task: true, Blocks: []Block{Paragraph{Text: Plain("ask")}}},
				{Task: true, Checked: true, Blocks: []Block{Paragraph{Text: Plain("done")}}},
				{Blocks: []Block{Paragraph{Text: Plain("plain")}}},
			}}}},
		{"nested ordered", "3. three\n   - sub",
			[]Block{List{Ordered: true, Start: 3, Items: []ListItem{{Blocks: []Block{
				Paragraph{Text: Plain("three")},
				List{Items: []ListItem{{Blocks: []Block{Paragraph{Text: Plain("sub")}}}}},
			}}}}}},
		{"table", "| Goal | Score |\n|---|--:|\n| Speak up | 6 |",
			[]Block{Table{
				Header: []Text{Plain("Goal"), Plain("Score")},
				Align:  []Align{AlignLeft, AlignRight},
				Rows:   [][]Text{{Plain("Speak up"), Plain("6")}},
			}}},
		{"rule, code and quote", "---\n\n```\nx := 1\n```\n\n> said",
			[]Block{Rule{}, CodeBlock{Text: "x := 1\n"}, Quote{Blocks: []Block{Paragraph{Text: Plain("said")}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := markdownBlocks(t, []byte(tt.md))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FromMarkdown(%q)\n got %#v\nwant %#v", tt.md, got, tt.want)
			}
		})
	}
}
