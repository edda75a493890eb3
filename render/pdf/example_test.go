package pdf_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/rapport-coach/rapport/render/pdf"
)

// A handout is built from the record's data and its Markdown body, then
// written; d.Missing lists characters that had to be shown as "?".
func ExampleWrite() {
	body := []byte("## Your actions\n\n- [ ] Ask one question in Monday's meeting\n")
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	ast := md.Parser().Parse(text.NewReader(body))

	d := &pdf.Document{
		Title:   "Session 3 — Zoë Łukasiewicz",
		Author:  "Jo Bloggs",
		Created: time.Date(2026, 2, 4, 0, 0, 0, 0, time.UTC),
		Paper:   "A4",
		Footer:  pdf.Footer{Left: "Northfield Coaching", Centre: "Zoë Łukasiewicz · rev 1a2b3c4"},
		Blocks: append([]pdf.Block{
			pdf.Heading{Level: 1, Text: pdf.Plain("Session 3")},
			pdf.KeyValue{Rows: []pdf.Pair{{Label: "Date", Value: pdf.Plain("4 February 2026")}}},
		}, append(pdf.FromMarkdown(body, ast),
			pdf.Form{Title: "Reflection log", Prompts: []pdf.Prompt{{Text: "What I learned", Lines: 4}}},
		)...),
	}
	var out bytes.Buffer
	if err := pdf.Write(&out, d); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.HasPrefix(out.Bytes(), []byte("%PDF-")), len(d.Missing))
	// Output: true 0
}
