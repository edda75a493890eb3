package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/body"
)

// The portfolio is the coach's own document: their reflections on every
// client, in date order, as evidence of professional development for a
// supervisor or an accreditation body. It is never a client's handout, so it
// has no client and is written under coach/, a name no client id can take.

// KindPortfolio is the coach's portfolio of reflections.
const KindPortfolio Kind = "portfolio"

// CoachKinds are the documents made for the coach alone. They are not in
// Kinds, so nothing that lists a client's handouts can ever plan one.
var CoachKinds = []Kind{KindPortfolio}

// CoachDir is the folder under the output folder that holds coach-only
// documents. "coach" is a reserved client id, so it never holds a client's.
const CoachDir = "coach"

// PortfolioOptions say which reflections the portfolio compiles and how it
// speaks of clients.
type PortfolioOptions struct {
	From, To records.Date // inclusive; zero leaves that end open
	Today    records.Date // the day the portfolio is compiled
	// Named uses the client's name where their agreement records consent
	// to be named in the hours log; otherwise every client is "Client N".
	Named bool
	// Private keeps the sections headed Private in the coach's reflections.
	// They are left out by default: a Private heading inside a reflection
	// marks what the coach keeps even from a supervisor.
	Private bool
}

// PortfolioPart is what the portfolio shows.
type PortfolioPart struct {
	From, To    records.Date
	Entries     []PortfolioEntry
	CPDMinutes  int
	Topics      int // supervision topics across all entries
	Clients     int // different clients reflected on
	Anonymous   bool
	WithPrivate bool
	// Problems are the errors found in the reflections compiled, as the
	// coach needs them to find the records. The handout's own Problems,
	// which its file shows, are anonymised like its text.
	Problems []records.Problem
}

// PortfolioEntry is one coach reflection as the portfolio shows it. It
// keeps the reflection's Markdown, names already replaced, and parses it
// only when a writer asks (Body, Topics): a portfolio of thousands of
// reflections then holds text, not thousands of syntax trees.
type PortfolioEntry struct {
	Date       records.Date
	Label      string // "Client 2", or the client's name with consent
	Session    int    // 0 when the reflection names no session
	CPDMinutes int
	TopicCount int // supervision topics in the entry

	text, topics []byte    // Markdown with names replaced
	private      bool      // keep Private sections
	rule         body.Rule // the practice's privacy rule
}

// Body is the whole reflection, safe to print, its headings one level
// below the entry's own.
func (e PortfolioEntry) Body() *Doc {
	if len(bytes.TrimSpace(e.text)) == 0 {
		return nil
	}
	d := portfolioDoc(e.text, e.private, e.rule)
	shiftHeadings(d, 3)
	return d
}

// Topics is the reflection's Supervision topics section, safe to print;
// nil when it has none.
func (e PortfolioEntry) Topics() *Doc {
	if len(e.topics) == 0 {
		return nil
	}
	return portfolioDoc(e.topics, e.private, e.rule)
}

// CPD is minutes as a portfolio states them: "2 hours 15 minutes".
func CPD(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return plainCount(m, "minute")
	case m == 0:
		return plainCount(h, "hour")
	}
	return plainCount(h, "hour") + " " + plainCount(m, "minute")
}

func plainCount(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}

// portfolioClient is what the portfolio keeps of one client while the
// practice streams past: a label's ingredients and their coach reflections.
type portfolioClient struct {
	id          string
	name        string
	nameWords   []string // the words of their name and id, for anonymising
	emails      []string // their e-mail addresses, for anonymising
	phones      []string // their phone numbers, for anonymising
	named       bool     // may be named: consent recorded and Named asked for
	first       records.Date
	hasSessions bool
	reflections []*records.Reflection
}

