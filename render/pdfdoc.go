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
		Footer:  pdf.Footer{Left: h.PracticeName, Centre: traceLine(h), Pages: h.t("handout.page_of_pdf")},
		// A screen reader reads the handout in this language's voice.
		Lang: h.lang().Tag(),

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
		return h.t("agreement.subject", "client", h.ClientName)
	case KindSession:
		return h.t("session.subject", "title", h.Title, "client", h.ClientName)
	case KindReflection:
		return h.t("reflection.subject", "client", h.ClientName)
	case KindProgress:
		return h.t("progress.subject", "client", h.ClientName)
	case KindPrivacy:
		return h.t("privacy.subject", "client", h.ClientName)
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
		parts = append([]string{h.t("handout.draft_mark")}, parts...)
	}
	switch r := h.Revision; {
	case r.Commit != "" && r.Modified:
		parts = append(parts, h.t("handout.rev_short_modified", "commit", r.Commit))
	case r.Commit != "":
		parts = append(parts, h.t("handout.rev_short", "commit", r.Commit))
	case r.Modified:
		parts = append(parts, h.t("handout.uncommitted_short"))
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

// t is a message in the handout's language.
func (b *pdfBuilder) t(key string, args ...any) string { return b.h.t(key, args...) }

// runs is a message whose values are set in their own style: each
// argument that is a pdf.Run keeps its style, the text around it is plain.
func (b *pdfBuilder) runs(key string, args ...any) pdf.Text {
	const mark = "\x00"
	var styled []pdf.Run
	plain := make([]any, len(args))
	for i, a := range args {
		if r, ok := a.(pdf.Run); ok && i%2 == 1 {
			plain[i] = mark + strconv.Itoa(len(styled)) + mark
			styled = append(styled, r)
			continue
		}
		plain[i] = a
	}
	parts := strings.Split(b.t(key, plain...), mark)
	var out pdf.Text
	for i, p := range parts {
		if i%2 == 1 {
			if n, err := strconv.Atoi(p); err == nil && n < len(styled) {
				out = append(out, styled[n])
				continue
			}
		}
		if p != "" {
			out = append(out, run(p))
		}
	}
	return out
}

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
	forClient := b.runs("handout.for", "client", bold(h.ClientName))
	for i := range forClient {
		if forClient[i].Style == 0 {
			forClient[i].Style = pdf.Sans // the label face, as on the HTML page
		}
	}
	top = append(top, forClient...)
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
		b.heading(b.t("agreement.at_a_glance"))
		coach := h.CoachName
		if h.CoachCredential != "" {
			coach += " (" + h.CoachCredential + ")"
		}
		between := b.t("agreement.between_value_no_practice", "client", h.ClientName, "coach", coach)
		if h.PracticeName != "" {
			between = b.t("agreement.between_value", "client", h.ClientName, "coach", coach, "practice", h.PracticeName)
		}
		glance := kv(append([]Field{{b.t("agreement.between"), between}}, a.Terms...))
		if len(a.Goals) > 0 {
			var goals []string
			for i, g := range a.Goals {
				s := strconv.Itoa(i+1) + ". " + g.Text
				if g.Status != "open" {
					s += " (" + statusWord(h.lang(), g.Status) + ")"
				}
				goals = append(goals, s)
			}
			glance.Rows = append(glance.Rows, pdf.Pair{Label: b.t("agreement.your_goals"), Value: pdf.Plain(strings.Join(goals, "\n"))})
		}
		if a.Ethics != "" {
			glance.Rows = append(glance.Rows, pdf.Pair{Label: b.t("agreement.ethics"), Value: pdf.Plain(b.t("agreement.ethics_value", "coach", h.CoachName, "ethics", a.Ethics))})
		}
		if a.Confidentiality != "" {
			glance.Rows = append(glance.Rows, pdf.Pair{Label: b.t("agreement.confidentiality"), Value: pdf.Plain(a.Confidentiality)})
		}
		b.add(glance)
		if len(a.Records) > 0 {
			b.heading(b.t("agreement.records"))
			b.add(kv(a.Records))
		}
	}
	b.body()
	if a != nil {
		b.heading(b.t("agreement.signed"))
		signed := func(name string, on records.Date) pdf.Prompt {
			if on.IsZero() {
				return pdf.Prompt{Text: name + "        " + b.t("agreement.date_blank"), Lines: 1}
			}
			return pdf.Prompt{Text: b.t("agreement.signed_pdf", "name", name, "date", h.longDate(on)), Lines: 1}
		}
		coach := b.t("handout.coach", "coach", h.CoachName)
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
		meta = append(meta, Field{b.t("session.length"), b.t("session.minutes", "n", s.Minutes)})
	}
	switch {
	case s.Group > 0:
		meta = append(meta, Field{b.t("session.format"), b.t("session.group_of", "n", s.Group)})
	case s.Group < 0:
		meta = append(meta, Field{b.t("session.format"), b.t("session.group")})
	}
	if len(meta) > 0 {
		b.add(kv(meta))
	}
	if len(s.Goals) > 0 {
		b.heading(b.t("session.goals"))
		var l pdf.List
		for _, g := range s.Goals {
			l.Items = append(l.Items, pdf.ListItem{Blocks: []pdf.Block{pdf.Paragraph{Text: pdf.Plain(g.Text)}}})
		}
		b.add(l)
	}
	b.body()
	if len(s.Actions) > 0 {
		b.heading(b.t("session.checklist"))
		b.add(b.checklist(b.t("handout.what_you_will_do"), s.Actions, false))
	}
	b.next(s.Next)
	b.colophon()

	// The reflection log is a page of its own, to print and fill in by hand.
	// The footer names the practice and the client, so the page needs no
	// masthead of its own when printed apart from the handout.
	b.add(pdf.PageBreak{})
	b.add(pdf.Heading{Level: 1, Text: pdf.Plain(b.t("reflection_log.title"))})
	lead := b.t("reflection_log.lead", "n", s.Number)
	if !s.Next.IsZero() {
		lead = b.t("reflection_log.lead_next", "n", s.Number, "date", h.longDate(s.Next))
	}
	b.para(run(lead + " " + b.t("reflection_log.reassure")))
	b.para(bold(b.t("reflection_log.name")+"  "), run(h.ClientName), run("          "), bold(b.t("reflection_log.date")+"  "), run("______________________"))
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
func (b *pdfBuilder) checklist(what string, actions []ActionLine, passed bool) pdf.Table {
	t := pdf.Table{Header: []pdf.Text{pdf.Plain(what), pdf.Plain(b.t("handout.by"))}, Checklist: true}
	for _, a := range actions {
		due := pdf.Plain(nbsp(b.h.shortDate(a.Due)))
		switch {
		case passed && a.Overdue:
			due = append(due, pdf.Run{Text: " (" + b.t("progress.date_passed") + ")", Style: pdf.Sans})
		case a.Overdue: // carried forward into a later session
			due = pdf.Plain(b.t("session.was_due", "date", nbsp(b.h.shortDate(a.Due))))
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
	b.add(pdf.Quote{Blocks: []pdf.Block{pdf.Paragraph{Text: pdf.Text{run(b.t("handout.next_session") + ":  "), bold(b.h.longDate(d))}}}})
}

func (b *pdfBuilder) reflection() {
	if !b.body() {
		b.para(ital(b.t("handout.no_text")))
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
		sessions = b.t("progress.sessions_of", "run", p.SessionsRun, "due", p.SessionsDue)
	}
	open := strconv.Itoa(len(p.Open) + len(p.Overdue))
	if n := len(p.Overdue); n > 0 {
		open += " " + b.t("progress.past_date", "n", n)
	}
	b.add(kv([]Field{{b.t("progress.sessions"), sessions}, {b.t("progress.actions_done"), strconv.Itoa(len(p.Done))}, {b.t("progress.still_open"), open}}))
	if len(p.Goals) > 0 {
		b.heading(b.t("progress.your_goals"))
		l := pdf.List{Ordered: true}
		for _, g := range p.Goals {
			text := pdf.Plain(g.Text)
			if g.Status != "open" {
				text = append(text, bold("  "+statusWord(b.h.lang(), g.Status)))
			}
			where := b.t("progress.not_worked_on")
			if len(g.Sessions) > 0 {
				var ns []string
				for _, n := range g.Sessions {
					ns = append(ns, strconv.Itoa(n))
				}
				where = b.t("progress.worked_on", "n", len(ns), "list", strings.Join(ns, ", "))
			}
			l.Items = append(l.Items, pdf.ListItem{Blocks: []pdf.Block{
				pdf.Paragraph{Text: text},
				pdf.Paragraph{Text: pdf.Text{sans(where)}},
			}})
		}
		b.add(l)
	}
	if len(p.Sessions) > 0 {
		b.heading(b.t("progress.sessions_so_far"))
		t := pdf.Table{
			Header: []pdf.Text{pdf.Plain(b.t("progress.session")), pdf.Plain(b.t("progress.date")), pdf.Plain(b.t("progress.goals_worked_on"))},
			Align:  []pdf.Align{pdf.AlignRight, pdf.AlignLeft, pdf.AlignLeft},
		}
		for _, s := range p.Sessions {
			var gs []string
			for _, n := range s.GoalNumbers {
				gs = append(gs, strconv.Itoa(n))
			}
			t.Rows = append(t.Rows, []pdf.Text{pdf.Plain(strconv.Itoa(s.Number)), pdf.Plain(nbsp(b.h.shortDate(s.Date))), pdf.Plain(strings.Join(gs, ", "))})
		}
		b.add(t)
	}
	if len(p.Open)+len(p.Overdue) > 0 {
		b.heading(b.t("progress.actions_open"))
		b.add(b.checklist(b.t("handout.what_you_will_do"), append(append([]ActionLine{}, p.Overdue...), p.Open...), true))
	}
	if len(p.Done) > 0 {
		b.heading(b.t("progress.actions_done"))
		b.add(b.checklist(b.t("handout.what_you_did"), p.Done, false))
	}
	b.next(p.Next)
	b.colophon()
}

func (b *pdfBuilder) privacy() {
	h, p := b.h, b.h.Privacy
	if p != nil {
		b.para(run(b.t("privacy.intro")))
		b.heading(b.t("privacy.what_i_keep"))
		var l pdf.List
		for _, k := range p.Kept {
			l.Items = append(l.Items, pdf.ListItem{Blocks: []pdf.Block{pdf.Paragraph{Text: pdf.Plain(k)}}})
		}
		b.add(l)
		b.heading(b.t("privacy.where_who"))
		var where []Field
		if p.HeldBy != "" {
			where = append(where, Field{b.t("privacy.who_holds"), b.t("privacy.held_by_value", "held_by", p.HeldBy)})
		}
		if p.Where != "" {
			where = append(where, Field{b.t("privacy.where"), p.Where})
		}
		if p.Sponsor != "" {
			v := b.t("privacy.sponsor_value", "sponsor", p.Sponsor)
			if p.Reporting != "" {
				v += " " + b.t("privacy.sponsor_hears", "reporting", p.Reporting)
			}
			where = append(where, Field{b.t("privacy.your_sponsor"), v + " " + b.t("privacy.sponsor_more")})
		}
		b.add(kv(where))
		b.heading(b.t("privacy.how_long"))
		if p.Retention != "" {
			t := b.runs("privacy.keep_for", "period", bold(b.t("privacy.keep_period", "retention", p.Retention)))
			if !p.Until.IsZero() {
				t = append(t, run(" "))
				t = append(t, b.runs("privacy.until", "ended", run(h.longDate(p.Ended)), "until", bold(h.longDate(p.Until)))...)
			}
			b.add(pdf.Paragraph{Text: t})
		} else {
			b.para(run(b.t("privacy.not_agreed")))
		}
		switch {
		case !p.Withdrawn.IsZero():
			b.para(run(b.t("privacy.withdrawn", "date", h.longDate(p.Withdrawn))))
		case !p.Consent.IsZero():
			b.para(run(b.t("privacy.consent", "date", h.longDate(p.Consent))))
		}
		b.heading(b.t("privacy.your_rights"))
		// A list rather than label and value: full-width lines keep the
		// notice on one page.
		var rights pdf.List
		for _, r := range []string{"copy", "correction", "erasure", "mind"} {
			label, text := b.t("privacy.right_"+r), b.t("privacy.right_"+r+"_text")
			rights.Items = append(rights.Items, pdf.ListItem{Blocks: []pdf.Block{pdf.Paragraph{Text: pdf.Text{bold(label + ". "), run(text)}}}})
		}
		b.add(rights)
	}
	b.heading(b.t("privacy.how_to_ask"))
	t := pdf.Text{run(b.t("privacy.ask_session"))}
	if h.CoachEmail != "" {
		t = b.runs("privacy.ask_write", "email", pdf.Run{Text: h.CoachEmail, URL: "mailto:" + h.CoachEmail})
	}
	t = append(t, run(" "+b.t("privacy.ask_rest")))
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
			t.Rows = append(t.Rows, []pdf.Text{pdf.Plain(nbsp(b.h.shortDate(e.Date))), pdf.Plain(nbsp(e.Label)), session(e.Session), cellText(e.Topics())})
		}
		b.add(t)
	}
	b.heading("CPD log")
	cpd := pdf.Table{
		Header: []pdf.Text{pdf.Plain("Date"), pdf.Plain("Client"), pdf.Plain("Session"), pdf.Plain("Minutes")},
		Align:  []pdf.Align{pdf.AlignLeft, pdf.AlignLeft, pdf.AlignRight, pdf.AlignRight},
	}
	for _, e := range p.Entries {
		cpd.Rows = append(cpd.Rows, []pdf.Text{pdf.Plain(b.h.shortDate(e.Date)), pdf.Plain(e.Label), session(e.Session), pdf.Plain(strconv.Itoa(e.CPDMinutes))})
	}
	cpd.Rows = append(cpd.Rows, []pdf.Text{{bold("Total")}, pdf.Plain(CPD(p.CPDMinutes)), nil, {bold(strconv.Itoa(p.CPDMinutes))}})
	b.add(cpd)
	for _, e := range p.Entries {
		title := "Undated"
		if !e.Date.IsZero() {
			title = b.h.longDate(e.Date)
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
