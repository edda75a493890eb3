package pdf

import (
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// TestTypographerEntities: the typographer's quotes and dashes arrive as
// raw HTML entities and must print as the characters they stand for.
func TestTypographerEntities(t *testing.T) {
	src := []byte(`It felt "ordinary" -- she's sure...`)
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Typographer))
	got := FromMarkdown(src, md.Parser().Parse(text.NewReader(src)))
	want := []Block{Paragraph{Text: Plain("It felt “ordinary” – she’s sure…")}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
}

// TestChecklistTable: every row of a checklist gets a tick box, ticked
// where the row is done, and the text columns move right to make room.
func TestChecklistTable(t *testing.T) {
	tb := Table{
		Header:    []Text{Plain("What you will do"), Plain("By")},
		Rows:      [][]Text{{Plain("Ask one question"), Plain("2 Feb 2026")}, {Plain("Block Tuesdays"), Plain("9 Feb 2026")}},
		Checklist: true,
		Ticked:    []bool{false, true},
	}
	pages, _, err := layout(&Document{Blocks: []Block{tb}})
	if err != nil {
		t.Fatal(err)
	}
	var boxes []op
	textX := map[string]float64{}
	for _, o := range pages[0].ops {
		switch o.kind {
		case opBox:
			boxes = append(boxes, o)
		case opText:
			textX[o.text] = o.x
		}
	}
	if len(boxes) != 2 || boxes[0].text != "" || boxes[1].text != "x" {
		t.Fatalf("boxes %+v, want two, the second ticked", boxes)
	}
	if x := textX["Ask one question"]; x < boxes[0].x+boxes[0].w {
		t.Errorf("the action's text at x %.1f overlaps its box ending at %.1f", x, boxes[0].x+boxes[0].w)
	}
	if textX["What you will do"] != textX["Ask one question"] {
		t.Errorf("header at x %.1f, rows at %.1f: columns do not line up", textX["What you will do"], textX["Ask one question"])
	}
}

// TestFormScale: a scale prompt draws its numbers in circles and no
// writing lines.
func TestFormScale(t *testing.T) {
	f := Form{Prompts: []Prompt{{Text: "How confident I feel (1-10)", Scale: 10}}}
	pages, _, err := layout(&Document{Blocks: []Block{f}})
	if err != nil {
		t.Fatal(err)
	}
	circles, numbers, lines := 0, 0, 0
	for _, o := range pages[0].ops {
		switch {
		case o.kind == opCircle:
			circles++
		case o.kind == opText && o.size == 9:
			numbers++
		case o.kind == opLine && o.y < 700:
			lines++ // the footer's hairline sits lower
		}
	}
	if circles != 10 || numbers != 10 || lines != 0 {
		t.Errorf("%d circles, %d numbers, %d writing lines; want 10, 10, 0", circles, numbers, lines)
	}
}

// TestWidestWordKeptWhole: a column sized to its widest word, such as a
// date held together by no-break spaces, never cuts that word.
func TestWidestWordKeptWhole(t *testing.T) {
	long := Plain("Balancing airtime in a group without singling out anyone, and writing handouts for each person from a group session")
	dates := []string{"9\u00a0Apr\u00a02026", "7\u00a0May\u00a02026", "4\u00a0Sep\u00a02026", "2\u00a0Oct\u00a02026"}
	tb := Table{Header: []Text{Plain("Date"), Plain("Client"), Plain("Session"), Plain("Topics")}}
	for _, d := range dates {
		tb.Rows = append(tb.Rows, []Text{Plain(d), Plain("Client\u00a01"), Plain("2"), long})
	}
	pages, _, err := layout(&Document{Blocks: []Block{tb}})
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]bool{}
	for _, o := range pages[0].ops {
		if o.kind == opText {
			texts[o.text] = true
		}
	}
	for _, d := range dates {
		if !texts[strings.ReplaceAll(d, "\u00a0", " ")] { // drawn as a plain space
			t.Errorf("%q was cut", d)
		}
	}
}