// Portfolio compiles the coach's reflections from every client into one
// handout. Clients are read one at a time; only coach reflections within the
// range are kept.
func Portfolio(p *records.Practice, o PortfolioOptions, revs *records.Revisions) (*Handout, error) {
	ids, _, err := p.ClientIDs()
	if err != nil {
		return nil, err
	}
	var clients []*portfolioClient
	var problems []records.Problem
	var sources []string
	err = p.Each(ids, records.LoadOptions{Bodies: true}, func(c *records.Client, err error) error {
		if err != nil {
			return err
		}
		pc := &portfolioClient{id: c.ID, name: c.Name()}
		if a := c.Agreement(); a != nil && o.Named && a.Consents.NamedInHoursLog {
			pc.named = true
		}
		pc.nameWords = strings.FieldsFunc(c.ID, func(r rune) bool { return r == '-' })
		for _, a := range c.Agreements {
			words := strings.FieldsFunc(a.ClientName, notLetter)
			// and the name run together, as in a tag: #AliceSmith
			pc.nameWords = append(append(pc.nameWords, words...), strings.Join(words, ""))
			pc.emails = append(pc.emails, a.Contact.Email)
			pc.phones = append(pc.phones, a.Contact.Phone)
		}
		for _, s := range c.Sessions {
			pc.hasSessions = true
			if pc.first.IsZero() || s.Date.Before(pc.first) {
				pc.first = s.Date
			}
		}
		for _, r := range c.CoachReflections() {
			if !inRange(r.Date, o.From, o.To) {
				continue
			}
			pc.reflections = append(pc.reflections, r)
			sources = append(sources, r.Path)
			for _, pr := range c.Problems {
				if pr.Path == r.Path && pr.Severity == records.Error {
					problems = append(problems, pr)
				}
			}
		}
		clients = append(clients, pc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	labels := portfolioLabels(clients)
	anon := anonymiser(clients, labels)

	s := p.Settings
	rule := s.PrivacyRule()
	part := &PortfolioPart{From: o.From, To: o.To, Anonymous: !o.Named, WithPrivate: o.Private, Problems: problems}
	for _, pc := range clients {
		if len(pc.reflections) > 0 {
			part.Clients++
		}
		for _, r := range pc.reflections {
			e := PortfolioEntry{Date: r.Date, Label: labels[pc.id], Session: r.Session, CPDMinutes: max(r.CPDMinutes, 0),
				text: anon(r.Body), private: o.Private, rule: rule}
			if t := topicsOf(e.text, o.Private, rule); t != "" {
				e.topics = []byte(t)
				e.TopicCount = countItems(e.Topics())
			}
			part.CPDMinutes += e.CPDMinutes
			part.Topics += e.TopicCount
			part.Entries = append(part.Entries, e)
		}
	}
	sort.SliceStable(part.Entries, func(i, j int) bool {
		a, b := part.Entries[i], part.Entries[j]
		switch {
		case a.Date != b.Date:
			return b.Date.IsZero() || (!a.Date.IsZero() && a.Date.Before(b.Date))
		case a.Label != b.Label:
			return labelLess(a.Label, b.Label)
		}
		return a.Session < b.Session
	})

	id := string(KindPortfolio)
	if o.Private {
		// A copy with Private sections gets its own name, so that it is
		// never sent to a supervisor in place of the ordinary one.
		id += "-private"
	}
	h := &Handout{
		ID:              id,
		Kind:            KindPortfolio,
		Title:           "Reflective practice portfolio",
		Subtitle:        portfolioSpan(o.From, o.To, o.Today),
		PracticeName:    s.Name,
		CoachName:       s.Coach.Name,
		CoachEmail:      s.Coach.Email,
		CoachPhone:      s.Coach.Phone,
		CoachCredential: s.Coach.Credential,
		// The reader is the coach: the masthead's "for" names them.
		ClientName: s.Coach.Name,
		Date:       o.Today,
		Paper:      Paper(s.Handouts.Paper),
		Problems:   anonProblems(problems, anon),
		Portfolio:  part,
	}
	if h.ClientName == "" {
		h.ClientName = "the coach"
	}
	sort.Strings(sources)
	if h.Revision, err = revs.Of(sources...); err != nil {
		return nil, fmt.Errorf("reading the git revision of the portfolio: %w", err)
	}
	return h, nil
}

// anonProblems is problems as a portfolio file may show them: their paths
// and messages name the client.
func anonProblems(problems []records.Problem, anon func([]byte) []byte) []records.Problem {
	out := make([]records.Problem, len(problems))
	for i, pr := range problems {
		pr.Path = string(anon([]byte(pr.Path)))
		pr.Message = string(anon([]byte(pr.Message)))
		pr.Hint = string(anon([]byte(pr.Hint)))
		out[i] = pr
	}
	return out
}

func inRange(d, from, to records.Date) bool {
	if d.IsZero() {
		return from.IsZero() && to.IsZero()
	}
	return (from.IsZero() || !d.Before(from)) && (to.IsZero() || !d.After(to))
}

// portfolioSpan says which reflections the portfolio covers.
func portfolioSpan(from, to, today records.Date) string {
	switch {
	case !from.IsZero() && !to.IsZero():
		return fmt.Sprintf("Reflections from %s to %s", LongDate(from), LongDate(to))
	case !from.IsZero():
		return fmt.Sprintf("Reflections from %s, compiled %s", LongDate(from), LongDate(today))
	case !to.IsZero():
		return fmt.Sprintf("Reflections up to %s", LongDate(to))
	}
	return "All reflections, compiled " + LongDate(today)
}

// portfolioLabels gives each client the label the hours log gives them:
// "Client N", N their place among clients with sessions ordered by first
// session ever, then id, so the portfolio and the hours log can be read
// side by side. A named client keeps their name. A client with no session
// has no place in the hours log and is labelled by the order of their id
// after everyone who has.
func portfolioLabels(clients []*portfolioClient) map[string]string {
	order := make([]*portfolioClient, len(clients))
	copy(order, clients)
	sort.SliceStable(order, func(i, j int) bool {
		x, y := order[i], order[j]
		if x.hasSessions != y.hasSessions {
			return x.hasSessions
		}
		if x.first != y.first {
			return x.first.Before(y.first)
		}
		return x.id < y.id
	})
	labels := map[string]string{}
	for i, pc := range order {
		labels[pc.id] = fmt.Sprintf("Client %d", i+1)
		if pc.named {
			labels[pc.id] = pc.name
		}
	}
	return labels
}

// labelLess orders "Client 2" before "Client 10".
func labelLess(a, b string) bool {
	var x, y int
	_, ex := fmt.Sscanf(a, "Client %d", &x)
	_, ey := fmt.Sscanf(b, "Client %d", &y)
	if ex == nil && ey == nil {
		return x < y
	}
	return a < b
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }

// portfolioDoc parses a coach reflection for the portfolio: defused like
// every handout's Markdown, with Private sections removed unless asked to
// keep them.
func portfolioDoc(src []byte, private bool, rule body.Rule) *Doc {
	if private {
		root, src := body.Full(src)
		defuse(root, src)
		return &Doc{Root: root, Source: src}
	}
	return ParseRule(src, rule)
}

// shiftHeadings moves a body's headings down so that its highest is at
// level top, under the entry's own heading.
func shiftHeadings(d *Doc, top int) {
	if d.IsEmpty() {
		return
	}
	least := 7
	for n := d.Root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level < least {
			least = h.Level
		}
	}
	if least >= top {
		return
	}
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level+top-least, 6)
		}
		return ast.WalkContinue, nil
	})
}

