package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/pdf"
)

// MaxPDFNotes bounds the notes a PDF handout lays out. A session's notes are
// a few kilobytes; laying out a pathological megabyte of Markdown would take
// minutes and gigabytes, so such a record gets its HTML handout only.
const MaxPDFNotes = 256 << 10

// PDF writes the handout as PDF with the builtin engine: the same content
// as the HTML handout, laid out from the handout model and the same
// privacy-filtered Markdown tree, never from the record's raw text. The
// returned warnings name characters no font could draw (printed as "?")
// and the records and lines they came from.
func PDF(w io.Writer, h *Handout) (warnings []string, err error) {
	if h.Body != nil && len(h.Body.Source) > MaxPDFNotes {
		return nil, fmt.Errorf("%s: the notes are %d KB, more than the %d KB a PDF handout lays out; the HTML handout has them all",
			h.ID, len(h.Body.Source)>>10, MaxPDFNotes>>10)
	}
	d := PDFDocument(h)
	if err := h.guard.checkPDF(d); err != nil {
		return nil, err
	}
	if err := pdf.Write(w, d); err != nil {
		return nil, fmt.Errorf("laying out %s as pdf: %w", h.ID, err)
	}
	return missingWarnings(d.Missing, h.sources, h.read), nil
}

// PDFDocument is the handout as a PDF document model, ready for pdf.Write.
func PDFDocument(h *Handout) *pdf.Document {
	d := &pdf.Document{
		Title:   h.Title + " · " + h.ClientName,
		Author:  h.CoachName,
		Subject: pdfSubject(h),
		Creator: "rapport",
		Paper:   h.Paper,
		Footer:  pdf.Footer{Left: h.PracticeName, Centre: traceLine(h)},
		// Handouts are in English until a client's language is recorded;
		// a screen reader reads the handout in this language's voice.
		Lang: "en",

		LargePrint: h.LargePrint,
	}
	if !h.Date.IsZero() {
		// The handout's own date: the same records give the same bytes.
		d.Created = h.Date.Time()
	}
	b := &pdfBuilder{h: h}
	b.masthead()
	switch h.Kind {
	case KindAgreement:
		b.agreement()
	case KindSession:
		b.session()
	case KindReflection:
		b.reflection()
	case KindProgress:
		b.progress()
	case KindPrivacy:
		b.privacy()
	case KindPortfolio:
		b.portfolio()
	default:
		b.body()
	}
	d.Blocks = b.blocks
	return d
}

// pdfSubject says what the handout is, for the viewer's document properties.
func pdfSubject(h *Handout) string {
	switch h.Kind {
	case KindAgreement:
		return "Coaching agreement for " + h.ClientName
	case KindSession:
		return h.Title + " handout for " + h.ClientName
	case KindReflection:
		return "Reflection of " + h.ClientName
	case KindProgress:
		return "Progress summary for " + h.ClientName
	case KindPrivacy:
		return "Privacy notice for " + h.ClientName
	case KindPortfolio:
		return "Reflective practice portfolio of " + h.CoachName
	}
	return h.Title
}

// traceLine is the footer's middle: whose handout, from which revision of
// the records. The practice's name sits on the left, the page on the right.
func traceLine(h *Handout) string {
	parts := []string{h.ClientName}
	if h.Draft {
		parts = append([]string{DraftMark}, parts...)
	}
	switch r := h.Revision; {
	case r.Commit != "" && r.Modified:
		parts = append(parts, "rev "+r.Commit+" modified")
	case r.Commit != "":
		parts = append(parts, "rev "+r.Commit)
	case r.Modified:
		parts = append(parts, "not committed")
	}
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}

// pdfBuilder collects a handout's blocks in reading order.
type pdfBuilder struct {
	h      *Handout
	blocks []pdf.Block
}

func (b *pdfBuilder) add(bs ...pdf.Block) { b.blocks = append(b.blocks, bs...) }

