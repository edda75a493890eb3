package records

import (
	"bytes"

	"github.com/rapport-coach/rapport/records/body"
)

// PrivatePassage is something in a client's records that is for the coach
// only, with where it was written.
type PrivatePassage struct {
	Path    string // the record, slash-separated, relative to the practice root
	Line    int    // the line of the record it starts on, from 1
	EndLine int    // the last line of the record it spans
	// Heading is the private heading that opens it; "" for a coach
	// reflection, which is private whole.
	Heading  string
	Markdown string // as written
	// Body is the passage as parsed, with the lines of its record's body:
	// what the leak guard indexes, without parsing it again.
	Body body.Passage
	// BodyLine is the record's line that the body's first line is on.
	BodyLine int
}

// LineAt is the record's line, from 1, holding byte off of Body.Source().
func (p PrivatePassage) LineAt(off int) int { return p.BodyLine + p.Body.LineOf(off) - 1 }

// PrivatePassages returns everything in the client's records that must
// never reach the client's handouts: each private section (by rule) of an
// agreement, session or client reflection, and each coach reflection whole,
// in the order of the records. The records must have been loaded with
// their bodies.
func (c *Client) PrivatePassages(rule body.Rule) []PrivatePassage {
	var out []PrivatePassage
	sections := func(r *Record) {
		if r == nil || len(r.Body) == 0 || !mayHaveHeading(r.Body) {
			return
		}
		for _, p := range r.Parsed(rule).Private() {
			out = append(out, PrivatePassage{Path: r.Path, Line: r.BodyLine + p.Line - 1, EndLine: r.BodyLine + p.EndLine - 1,
				Heading: p.Heading, Markdown: p.Markdown, Body: p, BodyLine: r.BodyLine})
		}
	}
	for _, a := range c.Agreements {
		sections(a.Record)
	}
	for _, s := range c.Sessions {
		sections(s.Record)
	}
	for _, r := range c.Reflections {
		if !r.IsPrivate() {
			sections(r.Record)
			continue
		}
		if len(bytes.TrimSpace(r.Body)) == 0 {
			continue
		}
		p := body.Whole(r.Body)
		out = append(out, PrivatePassage{Path: r.Path, Line: r.BodyLine + p.Line - 1, EndLine: r.BodyLine + p.EndLine - 1,
			Markdown: p.Markdown, Body: p, BodyLine: r.BodyLine})
	}
	return out
}

// checkNeedsBody reports whether check reads a body: one that still holds a
// scaffold placeholder, or may hold a heading that looks private but is not
// (body.MayHaveLookalike, a cheap scan), or a line that reads as a private
// heading which Markdown may not make one (body.MayHaveUnmade), or a comment
// the client would read (body.MayHaveComment). Each scan may say yes where
// its rule finds nothing, never no where it finds something
// (FuzzCheckNeedsBody).
func checkNeedsBody(b []byte) bool {
	return bytes.Contains(b, placeholderPrefix) || body.MayHaveComment(b) || body.MayHaveLookalike(b) || body.MayHaveUnmade(b)
}

// mayHaveHeading reports whether a body could hold a heading at all, and so
// a private section: Markdown's headings need an ASCII # or a line of = or -
// beneath them, which may sit in a block quote. Most bodies have one; the
// few that do not are not parsed.
func mayHaveHeading(b []byte) bool {
	if bytes.IndexByte(b, '#') >= 0 {
		return true
	}
	// A lone CR ends a line as LF does.
	for _, line := range bytes.FieldsFunc(b, func(r rune) bool { return r == '\n' || r == '\r' }) {
		t := bytes.TrimSpace(bytes.TrimLeft(line, " \t>"))
		if len(t) > 0 && (len(bytes.Trim(t, "=")) == 0 || len(bytes.Trim(t, "- ")) == 0) {
			return true
		}
	}
	return false
}
