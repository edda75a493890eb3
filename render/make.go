package render

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/rapport-coach/rapport/records"
)

// Make builds the handout a job describes. The client's records must have
// been loaded with their bodies. Privacy is enforced here, once, for every
// writer: only the job's own client's records are used, a coach reflection
// is refused, and Private sections are stripped from every body.
func Make(job Job, revs *records.Revisions) (*Handout, error) {
	p, c := job.Practice, job.Client
	if p == nil || c == nil {
		return nil, fmt.Errorf("handout %s has no practice or client", job.ID)
	}
	if err := sameClient(job); err != nil {
		return nil, err
	}
	s := p.Settings
	h := &Handout{
		ID:              job.ID,
		Kind:            job.Kind,
		PracticeName:    s.Name,
		CoachName:       s.Coach.Name,
		CoachEmail:      s.Coach.Email,
		CoachPhone:      s.Coach.Phone,
		CoachCredential: s.Coach.Credential,
		ClientID:        c.ID,
		ClientName:      c.Name(),
		Paper:           Paper(s.Handouts.Paper),
		LargePrint:      job.InLargePrint(),
	}
	var err error
	if h.Lang, err = langFor(job); err != nil {
		return nil, err
	}
	switch job.Kind {
	case KindAgreement:
		err = makeAgreement(h, job)
	case KindSession:
		err = makeSession(h, job)
	case KindReflection:
		err = makeReflection(h, job)
	case KindProgress:
		err = makeProgress(h, job)
	case KindPrivacy:
		err = makePrivacy(h, job)
	default:
		err = fmt.Errorf("there is no %q handout", job.Kind)
	}
	if err != nil {
		return nil, err
	}
	if h.Revision, err = revs.Of(recordSources(job.Sources)...); err != nil {
		return nil, fmt.Errorf("reading the git revision of %s: %w", job.ID, err)
	}
	h.Problems = problemsIn(p, c, job.Sources)
	h.guard = guardFor(job)
	h.guard.lang = h.lang()
	h.sources, h.read = job.Sources, practiceReader(p)
	return h, nil
}

// guardFor is the leak guard of a job's files.
func guardFor(job Job) *fileGuard {
	cg := job.private
	if cg == nil || cg.c != job.Client {
		cg = newClientGuard(job.Client)
	}
	g := job.Guard
	if g == nil {
		g = NewGuard(job.Practice)
	}
	return &fileGuard{g: g, c: cg, client: job.Client.ID, s: job.Practice.Settings}
}

// sameClient refuses a job whose records belong to another client: a
// handout for client A never carries anything of client B's.
func sameClient(job Job) error {
	check := func(r *records.Record) error {
		if r != nil && r.Client != job.Client.ID {
			return fmt.Errorf("%s belongs to %s, not %s", r.Path, r.Client, job.Client.ID)
		}
		return nil
	}
	for _, r := range []*records.Record{recOf(job.Agreement), recOf(job.Session), recOf(job.Reflection)} {
		if err := check(r); err != nil {
			return err
		}
	}
	if job.Reflection != nil && job.Reflection.IsPrivate() {
		return fmt.Errorf("%s is the coach's own reflection and is never given to the client", job.Reflection.Path)
	}
	return nil
}

func recOf[T interface {
	*records.Agreement | *records.Session | *records.Reflection
}](v T) *records.Record {
	switch r := any(v).(type) {
	case *records.Agreement:
		if r != nil {
			return r.Record
		}
	case *records.Session:
		if r != nil {
			return r.Record
		}
	case *records.Reflection:
		if r != nil {
			return r.Record
		}
	}
	return nil
}

// recordSources drops practice.yaml: a handout's revision is its records'.
func recordSources(src []string) []string {
	var out []string
	for _, s := range src {
		if s != records.SettingsFile {
			out = append(out, s)
		}
	}
	return out
}

// problemsIn are the errors found while loading the handout's records.
func problemsIn(p *records.Practice, c *records.Client, sources []string) []records.Problem {
	var out []records.Problem
	if slices.Contains(sources, records.SettingsFile) {
		for _, pr := range p.Problems {
			if pr.Severity == records.Error {
				out = append(out, pr)
			}
		}
	}
	for _, pr := range c.Problems {
		if pr.Severity == records.Error && slices.Contains(sources, pr.Path) {
			out = append(out, pr)
		}
	}
	return out
}

// Paper is the paper size handouts are laid out for: Letter when the
// practice asks for it, A4 otherwise.
func Paper(s string) string {
	if strings.EqualFold(strings.TrimSpace(s), "letter") {
		return "Letter"
	}
	return "A4"
}