func (b *pdfBuilder) heading(s string) {
	level := 2
	if b.h.Kind == KindPrivacy {
		level = 3 // smaller: the privacy notice stays on one page
	}
	// Read as a second-level heading under the title, whatever its size.
	b.add(pdf.Heading{Level: level, Outline: 2, Text: pdf.Plain(s)})
}

func (b *pdfBuilder) para(t ...pdf.Run) { b.add(pdf.Paragraph{Text: pdf.Text(t)}) }

func run(s string) pdf.Run  { return pdf.Run{Text: s} }
func ital(s string) pdf.Run { return pdf.Run{Text: s, Style: pdf.Italic} }

// bold and sans are the label face, as in the HTML handouts: the notes'
// own **bold** stays in the serif of the text around it.
func bold(s string) pdf.Run { return pdf.Run{Text: s, Style: pdf.Sans | pdf.Bold} }
func sans(s string) pdf.Run { return pdf.Run{Text: s, Style: pdf.Sans} }

// masthead is the practice, the client and the title, as on the HTML page.
func (b *pdfBuilder) masthead() {
	h := b.h
	var top pdf.Text
	if h.PracticeName != "" {
		top = append(top, bold(h.PracticeName), sans("  ·  "))
	}
	top = append(top, sans("for "), bold(h.ClientName))
	b.add(pdf.Paragraph{Text: top}, pdf.Heading{Level: 1, Text: pdf.Plain(h.Title)})
	if h.Subtitle != "" {
		b.para(sans(h.Subtitle))
	}
}

// body is the record's Markdown, already stripped of Private sections.
func (b *pdfBuilder) body() bool {
	if b.h.Body.IsEmpty() {
		return false
	}
	b.add(pdf.FromMarkdown(b.h.Body.Source, b.h.Body.Root)...)
	return true
}

// colophon is how to reach the coach, closing the handout's content.
func (b *pdfBuilder) colophon() {
	h := b.h
	if h.CoachName == "" && h.CoachEmail == "" {
		return
	}
	t := pdf.Text{bold(h.CoachName)}
	if h.CoachCredential != "" {
		t = append(t, sans(", "+h.CoachCredential))
	}
	if h.CoachEmail != "" {
		t = append(t, sans(" · "), pdf.Run{Text: h.CoachEmail, URL: "mailto:" + h.CoachEmail, Style: pdf.Sans})
	}
	if h.CoachPhone != "" {
		t = append(t, sans(" · "+h.CoachPhone))
	}
	b.add(pdf.Spacer{Height: 6}, pdf.Rule{}, pdf.Paragraph{Text: t})
}

func kv(rows []Field) pdf.KeyValue {
	var out pdf.KeyValue
	for _, f := range rows {
		out.Rows = append(out.Rows, pdf.Pair{Label: f.Label, Value: pdf.Plain(f.Value)})
	}
	return out
}

func (b *pdfBuilder) agreement() {
	h, a := b.h, b.h.Agreement
	if a != nil {
		b.heading("At a glance")
		between := h.ClientName + " and " + h.CoachName
		if h.CoachCredential != "" {
			between += " (" + h.CoachCredential + ")"
		}
		if h.PracticeName != "" {
			between += " of " + h.PracticeName
		}
		glance := kv(append([]Field{{"Between", between}}, a.Terms...))
		if len(a.Goals) > 0 {
			var goals []string
			for i, g := range a.Goals {
				s := strconv.Itoa(i+1) + ". " + g.Text
				if g.Status != "open" {
					s += " (" + g.Status + ")"
				}
				goals = append(goals, s)
			}
			glance.Rows = append(glance.Rows, pdf.Pair{Label: "Your goals", Value: pdf.Plain(strings.Join(goals, "\n"))})
		}
		if a.Ethics != "" {
			glance.Rows = append(glance.Rows, pdf.Pair{Label: "Ethics", Value: pdf.Plain(h.CoachName + " works to the " + a.Ethics + ".")})
		}
		if a.Confidentiality != "" {
			glance.Rows = append(glance.Rows, pdf.Pair{Label: "Confidentiality", Value: pdf.Plain(a.Confidentiality)})
		}
		b.add(glance)
		if len(a.Records) > 0 {
			b.heading("Records of our coaching")
			b.add(kv(a.Records))
		}
	}
	b.body()
	if a != nil {
		b.heading("Signed")
		signed := func(name string, on records.Date) pdf.Prompt {
			if on.IsZero() {
				return pdf.Prompt{Text: name + "        Date:", Lines: 1}
			}
			return pdf.Prompt{Text: name + ", signed on " + LongDate(on), Lines: 1}
		}
		coach := h.CoachName + ", coach"
		b.add(pdf.Form{Prompts: []pdf.Prompt{
			signed(h.ClientName, a.SignedClient),
			signed(coach, a.SignedCoach),
		}})
	}
	b.colophon()
}

