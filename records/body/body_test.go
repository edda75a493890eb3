package body

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// visibleHTML renders a body's visible tree with goldmark's own renderer.
func visibleHTML(t testing.TB, b *Body) string {
	t.Helper()
	var out bytes.Buffer
	if err := Markdown().Renderer().Render(&out, b.VisibleSource, b.Root); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestVisibleTree parses bodies a coach writes (and some an attacker
// would) and checks the canary SECRET never reaches the visible tree while
// the shared text does.
func TestVisibleTree(t *testing.T) {
	tests := []struct {
		name, src string
		shared    []string // must be visible
	}{
		{"plain", "## Notes\nSHARED\n## Private\nSECRET\n", []string{"SHARED", "Notes"}},
		{"private notes", "## Private notes\nSECRET\n## Next\nSHARED\n", []string{"SHARED"}},
		{"trailing colon", "## Private:\nSECRET\n", nil},
		{"capitals and words", "### PRIVATE (coach only)\nSECRET\n", nil},
		{"emphasis", "## **Private**\nSECRET\n## Shared\nSHARED\n", []string{"SHARED"}},
		{"partial emphasis", "## *Pri*vate\nSECRET\n", nil},
		{"code span", "## `Private`\nSECRET\n", nil},
		{"link", "## [Private](https://e.example)\nSECRET\n", nil},
		{"raw html", "## <b>Private</b>\nSECRET\n", nil},
		{"comment", "## <!-- x -->Private\nSECRET\n", nil},
		{"backslash", "## \\*Private\\*\nSECRET\n", nil},
		{"full width", "## Ｐｒｉｖａｔｅ\nSECRET\n", nil},
		{"soft hyphen", "## Pri\u00advate\nSECRET\n", nil},
		{"soft hyphen entity", "## Pri&shy;vate\nSECRET\n", nil},
		{"nbsp", "## Private\u00a0notes\nSECRET\n", nil},
		{"nbsp entity", "## Private&nbsp;notes\nSECRET\n", nil},
		{"zero width", "## \u200bPrivate\nSECRET\n", nil},
		{"zero width entity", "## &#8203;Private\nSECRET\n", nil},
		{"decimal reference", "## &#80;rivate\nSECRET\n## Shared\nSHARED\n", []string{"SHARED"}},
		{"hex reference", "## &#x50;rivate\nSECRET\n", nil},
		{"named reference", "## &Rcy;rivate&colon;\nSHOWN\n", []string{"SHOWN"}}, // Cyrillic Р: shared, check warns
		{"closing hashes", "## Private ##\nSECRET\n", nil},
		{"indented heading", "   ## Private\nSECRET\n", nil},
		{"setext =", "Private\n=======\nSECRET\n\nShared\n======\nSHARED\n", []string{"SHARED"}},
		{"setext -", "Private notes\n---\nSECRET\n", nil},
		{"setext two lines", "Private\nnotes\n---\nSECRET\n", nil},
		{"crlf", "## Notes\r\nSHARED\r\n## Private\r\nSECRET\r\n## Next\r\nSHARED2\r\n", []string{"SHARED", "SHARED2"}},
		{"cr only", "## Notes\rSHARED\r## Private\rSECRET\r## Next\rSHARED2\r", []string{"SHARED", "SHARED2"}},
		{"mixed endings", "## Notes\nSHARED\r\n## Private\rSECRET\n## Next\r\nSHARED2", []string{"SHARED", "SHARED2"}},
		{"deeper headings stay private", "## Private\nSECRET\n### Detail\nSECRET\n#### More\nSECRET\n## Shared\nSHARED\n", []string{"SHARED"}},
		{"higher heading ends it", "### Private\nSECRET\n# Top\nSHARED\n", []string{"SHARED"}},
		{"same level ends it", "## Private\nSECRET\n## Shared\nSHARED\n", []string{"SHARED"}},
		{"two private sections", "## Private\nSECRET\n## A\nSHARED\n## Private notes\nSECRET\n", []string{"SHARED"}},
		{"list and table inside", "## Private\n- SECRET\n\n| a |\n| - |\n| SECRET |\n\n> SECRET\n\n```\nSECRET\n```\n", nil},
		{"in a block quote", "> ## Private\n> SECRET\n\nSHARED\n", []string{"SHARED"}},
		{"rest of the quote", "> SHARED\n>\n> ## Private\n> SECRET\n>\n> SECRET\n\nSHARED2\n", []string{"SHARED", "SHARED2"}},
		{"in a list item", "- SHARED\n- ## Private\n  SECRET\n- SHARED2\n", []string{"SHARED", "SHARED2"}},
		{"nested list item", "- SHARED\n  - ### Private\n    SECRET\n\n    SECRET\n- SHARED2\n", []string{"SHARED", "SHARED2"}},
		{"quote in list", "1. SHARED\n   > ## private:\n   > SECRET\n2. SHARED2\n", []string{"SHARED", "SHARED2"}},
		{"lazy continuation", "> ## Private\n> SECRET\nSECRET lazy\n\nSHARED\n", []string{"SHARED"}},
		{"code fence is not a heading", "```\n# Private\n```\nSHARED\n", []string{"SHARED", "# Private"}},
		{"indented code is not a heading", "    # Private\n\nSHARED\n", []string{"SHARED", "# Private"}},
		{"hashtag is not a heading", "#Private\nSHARED\n", []string{"SHARED"}},
		{"privately is shared", "## Privately held beliefs\nSHARED\n", []string{"SHARED"}},
		{"paragraph is not a heading", "Private\n\nSHARED\n", []string{"SHARED"}},
		{"html block", "<div>\n\n## Private\nSECRET\n\n</div>\n", nil},
		{"byte-order mark before the heading", "\ufeff## Private\nSECRET\n", nil},
		{"zero-width space before the heading", "SHARED\n\n\u200b## Private\nSECRET\n", []string{"SHARED"}},
		{"zero-width space in a quote", "> \u200b\u2060## Private\n> SECRET\n", nil},
		{"tab after the hashes", "##\tPrivate\nSECRET\n", nil},
		{"reference inside a word", "## P&#114;ivate\nSECRET\n", nil},
		{"comment swallowing a heading", "## Private\n<!--\n\n## Shared\n-->\nSECRET\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Parse([]byte(tt.src), Rule{})
			out := visibleHTML(t, b)
			if strings.Contains(out, "SECRET") {
				t.Errorf("SECRET visible in %q:\n%s", tt.src, out)
			}
			for _, s := range tt.shared {
				if !strings.Contains(out, s) {
					t.Errorf("%q missing from %q:\n%s", s, tt.src, out)
				}
			}
			if !strings.Contains(tt.src, "SECRET") {
				return
			}
			var all strings.Builder
			for _, p := range b.Private() {
				all.WriteString(p.Text())
			}
			if !strings.Contains(all.String(), "SECRET") {
				t.Errorf("no private passage holds the secret of %q: %+v", tt.src, b.Private())
			}
		})
	}
}

// TestReferencesResolveFromVisible: a link reference definition written in a
// private section must not give a shared link its address or title.
func TestReferencesResolveFromVisible(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"full", "See [notes][r].\n\n## Private\n\n[r]: https://secret.example/SECRET \"SECRET title\"\n", "[notes][r]"},
		{"collapsed", "See [r][].\n\n## Private\n[r]: https://secret.example/SECRET\n", "[r][]"},
		{"shortcut", "See [r].\n\n## Private\n[r]: <https://secret.example/SECRET>\n", "[r]"},
		{"in a list", "See [r].\n\n- ## Private\n  [r]: https://secret.example/SECRET\n", "[r]"},
		{"in a quote", "See [r].\n\n> ## Private\n> [r]: https://secret.example/SECRET\n", "[r]"},
		{"deeper", "See [r].\n\n## Private\n### Sub\n\n[r]: https://secret.example/SECRET\n\n## Shared\nok\n", "[r]"},
		{"crlf", "See [r].\r\n\r\n## Private\r\n[r]: https://secret.example/SECRET\r\n", "[r]"},
		{"first definition private", "See [r].\n\n## Private\n[r]: https://secret.example/SECRET\n\n## Shared\n[r]: https://shared.example/\n", `href="https://shared.example/"`},
		{"used from a heading", "## See [r]\n\n## Private\n[r]: https://secret.example/SECRET\n", "[r]"},
		{"used from a table", "| a |\n| - |\n| [r] |\n\n## Private\n[r]: https://secret.example/SECRET\n", "[r]"},
		{"title on a lazy line", "See [r]\n\n> ## Private\n> [r]: https://secret.example/SECRET\n\"SECRET title\"\n", "[r]"},
		{"label case and spaces", "[r][]\n\n## Private\n[ R ]: https://secret.example/SECRET\n", "[r][]"},
		{"two private sections", "[r] [s]\n\n## Private\n[r]: https://secret.example/SECRET\n\n## Private two\n[s]: https://secret.example/SECRET2\n\n## Shared\nok\n", "[s]"},
		{"visible one still works", "See [r].\n\n[r]: https://shared.example/\n\n## Private\nSECRET\n", `href="https://shared.example/"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Parse([]byte(tt.src), Rule{})
			out := visibleHTML(t, b)
			if strings.Contains(out, "SECRET") || strings.Contains(out, "secret.example") {
				t.Errorf("private definition used in %q:\n%s", tt.src, out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("%q: want %s in\n%s", tt.src, tt.want, out)
			}
		})
	}
}

// TestParsedOnceWithoutDefinitions: the second parse is only for bodies
// that hide a definition.
func TestParsedOnceWithoutDefinitions(t *testing.T) {
	src := []byte("[r]: https://shared.example/\n\n## Private\nsecret [r]\n")
	if b := Parse(src, Rule{}); &b.VisibleSource[0] != &b.Source[0] {
		t.Error("a body hiding no definition was parsed twice")
	}
	src = []byte("## Private\n[r]: https://secret.example/\n")
	if b := Parse(src, Rule{}); len(b.VisibleSource) > 0 && &b.VisibleSource[0] == &b.Source[0] {
		t.Error("a body hiding a definition was not parsed again")
	}
}

func TestPracticeWords(t *testing.T) {
	src := []byte("## Notes\nSHARED\n## Coach only\nSECRET\n## Next\nSHARED2\n")
	if out := visibleHTML(t, Parse(src, Rule{})); !strings.Contains(out, "SECRET") {
		t.Errorf("Coach only hidden without the practice's word:\n%s", out)
	}
	out := visibleHTML(t, Parse(src, NewRule([]string{"private", "coach only"})))
	if strings.Contains(out, "SECRET") || !strings.Contains(out, "SHARED2") {
		t.Errorf("Coach only with the practice's word:\n%s", out)
	}
}

func TestSections(t *testing.T) {
	type sec struct {
		level   int
		heading string
		text    string
		private bool
		line    int
	}
	for _, c := range []struct {
		name string
		body string
		want []sec
	}{
		{"intro and headings", "Hello.\n\n## What we discussed\n\nA lot.\n\n## Next time\nSoon\n",
			[]sec{{0, "", "Hello.", false, 1}, {2, "What we discussed", "A lot.", false, 3}, {2, "Next time", "Soon", false, 7}}},
		{"private runs to the next heading of its level", "## Notes\nshared\n## Private notes\nmine\n### Detail\nstill mine\n## Next time\nshared again\n",
			[]sec{{2, "Notes", "shared", false, 1}, {2, "Private notes", "mine", true, 3}, {3, "Detail", "still mine", true, 5}, {2, "Next time", "shared again", false, 7}}},
		{"private at any level, any case", "# Session\n### PRIVATE ###\nmine\n## Actions\nyours\n",
			[]sec{{1, "Session", "", false, 1}, {3, "PRIVATE", "mine", true, 2}, {2, "Actions", "yours", false, 4}}},
		{"setext", "Private:\n---\nmine\n\nShared\n===\nyours\n",
			[]sec{{2, "Private:", "mine", true, 1}, {1, "Shared", "yours", false, 5}}},
		{"headings in code are text", "## Code\n```\n# not a heading\n```\n",
			[]sec{{2, "Code", "```\n# not a heading\n```", false, 1}}},
		{"a nested private passage is left out", "## Topics\n- one\n- ## Private\n  mine\n\n## Next\nx\n",
			[]sec{{2, "Topics", "- one", false, 1}, {2, "Next", "x", false, 6}}},
		{"cr only", "## A\ra\r## Private\rmine\r",
			[]sec{{2, "A", "a", false, 1}, {2, "Private", "mine", true, 3}}},
		{"not headings", "#hashtag\n    # indented code\n", []sec{{0, "", "#hashtag\n    # indented code", false, 1}}},
		{"empty", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []sec
			for _, s := range Parse([]byte(c.body), Rule{}).Sections() {
				got = append(got, sec{s.Level, s.Heading, s.Text, s.Private, s.Line})
				if s.Private && s.Written != s.Text {
					t.Errorf("private section %q: Written %q, Text %q", s.Heading, s.Written, s.Text)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestSectionWritten(t *testing.T) {
	s := Parse([]byte("## Topics\n- one\n- ## Private\n  mine\n"), Rule{}).Section("topics")
	if s == nil || s.Text != "- one" || s.Written != "- one\n- ## Private\n  mine" {
		t.Errorf("Section = %+v", s)
	}
}

func TestSection(t *testing.T) {
	b := Parse([]byte("## What I learned\na\n## My targets before next time\n- b\n"), Rule{})
	if s := b.Section("my targets before NEXT time"); s == nil || s.Text != "- b" {
		t.Errorf("Section = %+v, want the targets", s)
	}
	if s := b.Section("Private"); s != nil {
		t.Errorf("Section(Private) = %+v, want nil", s)
	}
}

func TestPrivatePassages(t *testing.T) {
	src := "Intro\n\n## Private\nSECRET one [x](https://a.example/p \"T\")\n\n### Sub\n- SECRET two\n\n## Shared\nok\n\n> ## private\n> SECRET three\n\n[r]: https://b.example/q\n"
	got := Parse([]byte(src), Rule{}).Private()
	if len(got) != 2 {
		t.Fatalf("got %d passages, want 2: %+v", len(got), got)
	}
	type passage struct {
		Heading        string
		Line, EndLine  int
		Markdown, Text string
	}
	want := []passage{
		{Heading: "Private", Line: 3, EndLine: 8, Markdown: "## Private\nSECRET one [x](https://a.example/p \"T\")\n\n### Sub\n- SECRET two\n",
			Text: "Private\nSECRET one x\nSub\nSECRET two\nhttps://a.example/p\nT"},
		{Heading: "private", Line: 12, EndLine: 14, Markdown: "> ## private\n> SECRET three\n",
			Text: "private\nSECRET three"},
	}
	for i := range want {
		want[i].Markdown = strings.TrimRight(want[i].Markdown, "\n")
		g := passage{got[i].Heading, got[i].Line, got[i].EndLine, got[i].Markdown, got[i].Text()}
		if g != want[i] {
			t.Errorf("passage %d:\ngot  %+v\nwant %+v", i, g, want[i])
		}
	}
}

func TestPassageLinesAndSharedLinks(t *testing.T) {
	src := "Shared, see [site][s].\n\n[s]: https://shared.example/\n## Private\nmine [again][s] and [hers](https://private.example/x)\n"
	got := Parse([]byte(src), Rule{}).Private()
	if len(got) != 1 {
		t.Fatalf("got %d passages, want 1", len(got))
	}
	p := got[0]
	if !p.Shared([]byte("https://shared.example/")) {
		t.Error("a destination the visible part defines is not Shared")
	}
	if p.Shared([]byte("https://private.example/x")) {
		t.Error("a private inline destination is Shared")
	}
	if off := strings.Index(string(p.Source()), "mine"); p.LineOf(off) != 5 {
		t.Errorf("LineOf(%d) = %d, want 5", off, p.LineOf(off))
	}

	w := Whole([]byte("\r\n\r\nFirst line\r\n\r\n- [x](https://r.example/)\r\n"))
	if w.Line != 3 || w.EndLine != 5 || len(w.Nodes) != 2 {
		t.Errorf("Whole: lines %d-%d, %d nodes; want 3-5 and 2", w.Line, w.EndLine, len(w.Nodes))
	}
	if !strings.Contains(w.Text(), "https://r.example/") {
		t.Errorf("Whole's text %q lacks its link", w.Text())
	}
}

func TestHeadings(t *testing.T) {
	src := "# Title\n\n- ## Рrivate\n\n  x\n\n## Private\n### hidden\n\nSetext é\n---\n"
	var got []Heading
	got = append(got, Parse([]byte(src), Rule{}).Headings()...)
	want := []Heading{
		{Level: 1, Text: "Title", Line: 1, Col: 3},
		{Level: 2, Text: "Рrivate", Line: 3, Col: 6},
		{Level: 2, Text: "Private", Private: true, Line: 7, Col: 4},
		{Level: 2, Text: "Setext é", Line: 10, Col: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestComments(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Comment
	}{
		{"none", "Just notes, 50% done.\n", nil},
		{"html block", "Notes.\n\n<!-- she seems tired\nand more -->\n", []Comment{{Text: "<!-- she seems tired", Line: 3, Col: 1, HTML: true}}},
		{"inline html", "Notes <!-- ask --> here.\n", []Comment{{Text: "<!-- ask -->", Line: 1, Col: 7, HTML: true}}},
		{"obsidian pair", "A %%one%% and %%two%%\n", []Comment{{Text: "%%one%% and %%two%%", Line: 1, Col: 3}, {Text: "%%two%%", Line: 1, Col: 15}}},
		{"obsidian block", "%%\nhidden\n\nstill\n%%\n\nshown\n", []Comment{{Text: "%%", Line: 1, Col: 1}}},
		{"crlf", "Notes.\r\n\r\n<!-- x -->\r\n", []Comment{{Text: "<!-- x -->", Line: 3, Col: 1, HTML: true}}},
		{"in code", "`<!-- x -->`\n\n```\n%%y%%\n```\n\n    <!-- z -->\n", nil},
		{"private", "Shown.\n\n## Private notes\n\n<!-- x --> %%y%%\n", nil},
		{"after a hidden definition", "## Private\n\n[r]: https://example.org/secret\n\n## Shared\n\nSee [r]. <!-- x -->\n",
			[]Comment{{Text: "<!-- x -->", Line: 7, Col: 10, HTML: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Parse([]byte(tt.src), Rule{}).Comments()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Comments() =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}