// bodyDoc is a record's body as the client may see it, under the
// practice's privacy rule.
func bodyDoc(p *records.Practice, r *records.Record) *Doc {
	if r == nil || len(r.Body) == 0 {
		return nil
	}
	rule := p.Settings.PrivacyRule()
	if bytes.Contains(r.Body, []byte(records.PlaceholderPrefix)) {
		// A draft: its placeholders become lines to write on, in a parse
		// of its own.
		return ParseRule(blankPlaceholders(r.Body), rule)
	}
	b := r.Parsed(rule)
	b.Prepare(defuse)
	return &Doc{Root: b.Root, Source: b.VisibleSource}
}

// BlankLine is a line to write on, where a record still holds a placeholder
// or leaves a value to be agreed: a client's copy never shows TODO(...).
const BlankLine = "______________________________"

// placeholderRE is a scaffold placeholder on one line. A placeholder that
// runs over several lines is left alone: blanking it could join a heading to
// the text around it and so change what is private.
var placeholderRE = regexp.MustCompile(regexp.QuoteMeta(records.PlaceholderPrefix) + `[^)\r\n]*\)`)

// blankPlaceholders gives every one-line placeholder in a Markdown body a
// line to write on instead. The underscores are escaped, so Markdown reads
// them as text, never as emphasis or a rule.
func blankPlaceholders(src []byte) []byte {
	if !bytes.Contains(src, []byte(records.PlaceholderPrefix)) {
		return src
	}
	return placeholderRE.ReplaceAll(src, []byte(strings.Repeat(`\_`, len(BlankLine))))
}

// dateOrBlank is a date, or a line to write one on.
func (h *Handout) dateOrBlank(d records.Date) string {
	if d.IsZero() {
		return BlankLine[:14]
	}
	return h.longDate(d)
}

func goalLines(a *records.Agreement, ids []string) []GoalLine {
	var out []GoalLine
	for _, id := range ids {
		g := GoalLine{ID: id, Text: id, Status: "open"}
		if a != nil {
			if found := a.Goal(id); found != nil {
				g.Text, g.Status = Typographic(found.Text), goalStatus(*found)
			}
		}
		out = append(out, g)
	}
	return out
}

func goalStatus(g records.Goal) string {
	if g.IsOpen() {
		return "open"
	}
	return g.Status
}

func actionLine(a records.Action, today records.Date) ActionLine {
	st := a.Status
	if a.IsOpen() {
		st = "open"
	}
	return ActionLine{Text: Typographic(a.Text), Due: a.Due, Status: st, Done: st == "done", Overdue: !today.IsZero() && a.IsOverdue(today)}
}

func makeAgreement(h *Handout, job Job) error {
	a := job.Agreement
	if a == nil {
		return fmt.Errorf("%s has no agreement", job.Client.ID)
	}
	h.Title = h.t("agreement.title")
	h.Date = a.Date
	if h.Date.IsZero() {
		h.Date = a.Start
	}
	h.Subtitle = h.t("agreement.subtitle", "date", h.longDate(a.Date))
	if a.Date.IsZero() {
		h.Subtitle = h.t("agreement.subtitle_undated")
	}
	if a.State() == records.StatusDraft {
		h.Title = h.t("agreement.title_draft")
		h.Subtitle = h.t("agreement.subtitle_draft")
		h.Draft = true
	}
	part := &AgreementPart{
		Ethics:          a.Ethics,
		Confidentiality: a.Confidentiality,
		SignedClient:    a.Signed.Client,
		SignedCoach:     a.Signed.Coach,
	}
	add := func(fs *[]Field, label, value string) {
		if strings.TrimSpace(value) != "" {
			*fs = append(*fs, Field{label, value})
		}
	}
	add(&part.Terms, h.t("agreement.sessions"), sentence(h.termsWords(a.Sessions)))
	switch {
	case a.State() == records.StatusDraft && (a.Start.IsZero() || a.End.IsZero()):
		// Dates still to agree: room to write them in at the meeting.
		add(&part.Terms, h.t("agreement.dates"), h.t("agreement.dates_from_to", "start", h.dateOrBlank(a.Start), "end", h.dateOrBlank(a.End)))
	case !a.Start.IsZero() && !a.End.IsZero():
		add(&part.Terms, h.t("agreement.dates"), h.t("agreement.dates_from_to", "start", h.longDate(a.Start), "end", h.longDate(a.End)))
	case !a.Start.IsZero():
		add(&part.Terms, h.t("agreement.dates"), h.t("agreement.dates_starting", "start", h.longDate(a.Start)))
	}
	add(&part.Terms, h.t("agreement.fees"), sentence(h.feesWords(a)))
	if a.Sponsor.Name != "" {
		v := h.t("agreement.sponsor_value", "sponsor", a.Sponsor.Name)
		if a.Sponsor.Reporting != "" {
			v += " " + h.t("agreement.sponsor_hears", "reporting", a.Sponsor.Reporting)
		}
		add(&part.Terms, h.t("agreement.sponsor"), v)
	}
	if !a.Ended.IsZero() {
		add(&part.Terms, h.t("agreement.ended"), h.longDate(a.Ended))
	}
	for _, g := range a.Goals {
		text := g.Text
		if strings.TrimSpace(text) == "" {
			text = BlankLine // a goal still to be set: the client writes it in
		}
		part.Goals = append(part.Goals, GoalLine{ID: g.ID, Text: Typographic(text), Status: goalStatus(g)})
	}
	part.Records = h.recordsFields(a, job.Practice.Settings.Coach.Name)
	h.Agreement = part
	h.Body = bodyDoc(job.Practice, a.Record)
	return nil
}