func (b *pdfBuilder) session() {
	h, s := b.h, b.h.Session
	if s == nil {
		b.body()
		b.colophon()
		return
	}
	// The date is the subtitle's and the next session has its own panel:
	// each is said once.
	var meta []Field
	if s.Minutes > 0 {
		meta = append(meta, Field{"Length", strconv.Itoa(s.Minutes) + " minutes"})
	}
	switch {
	case s.Group > 0:
		meta = append(meta, Field{"Format", "Group of " + strconv.Itoa(s.Group)})
	case s.Group < 0:
		meta = append(meta, Field{"Format", "Group session"})
	}
	if len(meta) > 0 {
		b.add(kv(meta))
	}
	if len(s.Goals) > 0 {
		b.heading("Goals we worked on")
		var l pdf.List
		for _, g := range s.Goals {
			l.Items = append(l.Items, pdf.ListItem{Blocks: []pdf.Block{pdf.Paragraph{Text: pdf.Plain(g.Text)}}})
		}
		b.add(l)
	}
	b.body()
	if len(s.Actions) > 0 {
		b.heading("Your checklist")
		b.add(checklist("What you will do", s.Actions, false))
	}
	b.next(s.Next)
	b.colophon()

	// The reflection log is a page of its own, to print and fill in by hand.
	// The footer names the practice and the client, so the page needs no
	// masthead of its own when printed apart from the handout.
	b.add(pdf.PageBreak{})
	b.add(pdf.Heading{Level: 1, Text: pdf.Plain("Reflection log")})
	lead := fmt.Sprintf("After session %d: please bring this to our next session.", s.Number)
	if !s.Next.IsZero() {
		lead = fmt.Sprintf("After session %d: please bring this with you on %s.", s.Number, LongDate(s.Next))
	}
	b.para(run(lead + " There are no right answers; a few honest words are enough."))
	b.para(bold("Name  "), run(h.ClientName), run("          "), bold("Date  "), run("______________________"))
	var f pdf.Form
	for _, p := range s.Prompts {
		if p.Scale {
			f.Prompts = append(f.Prompts, pdf.Prompt{Text: p.Question, Scale: 10})
			continue
		}
		lines := p.Lines
		if h.Paper == "Letter" {
			lines = min(lines, 5) // Letter is shorter: the log stays on one page
		}
		f.Prompts = append(f.Prompts, pdf.Prompt{Text: p.Question, Lines: lines})
	}
	b.add(f)
}

// nbsp keeps a short value such as a date on one line of a table cell.
func nbsp(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }

// checklist is a table of actions with a tick box and a due date each.
func checklist(what string, actions []ActionLine, passed bool) pdf.Table {
	t := pdf.Table{Header: []pdf.Text{pdf.Plain(what), pdf.Plain("By")}, Checklist: true}
	for _, a := range actions {
		due := pdf.Plain(nbsp(ShortDate(a.Due)))
		switch {
		case passed && a.Overdue:
			due = append(due, pdf.Run{Text: " (date passed)", Style: pdf.Sans})
		case a.Overdue: // carried forward into a later session
			due = pdf.Plain("was due " + nbsp(ShortDate(a.Due)))
		}
		t.Rows = append(t.Rows, []pdf.Text{pdf.Plain(a.Text), due})
		t.Ticked = append(t.Ticked, a.Done)
	}
	return t
}

