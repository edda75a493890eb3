package records

import (
	"sync/atomic"

	"github.com/rapport-coach/rapport/records/body"
)

// Kind is what a record is, from its frontmatter's kind key.
type Kind string

// The kinds of record a practice holds.
const (
	KindAgreement  Kind = "agreement"
	KindSession    Kind = "session"
	KindReflection Kind = "reflection"
)

// Kinds lists the known kinds in the order a coach meets them.
var Kinds = []Kind{KindAgreement, KindSession, KindReflection}

// Record is what every record shares: where it is, whose it is, and where
// each of its fields was written.
type Record struct {
	Path     string // slash-separated, relative to the practice root
	Client   string // the client id, from the folder under clients/
	Kind     Kind
	Line     int    // line of the opening --- of the frontmatter
	BodyLine int    // first line of the Markdown body
	Body     []byte // the Markdown body, when loaded with bodies
	// BodyBlank says the body holds nothing but white space, whether or
	// not the body was kept: what a session handed over to the client has.
	BodyBlank bool
	// NonASCII are the distinct characters beyond ASCII that the file
	// holds, frontmatter and body, in the order met: enough for check to
	// know whether a font lacks one without reading the file again.
	NonASCII []rune
	fields   map[string]Pos
	parsed   atomic.Pointer[parsedBody]
}

type parsedBody struct {
	rule body.Rule
	body *body.Body
}

// Parsed is the record's body as the privacy rule splits it, parsed once
// and shared by everything a run makes of the record: its handout and the
// leak guard's list of the client's private passages read the same tree.
func (r *Record) Parsed(rule body.Rule) *body.Body {
	if p := r.parsed.Load(); p != nil && p.rule.Equal(rule) {
		return p.body
	}
	p := &parsedBody{rule: rule, body: body.Parse(r.Body, rule)}
	if r.parsed.CompareAndSwap(nil, p) {
		return p.body
	}
	// Parsed at the same time by another handout: use the one kept, so
	// that both prepare the same tree.
	if q := r.parsed.Load(); q.rule.Equal(rule) {
		return q.body
	}
	return p.body
}

// Pos is where field was written, as a dotted path such as "records.consent"
// or "goals.0.text". A field that is absent points at the frontmatter block.
func (r *Record) Pos(field string) Pos {
	if p, ok := r.fields[field]; ok {
		return p
	}
	return Pos{Line: max(r.Line, 1), Col: 1}
}

// Has reports whether field was written in the frontmatter, even if empty.
func (r *Record) Has(field string) bool {
	_, ok := r.fields[field]
	return ok
}

// Problem makes a problem about this record at field's position.
func (r *Record) Problem(field string, sev Severity, rule, msg, hint string) Problem {
	p := r.Pos(field)
	return Problem{Path: r.Path, Line: p.Line, Col: p.Col, Severity: sev, Rule: rule, Message: msg, Hint: hint}
}