// recordsFields is the records arrangement in plain words.
func (h *Handout) recordsFields(a *records.Agreement, coach string) []Field {
	var out []Field
	r := a.Records
	if r.HeldBy != "" {
		out = append(out, Field{h.t("agreement.who_keeps"), h.heldByWords(r.HeldBy, coach)})
	}
	if r.Storage != "" {
		out = append(out, Field{h.t("agreement.where"), sentence(r.Storage)})
	}
	if !r.Retention.IsZero() {
		out = append(out, Field{h.t("agreement.how_long"), capitalize(h.t("agreement.how_long_value", "period", h.period(r.Retention)))})
	}
	if !r.Consent.IsZero() {
		out = append(out, Field{h.t("agreement.consent"), h.t("agreement.consent_value", "date", h.longDate(r.Consent))})
	}
	if !r.Withdrawn.IsZero() {
		out = append(out, Field{h.t("agreement.consent_withdrawn"), h.longDate(r.Withdrawn)})
	}
	return out
}

func makeSession(h *Handout, job Job) error {
	s := job.Session
	if s.Date.IsZero() {
		// Without its date the session cannot be placed under an
		// agreement; saying "no agreement" would send the coach the wrong way.
		return &NotFoundError{
			Msg:  fmt.Sprintf("%s: session %d has no valid date, so it cannot be given to the client", s.Path, s.Number),
			Hint: "correct its date; rapport check " + job.Client.ID + " shows where",
		}
	}
	if job.Agreement == nil {
		return &NotFoundError{
			Msg:  fmt.Sprintf("%s: session %d has no agreement on or before %s, so it cannot be given to the client", s.Path, s.Number, s.Date),
			Hint: "write the agreement first: rapport new agreement " + job.Client.ID,
		}
	}
	h.Title = h.t("session.title", "n", s.Number)
	h.Date = s.Date
	h.Subtitle = h.longDate(s.Date)
	part := &SessionPart{
		Number:  s.Number,
		Date:    s.Date,
		Minutes: s.Minutes,
		Goals:   goalLines(job.Agreement, s.Goals),
		Group:   groupSize(s),
		Next:    s.Next,
		Prompts: h.reflectionPrompts(),
	}
	for _, a := range s.Actions {
		if a.Status == "dropped" {
			continue // dropped in the session: no longer the client's to do
		}
		// An open action carried forward past its date says so, measured
		// against the session rather than the day the handout is printed.
		part.Actions = append(part.Actions, actionLine(a, s.Date))
	}
	h.Session = part
	h.Body = bodyDoc(job.Practice, s.Record)
	return nil
}

// groupSize is how many took part in a group session, -1 when the record
// does not say, and 0 for a one-to-one session.
func groupSize(s *records.Session) int {
	if !strings.EqualFold(s.Format, "group") {
		return 0
	}
	if s.GroupSize > 0 {
		return s.GroupSize
	}
	return -1
}

func makeReflection(h *Handout, job Job) error {
	r := job.Reflection
	h.Title = h.t("reflection.title")
	if r.Session > 0 {
		h.Title = h.t("reflection.title_session", "n", r.Session)
	}
	h.Date = r.Date
	part := &ReflectionPart{Session: r.Session}
	if job.Session != nil {
		part.SessionDate = job.Session.Date
	}
	switch {
	case !r.Date.IsZero() && !part.SessionDate.IsZero():
		h.Subtitle = h.t("reflection.subtitle", "date", h.longDate(r.Date), "session_date", h.lang().DayMonth(part.SessionDate.Time()))
	case !r.Date.IsZero():
		h.Subtitle = h.t("reflection.subtitle_undated_session", "date", h.longDate(r.Date))
	}
	h.Reflection = part
	h.Body = bodyDoc(job.Practice, r.Record)
	return nil
}