// next is the date of the next session, set apart as on the HTML page.
func (b *pdfBuilder) next(d records.Date) {
	if d.IsZero() {
		return
	}
	b.add(pdf.Quote{Blocks: []pdf.Block{pdf.Paragraph{Text: pdf.Text{run("Our next session:  "), bold(LongDate(d))}}}})
}

func (b *pdfBuilder) reflection() {
	if !b.body() {
		b.para(ital("This reflection has no text yet."))
	}
	b.colophon()
}

func (b *pdfBuilder) progress() {
	p := b.h.Progress
	if p == nil {
		b.colophon()
		return
	}
	sessions := strconv.Itoa(p.SessionsRun)
	if p.SessionsDue > 0 {
		sessions += " of " + strconv.Itoa(p.SessionsDue)
	}
	open := strconv.Itoa(len(p.Open) + len(p.Overdue))
	if n := len(p.Overdue); n > 0 {
		open += fmt.Sprintf(" (%d past %s date)", n, map[bool]string{true: "its", false: "their"}[n == 1])
	}
	b.add(kv([]Field{{"Sessions", sessions}, {"Actions done", strconv.Itoa(len(p.Done))}, {"Still open", open}}))
	if len(p.Goals) > 0 {
		b.heading("Your goals")
		l := pdf.List{Ordered: true}
		for _, g := range p.Goals {
			text := pdf.Plain(g.Text)
			if g.Status != "open" {
				text = append(text, bold("  "+g.Status))
			}
			where := "Not yet worked on in a session"
			if len(g.Sessions) > 0 {
				var ns []string
				for _, n := range g.Sessions {
					ns = append(ns, strconv.Itoa(n))
				}
				where = "Worked on in session"
				if len(ns) > 1 {
					where += "s"
				}
				where += " " + strings.Join(ns, ", ")
			}
			l.Items = append(l.Items, pdf.ListItem{Blocks: []pdf.Block{
				pdf.Paragraph{Text: text},
				pdf.Paragraph{Text: pdf.Text{sans(where)}},
			}})
		}
		b.add(l)
	}
	if len(p.Sessions) > 0 {
		b.heading("Sessions so far")
		t := pdf.Table{
			Header: []pdf.Text{pdf.Plain("Session"), pdf.Plain("Date"), pdf.Plain("Goals worked on")},
			Align:  []pdf.Align{pdf.AlignRight, pdf.AlignLeft, pdf.AlignLeft},
		}
		for _, s := range p.Sessions {
			var gs []string
			for _, n := range s.GoalNumbers {
				gs = append(gs, strconv.Itoa(n))
			}
			t.Rows = append(t.Rows, []pdf.Text{pdf.Plain(strconv.Itoa(s.Number)), pdf.Plain(nbsp(ShortDate(s.Date))), pdf.Plain(strings.Join(gs, ", "))})
		}
		b.add(t)
	}
	if len(p.Open)+len(p.Overdue) > 0 {
		b.heading("Actions still open")
		b.add(checklist("What you will do", append(append([]ActionLine{}, p.Overdue...), p.Open...), true))
	}
	if len(p.Done) > 0 {
		b.heading("Actions done")
		b.add(checklist("What you did", p.Done, false))
	}
	b.next(p.Next)
	b.colophon()
}