// topicsOf is the Markdown of a reflection's "Supervision topics" section,
// "" when it has none, is a placeholder, or is Private and not kept.
func topicsOf(src []byte, private bool, rule body.Rule) string {
	sec := body.Parse(src, rule).Section("Supervision topics")
	if sec == nil || (sec.Private && !private) {
		return ""
	}
	t := strings.TrimSpace(sec.Text)
	if private {
		t = strings.TrimSpace(sec.Written)
	}
	if records.IsPlaceholder(t) {
		return ""
	}
	return t
}

// countItems counts a topics section's list items, or 1 for prose.
func countItems(d *Doc) int {
	if d.IsEmpty() {
		return 0
	}
	n := 0
	for c := d.Root.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.List); ok {
			n += l.ChildCount()
		} else {
			n++
		}
	}
	return n
}

// WriteCoach writes a coach-only document to dest/coach/<id>.<format> in
// each format, atomically, and returns the files written. It refuses any
// handout that belongs to a client: coach documents and client handouts
// never share a folder.
func WriteCoach(h *Handout, l *Layouts, dest string, formats []string) ([]string, error) {
	if !slices.Contains(CoachKinds, h.Kind) {
		return nil, fmt.Errorf("%s is a client's handout, not a coach document", h.ID)
	}
	dir := filepath.Join(dest, CoachDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, f := range formats {
		var b bytes.Buffer
		if err := writeAs(f, &b, h, l); err != nil {
			return written, err
		}
		path := filepath.Join(dir, h.ID+"."+f)
		if err := records.WriteFile(path, b.Bytes(), 0o600); err != nil {
			return written, fmt.Errorf("writing %s: %w", path, err)
		}
		written = append(written, path)
	}
	return written, nil
}
