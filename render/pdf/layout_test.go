package pdf

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// filler is a paragraph of about n lines.
func filler(n int) Block {
	return Paragraph{Text: Plain(strings.Repeat("Steady words fill the page so the next block lands near its foot. ", 2*n))}
}

// lines is n one-line paragraphs.
func lines(n int) Block {
	var bs []Block
	for i := range n {
		bs = append(bs, Paragraph{Text: Plain(fmt.Sprintf("Line %d.", i+1))})
	}
	return Quote{Blocks: bs}
}

// pagesWith returns the page numbers (from 1) whose text contains s.
func pagesWith(pages []page, s string) []int {
	var out []int
	for i, p := range pages {
		for _, o := range p.ops {
			if o.kind == opText && strings.Contains(o.text, s) {
				out = append(out, i+1)
				break
			}
		}
	}
	return out
}

// checkInside fails when anything but the footer is drawn outside the
// content area, which would mean a chunk was split or overflowed.
func checkInside(t *testing.T, d *Document, pages []page) {
	t.Helper()
	size := papers[strings.ToLower(d.Paper)]
	m := DefaultMargins
	for i, p := range pages {
		for _, o := range p.ops {
			bottom := o.y + o.h
			if o.y > size.H-m.Bottom+1 {
				continue // the footer
			}
			if o.y < m.Top-1 || bottom > size.H-m.Bottom+1 {
				t.Errorf("page %d: %v op at y %.1f..%.1f outside %.0f..%.0f (%q)", i+1, o.kind, o.y, bottom, m.Top, size.H-m.Bottom, o.text)
			}
		}
	}
}