func (b *pdfBuilder) privacy() {
	h, p := b.h, b.h.Privacy
	if p != nil {
		b.para(run("As your coach I keep some records about you. This page says, in plain words, what they are, where they are kept, who holds them, for how long, and what you can ask me to do with them. If anything here is unclear, please ask."))
		b.heading("What I keep")
		var l pdf.List
		for _, k := range p.Kept {
			l.Items = append(l.Items, pdf.ListItem{Blocks: []pdf.Block{pdf.Paragraph{Text: pdf.Plain(k)}}})
		}
		b.add(l)
		b.heading("Where, and who holds it")
		var where []Field
		if p.HeldBy != "" {
			where = append(where, Field{"Who holds it", p.HeldBy + "."})
		}
		if p.Where != "" {
			where = append(where, Field{"Where", p.Where})
		}
		if p.Sponsor != "" {
			v := p.Sponsor + " pays for the coaching but does not see these records."
			if p.Reporting != "" {
				v += " What they hear: " + p.Reporting + "."
			}
			where = append(where, Field{"Your sponsor", v + " Anything more is yours to share."})
		}
		b.add(kv(where))
		b.heading("For how long")
		if p.Retention != "" {
			t := pdf.Text{run("I keep the records for "), bold(p.Retention + " after our coaching ends"), run(", then delete them.")}
			if !p.Until.IsZero() {
				t = append(t, run(" Our coaching ended on "+LongDate(p.Ended)+", so that is until "), bold(LongDate(p.Until)), run("."))
			}
			b.add(pdf.Paragraph{Text: t})
		} else {
			b.para(run("We have not yet agreed how long I keep the records; I will not keep them longer than I need to."))
		}
		switch {
		case !p.Withdrawn.IsZero():
			b.para(run("You withdrew your consent to my keeping notes on " + LongDate(p.Withdrawn) + ". I have kept no new notes since."))
		case !p.Consent.IsZero():
			b.para(run("You agreed to this on " + LongDate(p.Consent) + ". You can withdraw that consent at any time."))
		}
		b.heading("Your rights")
		// A list rather than label and value: full-width lines keep the
		// notice on one page.
		var rights pdf.List
		for _, f := range []Field{
			{"A copy", "You can ask for a copy of everything I hold about you. I will send it to you within a month."},
			{"Correction", "If anything I hold is wrong or incomplete, tell me and I will put it right."},
			{"Erasure", "You can ask me to delete your records. I will, unless the law requires me to keep something, and then I will tell you what and why."},
			{"Changing your mind", "You can withdraw your consent to my keeping notes at any time. It does not end the coaching unless you want it to."},
		} {
			rights.Items = append(rights.Items, pdf.ListItem{Blocks: []pdf.Block{pdf.Paragraph{Text: pdf.Text{bold(f.Label + ". "), run(f.Value)}}}})
		}
		b.add(rights)
	}
	b.heading("How to ask")
	t := pdf.Text{run("Tell me in a session")}
	if h.CoachEmail != "" {
		t = append(t, run(", or write to "), pdf.Run{Text: h.CoachEmail, URL: "mailto:" + h.CoachEmail})
	}
	t = append(t, run(". You do not need to give a reason. If you are unhappy with how I have handled your information, please tell me; you can also complain to the data-protection authority where you live."))
	b.add(pdf.Paragraph{Text: t})
	// No colophon: the notice is a one-pager, and how to reach the coach
	// is its last section.
}

