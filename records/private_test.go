package records

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/rapport-coach/rapport/records/body"
)

func TestPrivatePassages(t *testing.T) {
	session, _ := Parse("clients/ann/sessions/s1.md", "ann", []byte("---\nkind: session\nnumber: 1\ndate: 2026-01-12\n---\n\n## Notes\nshared\n\n## Private notes\nSECRET one\n\n## Coach only\nSECRET two\n"), true)
	coach, _ := Parse("clients/ann/reflections/r1.md", "ann", []byte("---\nkind: reflection\nauthor: coach\ndate: 2026-01-13\n---\n\nSECRET three\r\n\r\n[x]: https://secret.example/\r\n"), true)
	client, _ := Parse("clients/ann/reflections/r2.md", "ann", []byte("---\nkind: reflection\nauthor: client\ndate: 2026-01-13\n---\nI learned.\n"), true)
	c := &Client{ID: "ann", Sessions: []*Session{session.(*Session)}, Reflections: []*Reflection{coach.(*Reflection), client.(*Reflection)}}
	got := c.PrivatePassages(body.NewRule([]string{"coach only"}))
	want := []PrivatePassage{
		{Path: "clients/ann/sessions/s1.md", Line: 10, EndLine: 12, Heading: "Private notes", Markdown: "## Private notes\nSECRET one"},
		{Path: "clients/ann/sessions/s1.md", Line: 13, EndLine: 14, Heading: "Coach only", Markdown: "## Coach only\nSECRET two"},
		{Path: "clients/ann/reflections/r1.md", Line: 7, EndLine: 9, Markdown: "SECRET three\n\n[x]: https://secret.example/"},
	}
	// What the guard reads of each: the parse, and lines that are the
	// record's.
	wantText := []string{"Private notes\nSECRET one", "Coach only\nSECRET two", "SECRET three\nhttps://secret.example/"}
	wantLine := []string{"SECRET one", "SECRET two", "https://secret.example/"}
	wantAt := []int{11, 14, 9}
	for i := range got {
		if i < len(wantText) && got[i].Body.Text() != wantText[i] {
			t.Errorf("passage %d reads %q, want %q", i, got[i].Body.Text(), wantText[i])
		}
		if i < len(wantLine) {
			src := got[i].Body.Source()
			off := bytes.Index(src, []byte(wantLine[i]))
			if l := got[i].LineAt(off); off < 0 || l != wantAt[i] {
				t.Errorf("passage %d: %q is on line %d, want %d", i, wantLine[i], l, wantAt[i])
			}
		}
		got[i].Body, got[i].BodyLine = body.Passage{}, 0
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}