func TestPagination(t *testing.T) {
	rows := make([][]Text, 40)
	for i := range rows {
		rows[i] = []Text{Plain(fmt.Sprintf("Action %d", i+1)), Plain("due 2026-02-11"), Plain("open")}
	}
	tests := []struct {
		name   string
		blocks []Block
		check  func(t *testing.T, pages []page)
	}{{
		name:   "table header repeated on every page",
		blocks: []Block{Table{Header: []Text{Plain("Action"), Plain("Due"), Plain("Status")}, Rows: rows}},
		check: func(t *testing.T, pages []page) {
			if len(pages) < 2 {
				t.Fatalf("%d pages, want a table over at least 2", len(pages))
			}
			if got, want := pagesWith(pages, "Status"), []int{1, 2}; !slices.Equal(got, want) {
				t.Errorf("header on pages %v, want %v", got, want)
			}
			if got := pagesWith(pages, "Action 40"); !slices.Equal(got, []int{2}) {
				t.Errorf("last row on pages %v, want [2]", got)
			}
		},
	}, {
		name: "form box moved whole to the next page",
		blocks: []Block{lines(25), Form{Prompts: []Prompt{
			{Text: "What I learned", Lines: 2},
			{Text: "What I will do differently", Lines: 12},
		}}},
		check: func(t *testing.T, pages []page) {
			if got := pagesWith(pages, "What I learned"); !slices.Equal(got, []int{1}) {
				t.Errorf("first prompt on pages %v, want [1]", got)
			}
			if got := pagesWith(pages, "What I will do differently"); !slices.Equal(got, []int{2}) {
				t.Errorf("second prompt on pages %v, want [2]", got)
			}
			lines := 0
			for _, o := range pages[1].ops {
				if o.kind == opLine && o.w > 300 && o.color == ruleColor {
					lines++
				}
			}
			if lines != 12 {
				t.Errorf("page 2 has %d writing lines, want all 12", lines)
			}
		},
	}, {
		name:   "page break",
		blocks: []Block{Paragraph{Text: Plain("first")}, PageBreak{}, Paragraph{Text: Plain("second")}},
		check: func(t *testing.T, pages []page) {
			if len(pages) != 2 || !slices.Equal(pagesWith(pages, "second"), []int{2}) {
				t.Errorf("%d pages, second on %v; want 2 pages, second on page 2", len(pages), pagesWith(pages, "second"))
			}
		},
	}, {
		name:   "footer numbers every page",
		blocks: []Block{filler(120)},
		check: func(t *testing.T, pages []page) {
			for i := range pages {
				want := fmt.Sprintf("page %d of %d", i+1, len(pages))
				if !slices.Contains(pagesWith(pages, want), i+1) {
					t.Errorf("page %d lacks %q", i+1, want)
				}
			}
		},
	}, {
		name:   "form box taller than a page is shortened, not split",
		blocks: []Block{Form{Prompts: []Prompt{{Text: "Everything", Lines: 80}}}},
		check: func(t *testing.T, pages []page) {
			if len(pages) != 1 {
				t.Errorf("%d pages, want the box shortened to one", len(pages))
			}
		},
	}, {
		name:   "table without a header has no header row",
		blocks: []Block{Table{Rows: rows}},
		check: func(t *testing.T, pages []page) {
			for i, p := range pages {
				for _, o := range p.ops {
					if o.kind == opFill {
						t.Errorf("page %d has a shaded header row", i+1)
					}
				}
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, paper := range []string{"A4", "Letter"} {
				d := &Document{Paper: paper, Blocks: tt.blocks}
				pages, _, err := layout(d)
				if err != nil {
					t.Fatal(err)
				}
				checkInside(t, d, pages)
				tt.check(t, pages)
			}
		})
	}
}

func TestWrapMeasuresMixedStyles(t *testing.T) {
	l := &layouter{missing: map[rune]bool{}}
	text := Text{{Text: "Speak up "}, {Text: "with", Style: Bold}, {Text: ", confidence and "}, {Text: "care", Style: Italic}, {Text: " in every meeting of the week."}}
	const width = 120
	lines := l.wrap(text, textStyle{size: bodySize}, width)
	var words []string
	for _, ln := range lines {
		if ln.width > width+0.01 {
			t.Errorf("line %v is %.1f wide, more than %d", ln.pieces, ln.width, width)
		}
		end := 0.0
		for _, p := range ln.pieces {
			if p.x < end-0.01 {
				t.Errorf("piece %q at %.2f overlaps the one before, ending %.2f", p.text, p.x, end)
			}
			end = p.x + p.w
			words = append(words, strings.Fields(p.text)...)
		}
		if d := end - ln.width; d > 0.01 || d < -0.01 {
			t.Errorf("line width %.2f, pieces end at %.2f", ln.width, end)
		}
	}
	if got, want := strings.Join(words, " "), "Speak up with , confidence and care in every meeting of the week."; got != want {
		t.Errorf("words = %q, want %q", got, want)
	}
	if len(lines) < 2 {
		t.Errorf("%d lines, want the text wrapped", len(lines))
	}
	// "with," must stay together: no break between a bold word and its comma.
	for _, ln := range lines {
		if last := ln.pieces[len(ln.pieces)-1]; last.text == "with" || strings.HasSuffix(last.text, " with") {
			t.Error("line broken between \"with\" and its comma")
		}
	}
	long := l.wrap(Plain(strings.Repeat("x", 200)), textStyle{size: bodySize}, width)
	for _, ln := range long {
		if ln.width > width+0.01 {
			t.Errorf("cut word line is %.1f wide", ln.width)
		}
	}
}

func TestMissingGlyphs(t *testing.T) {
	tests := []struct {
		in, want string
		missing  []rune
	}{
		{"Zoë Łukasiewicz, Ελένη Παπαδοπούλου", "Zoë Łukasiewicz, Ελένη Παπαδοπούλου", nil},
		{"“quoted” – dash — ellipsis… • bullet", "“quoted” – dash — ellipsis… • bullet", nil},
		{"Zoe\u0308", "Zoë", nil}, // decomposed accent composed
		{"Nguyễn Thị Minh Khai, Ngô Bảo Châu", "Nguyễn Thị Minh Khai, Ngô Bảo Châu", nil},
		{"half-days \u2011 non\u2011breaking", "half-days - non-breaking", nil},
		{"smile \U000F0001 and \U0010FFFD", "smile ? and ?", []rune{'\U000F0001', '\U0010FFFD'}},
		{"soft\u00adhyphen\u200b", "softhyphen", nil},
	}
	for _, tt := range tests {
		missing := map[rune]bool{}
		var got string
		for _, sg := range fit(regular, tt.in, func(r rune) { missing[r] = true }) {
			got += sg.text
		}
		if got != tt.want {
			t.Errorf("fit(%q) = %q, want %q", tt.in, got, tt.want)
		}
		var keys []rune
		for r := range missing {
			keys = append(keys, r)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, tt.missing) {
			t.Errorf("fit(%q) missing %q, want %q", tt.in, keys, tt.missing)
		}
	}

	d := &Document{Blocks: []Block{Paragraph{Text: Plain("a \U000F0001 b")}}}
	data := render(t, d, "missing.pdf")
	if !slices.Equal(d.Missing, []rune{'\U000F0001'}) {
		t.Errorf("Document.Missing = %q, want [U+F0001]", d.Missing)
	}
	if text := plainText(t, data); !strings.Contains(strings.ReplaceAll(text, " ", ""), "a?b") {
		t.Errorf("text = %q, want the missing character shown as ?", text)
	}
}

func TestFooterNeverOverprints(t *testing.T) {
	long := strings.Repeat("Northfield Coaching and Mentoring ", 4)
	d := &Document{
		Footer: Footer{Left: long, Centre: "Zoë Łukasiewicz · " + long},
		Blocks: []Block{Paragraph{Text: Plain("x")}},
	}
	pages, _, err := layout(d)
	if err != nil {
		t.Fatal(err)
	}
	var spans [][2]float64
	for _, o := range pages[0].ops {
		if o.kind == opText && o.size == 8 {
			spans = append(spans, [2]float64{o.x, o.x + measure(o.face, o.size, o.text)})
			if !strings.HasSuffix(o.text, "…") && !strings.HasPrefix(o.text, "page") {
				t.Errorf("long footer text %q not shortened", o.text)
			}
		}
	}
	if len(spans) != 3 {
		t.Fatalf("%d footer texts, want 3", len(spans))
	}
	for i := 1; i < len(spans); i++ {
		if spans[i][0] < spans[i-1][1] {
			t.Errorf("footer texts overlap: %v", spans)
		}
	}
}

// TestTableAcrossPagesInPDF reads the written PDF back: page 2 starts with
// the repeated header, and the link is a clickable annotation.
func TestTableAcrossPagesInPDF(t *testing.T) {
	rows := make([][]Text, 45)
	for i := range rows {
		rows[i] = []Text{Plain(fmt.Sprintf("Session %d", i+1)), Plain("60 minutes")}
	}
	d := &Document{Paper: "Letter", Blocks: []Block{
		Paragraph{Text: Text{{Text: "Hours log, see "}, {Text: "the ICF site", URL: "https://coachingfederation.org/(hours)"}}},
		Table{Header: []Text{Plain("Engagement"), Plain("Length")}, Rows: rows},
	}}
	data := render(t, d, "table.pdf")
	page2 := plainText(t, data, "-f", "2", "-l", "2")
	if !strings.HasPrefix(page2, "Engagement Length Session") {
		t.Errorf("page 2 does not start with the table header:\n%.200s", page2)
	}
	if !bytes.Contains(data, []byte(`/URI (https://coachingfederation.org/\(hours\))`)) {
		t.Error("no link annotation for the URL")
	}
}

func TestCodeKeepsSpaces(t *testing.T) {
	l := &layouter{missing: map[rune]bool{}}
	cs := l.code(CodeBlock{Text: "a\n    b  c\n"}, 0, 400)
	var texts []string
	for _, c := range cs {
		for _, o := range c.ops {
			if o.kind == opText {
				texts = append(texts, o.text)
			}
		}
	}
	if want := []string{"a", "    b  c"}; !slices.Equal(texts, want) {
		t.Errorf("code lines %q, want %q", texts, want)
	}
}

func TestPaper(t *testing.T) {
	for _, p := range []string{"", "A4", "a4", "Letter", "LETTER"} {
		if _, _, err := layout(&Document{Paper: p}); err != nil {
			t.Errorf("paper %q: %v", p, err)
		}
	}
	if _, _, err := layout(&Document{Paper: "A5"}); err == nil || !strings.Contains(err.Error(), "A4 or Letter") {
		t.Errorf("paper A5: %v, want an error naming A4 and Letter", err)
	}
}

// TestHeadingNeverLast moves a heading down the page a line at a time: it
// must always share its page with the start of its text, spacer or not.
func TestHeadingNeverLast(t *testing.T) {
	for _, spacer := range []bool{false, true} {
		for n := 20; n < 40; n++ {
			blocks := []Block{lines(n), Heading{Level: 2, Text: Plain("Your actions")}}
			if spacer {
				blocks = append(blocks, Spacer{Height: 4})
			}
			blocks = append(blocks, Paragraph{Text: Plain("Ask one question in Monday's meeting")})
			pages, _, err := layout(&Document{Blocks: blocks})
			if err != nil {
				t.Fatal(err)
			}
			h, p := pagesWith(pages, "Your actions"), pagesWith(pages, "Ask one question")
			if !slices.Equal(h, p) {
				t.Errorf("%d lines before, spacer %v: heading on page %v, its text on %v", n, spacer, h, p)
			}
		}
	}
}

func TestColumnWidths(t *testing.T) {
	l := &layouter{missing: map[rune]bool{}}
	long := Plain(strings.Repeat("a long goal in the client's own words ", 4))
	tests := []struct {
		name  string
		table Table
		check func(t *testing.T, w []float64)
	}{
		{"short table spans the measure", Table{Header: []Text{Plain("A"), Plain("B")}, Rows: [][]Text{{Plain("x"), Plain("yy")}}},
			func(t *testing.T, w []float64) {
				if w[1] <= w[0] {
					t.Errorf("widths %v: the wider column should get more", w)
				}
			}},
		{"header kept on one line", Table{Header: []Text{Plain("Goal"), Plain("Where you are")}, Rows: [][]Text{{long, Plain("6 / 10")}}},
			func(t *testing.T, w []float64) {
				if need := measure(bold, bodySize, "Where you are") + 2*cellPadX; w[1] < need-0.01 {
					t.Errorf("widths %v: second column %.1f, header needs %.1f", w, w[1], need)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := l.columnWidths(tt.table, 2, 400)
			if total := w[0] + w[1]; total < 399.9 || total > 400.1 {
				t.Errorf("widths %v add up to %.1f, want 400", w, total)
			}
			tt.check(t, w)
		})
	}
}