func (b *pdfBuilder) portfolio() {
	p := b.h.Portfolio
	if p == nil {
		return
	}
	b.add(kv([]Field{
		{"Reflections", strconv.Itoa(len(p.Entries))},
		{"Clients", strconv.Itoa(p.Clients)},
		{"CPD", strconv.Itoa(p.CPDMinutes) + " minutes"},
		{"Supervision topics", strconv.Itoa(p.Topics)},
	}))
	intro := "My own reflections on my coaching, in date order: what went well, what I would do differently, what I learned for my development, and what I took to supervision."
	if p.CPDMinutes > 0 {
		intro += " Together they account for " + CPD(p.CPDMinutes) + " of continuing professional development."
	}
	b.para(run(intro))
	who := "Clients who agreed to be named in my coaching-hours log are named; the others are “Client N”, numbered as in that log, and their names in the text are replaced by that label."
	if p.Anonymous {
		who = "Clients are not named: each is “Client N”, numbered as in my coaching-hours log, and their names in the text are replaced by that label."
	}
	if p.WithPrivate {
		who += " This copy includes the sections I marked Private, and is for my eyes only."
	} else {
		who += " Sections I marked Private are left out."
	}
	b.para(run(who))
	if len(p.Entries) == 0 {
		when := "yet"
		if !p.From.IsZero() || !p.To.IsZero() {
			when = "in this period"
		}
		b.para(ital("There are no coach reflections " + when + ". Write one after a session with rapport new reflection CLIENT --by coach."))
		return
	}
	session := func(n int) pdf.Text {
		if n == 0 {
			return nil
		}
		return pdf.Plain(strconv.Itoa(n))
	}
	if p.Topics > 0 {
		b.heading("Supervision topics")
		t := pdf.Table{
			Header: []pdf.Text{pdf.Plain("Date"), pdf.Plain("Client"), pdf.Plain("Session"), pdf.Plain("Topics")},
			Align:  []pdf.Align{pdf.AlignLeft, pdf.AlignLeft, pdf.AlignRight, pdf.AlignLeft},
		}
		for _, e := range p.Entries {
			if e.TopicCount == 0 {
				continue
			}
			t.Rows = append(t.Rows, []pdf.Text{pdf.Plain(nbsp(ShortDate(e.Date))), pdf.Plain(nbsp(e.Label)), session(e.Session), cellText(e.Topics())})
		}
		b.add(t)
	}
	b.heading("CPD log")
	cpd := pdf.Table{
		Header: []pdf.Text{pdf.Plain("Date"), pdf.Plain("Client"), pdf.Plain("Session"), pdf.Plain("Minutes")},
		Align:  []pdf.Align{pdf.AlignLeft, pdf.AlignLeft, pdf.AlignRight, pdf.AlignRight},
	}
	for _, e := range p.Entries {
		cpd.Rows = append(cpd.Rows, []pdf.Text{pdf.Plain(ShortDate(e.Date)), pdf.Plain(e.Label), session(e.Session), pdf.Plain(strconv.Itoa(e.CPDMinutes))})
	}
	cpd.Rows = append(cpd.Rows, []pdf.Text{{bold("Total")}, pdf.Plain(CPD(p.CPDMinutes)), nil, {bold(strconv.Itoa(p.CPDMinutes))}})
	b.add(cpd)
	for _, e := range p.Entries {
		title := "Undated"
		if !e.Date.IsZero() {
			title = LongDate(e.Date)
		}
		b.heading(title)
		meta := []Field{{"Client", e.Label}}
		if e.Session > 0 {
			meta = append(meta, Field{"Session", strconv.Itoa(e.Session)})
		}
		meta = append(meta, Field{"CPD", strconv.Itoa(e.CPDMinutes) + " minutes"})
		b.add(kv(meta))
		if body := e.Body(); !body.IsEmpty() {
			b.add(pdf.FromMarkdown(body.Source, body.Root)...)
		} else {
			b.para(ital("This reflection has no text yet."))
		}
	}
}

// cellText flattens a short Markdown document, such as a list of topics,
// into the text of one table cell, a line per paragraph or item.
func cellText(d *Doc) pdf.Text {
	if d.IsEmpty() {
		return nil
	}
	var out pdf.Text
	var walk func(bs []pdf.Block)
	walk = func(bs []pdf.Block) {
		for _, blk := range bs {
			switch v := blk.(type) {
			case pdf.Paragraph:
				if len(out) > 0 {
					out = append(out, run("\n"))
				}
				out = append(out, v.Text...)
			case pdf.Heading:
				if len(out) > 0 {
					out = append(out, run("\n"))
				}
				out = append(out, v.Text...)
			case pdf.List:
				for _, it := range v.Items {
					walk(it.Blocks)
				}
			case pdf.Quote:
				walk(v.Blocks)
			}
		}
	}
	walk(pdf.FromMarkdown(d.Source, d.Root))
	return out
}