func makeProgress(h *Handout, job Job) error {
	a, c := job.Agreement, job.Client
	today := job.Today
	h.Title = h.t("progress.title")
	h.Date = today
	h.Subtitle = h.t("progress.subtitle", "date", h.longDate(today))
	if !a.Ended.IsZero() && !a.Ended.After(today) {
		h.Subtitle = h.t("progress.subtitle_ended", "date", h.longDate(a.Ended))
	}
	part := &ProgressPart{SessionsDue: a.Sessions.Count}
	sessions := c.SessionsUnder(a)
	part.SessionsRun = len(sessions)
	for _, g := range a.Goals {
		line := GoalLine{ID: g.ID, Text: Typographic(g.Text), Status: goalStatus(g)}
		for _, s := range sessions {
			if slices.Contains(s.Goals, g.ID) {
				line.Sessions = append(line.Sessions, s.Number)
			}
		}
		part.Goals = append(part.Goals, line)
	}
	for _, s := range sessions {
		sl := SessionLine{Number: s.Number, Date: s.Date}
		for _, g := range goalLines(a, s.Goals) {
			sl.Goals = append(sl.Goals, g.Text)
		}
		for i, g := range a.Goals {
			if slices.Contains(s.Goals, g.ID) {
				sl.GoalNumbers = append(sl.GoalNumbers, i+1)
			}
		}
		part.Sessions = append(part.Sessions, sl)
	}
	// Each session carries forward what is still open, so an action appears
	// in several sessions; its latest appearance says where it stands.
	var order []string
	latest := map[string]records.Action{}
	for _, s := range sessions {
		for _, act := range s.Actions {
			key := strings.TrimSpace(act.Text)
			if _, seen := latest[key]; !seen {
				order = append(order, key)
			}
			latest[key] = act
		}
	}
	for _, key := range order {
		line := actionLine(latest[key], today)
		switch {
		case line.Done:
			part.Done = append(part.Done, line)
		case line.Overdue:
			part.Overdue = append(part.Overdue, line)
		case line.Status == "open":
			part.Open = append(part.Open, line)
		}
	}
	if n := len(sessions); n > 0 {
		part.Next = sessions[n-1].Next
		if !part.Next.IsZero() && part.Next.Before(today) {
			part.Next = records.Date{}
		}
	}
	h.Progress = part
	return nil
}

func makePrivacy(h *Handout, job Job) error {
	a := job.Agreement
	h.Title = h.t("privacy.title")
	h.Date = a.Date
	h.Subtitle = h.t("privacy.subtitle")
	r := a.Records
	part := &PrivacyPart{
		Where:     sentence(r.Storage),
		HeldBy:    h.heldByWords(r.HeldBy, job.Practice.Settings.Coach.Name),
		Retention: h.period(r.Retention),
		Ended:     a.Ended,
		Consent:   r.Consent,
		Withdrawn: r.Withdrawn,
		Sponsor:   a.Sponsor.Name,
		Reporting: a.Sponsor.Reporting,
	}
	if !a.Ended.IsZero() && !r.Retention.IsZero() {
		part.Until = r.Retention.From(a.Ended)
	}
	agreement := h.t("privacy.kept_agreement_contact")
	if a.Contact.Email == "" && a.Contact.Phone == "" {
		agreement = h.t("privacy.kept_agreement_name")
	}
	// What the coach keeps follows the client's choice of who holds the
	// records (see records.ReducedSession for what held_by: client allows).
	part.Kept = []string{agreement}
	switch {
	case a.ClientHolds():
		part.Kept = append(part.Kept, h.t("privacy.kept_reduced"), h.t("privacy.kept_client_holds"))
	case strings.EqualFold(strings.TrimSpace(r.HeldBy), "both"):
		part.Kept = append(part.Kept, h.t("privacy.kept_notes"), h.t("privacy.kept_your_copy"))
	default:
		part.Kept = append(part.Kept, h.t("privacy.kept_notes"))
	}
	part.Kept = append(part.Kept, h.t("privacy.kept_reflections"), h.t("privacy.kept_own"))
	h.Privacy = part
	return nil
}
