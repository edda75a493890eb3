package cmd

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/internal/termtext"
	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/body"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type prepOptions struct {
	client string
	format string // text | markdown | json
}

func newPrepCmd(a *App) *cobra.Command {
	o := &prepOptions{}
	c := &cobra.Command{
		Use:   "prep CLIENT",
		Short: "Print a refresher to read before a client's next session",
		Long: `Print a refresher to read before the client's next session: the agreement's
goals, sessions used of agreed and the next session's date, the opening of the
last session's notes, the open and overdue actions, the client's latest
reflection with their targets, and your own last reflection about them.

It is for the coach only: the last session's Private section and your own
reflection are shown, labelled as such. Plain text is wrapped to the
terminal's width (or $COLUMNS; 80 columns into a file or pipe; at most 100),
in colour when printing to a terminal (set NO_COLOR to turn colour off);
--format markdown writes the same as a Markdown document to save or print.

--format json is for other programs (an editor's side panel, a script): one
object, private passages included as in the other formats,
  {"client": {"id", "name"}, "today",
   "engagement": {"state", "used", "agreed", "next": {"number", "date"}|null,
                  "ended"}|null,
   "goals": [{"id", "text", "status"}],
   "last_session": {"number", "date", "minutes", "summary": [TEXT],
                    "private": [SECTION]}|null,
   "actions": [{"text", "due", "set_by", "overdue"}],
   "client_reflection": {"session", "date", "sections": [SECTION]}|null,
   "coach_reflection": {"session", "date", "sections": [SECTION]}|null,
   "problems"}
where SECTION is {"heading", "text", "private"}, dates are YYYY-MM-DD or null,
and problems counts the client's records that could not be read.`,
		Example: `  rapport prep alice-smith
  rapport prep alice-smith --format markdown > prep.md`,
		Args: needClientArg("name the client, such as rapport prep alice-smith"),
		RunE: func(_ *cobra.Command, args []string) error {
			o.client = args[0]
			return runPrep(a, o)
		},
	}
	c.Flags().StringVar(&o.format, "format", "text", "output `format`: text, markdown or json")
	return c
}

// prepWidth is the width the text refresher wraps to when it is not shown
// in a terminal (a file, a pipe) and COLUMNS is not set.
const prepWidth = 80

// prepSheet is what the refresher shows, gathered once for either format.
type prepSheet struct {
	name, id     string
	today        records.Date
	agreement    *records.Agreement
	used, agreed int
	nextNumber   int
	next         records.Date
	last         *records.Session
	lastSummary  []string // the opening paragraphs of the last session's notes
	lastPrivate  []body.Section
	actions      []records.Action
	clientRefl   *records.Reflection
	clientSecs   []body.Section
	coachRefl    *records.Reflection
	coachSecs    []body.Section
	problems     int // records of this client that could not be read or understood
}

func runPrep(a *App, o *prepOptions) error {
	if o.format != "text" && o.format != "markdown" && o.format != "json" {
		return usageError("use --format text, markdown or json", "unknown format %q", o.format)
	}
	p, err := a.Practice()
	if err != nil {
		return err
	}
	if o.client, err = resolveClient(p, o.client); err != nil {
		return err
	}
	c, err := p.LoadClient(o.client, records.LoadOptions{Bodies: true})
	if err != nil {
		return failure(err, "")
	}
	if o.format == "json" {
		// writeJSON escapes the output as a whole; makeVisible's escapes
		// would be escaped again.
		return writeJSON(a.Stdout, collectPrep(c, a.Today(), p.Settings.PrivacyRule()).json())
	}
	s := gatherPrep(c, a.Today(), p.Settings.PrivacyRule())
	if o.format == "markdown" {
		return writePrepMarkdown(a.Stdout, s)
	}
	return writePrepText(a.Stdout, s, useColour(a), termtext.TerminalWidth(a.Getenv, a.Stdout, prepWidth))
}

// gatherPrep is the refresher, its text from the records made safe to show
// in a terminal.
func gatherPrep(c *records.Client, today records.Date, rule body.Rule) *prepSheet {
	s := collectPrep(c, today, rule)
	s.makeVisible()
	return s
}

// collectPrep is the refresher with the records' text as written.
func collectPrep(c *records.Client, today records.Date, rule body.Rule) *prepSheet {
	ov := c.Overview(today)
	s := &prepSheet{name: c.Name(), id: c.ID, today: today, agreement: c.Agreement(),
		used: ov.Used, agreed: ov.Agreed, next: ov.Next, nextNumber: c.NextSessionNumber(),
		last: c.LatestSession(), actions: c.OpenActions(), problems: len(c.Problems)}
	if s.last != nil {
		for _, sec := range body.Parse(s.last.Body, rule).Sections() {
			switch {
			case sec.Private:
				s.lastPrivate = append(s.lastPrivate, sec)
			case s.lastSummary == nil && strings.TrimSpace(sec.Text) != "":
				s.lastSummary = firstBlocks(sec.Text, 2)
			}
		}
	}
	if r := c.LatestClientReflection(); r != nil {
		s.clientRefl, s.clientSecs = r, body.Parse(r.Body, rule).Sections()
	}
	if r := c.LatestCoachReflection(); r != nil {
		s.coachRefl, s.coachSecs = r, body.Parse(r.Body, rule).Sections()
	}
	return s
}

// prepSection is a section of a record in prep's JSON.
type prepSection struct {
	Heading string `json:"heading"`
	Text    string `json:"text"`
	Private bool   `json:"private"`
}

func prepSections(secs []body.Section) []prepSection {
	out := []prepSection{}
	for _, sec := range secs {
		if strings.TrimSpace(sec.Text) == "" && sec.Heading == "" {
			continue
		}
		out = append(out, prepSection{sec.Heading, sec.Text, sec.Private})
	}
	return out
}

// json is the refresher in the shape prep --format json documents.
func (s *prepSheet) json() any {
	type next struct {
		Number int     `json:"number"`
		Date   *string `json:"date"`
	}
	type engagement struct {
		State  string  `json:"state"`
		Used   int     `json:"used"`
		Agreed int     `json:"agreed"`
		Next   *next   `json:"next"`
		Ended  *string `json:"ended"`
	}
	type goal struct {
		ID     string `json:"id"`
		Text   string `json:"text"`
		Status string `json:"status"`
	}
	type session struct {
		Number  int           `json:"number"`
		Date    *string       `json:"date"`
		Minutes int           `json:"minutes"`
		Summary []string      `json:"summary"`
		Private []prepSection `json:"private"`
	}
	type action struct {
		Text    string  `json:"text"`
		Due     *string `json:"due"`
		SetBy   string  `json:"set_by"`
		Overdue bool    `json:"overdue"`
	}
	type reflection struct {
		Session  int           `json:"session,omitempty"`
		Date     *string       `json:"date"`
		Sections []prepSection `json:"sections"`
	}
	type client struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	out := struct {
		Client           client      `json:"client"`
		Today            string      `json:"today"`
		Engagement       *engagement `json:"engagement"`
		Goals            []goal      `json:"goals"`
		LastSession      *session    `json:"last_session"`
		Actions          []action    `json:"actions"`
		ClientReflection *reflection `json:"client_reflection"`
		CoachReflection  *reflection `json:"coach_reflection"`
		Problems         int         `json:"problems"`
	}{Client: client{s.id, s.name}, Today: s.today.String(), Goals: []goal{}, Actions: []action{}, Problems: s.problems}
	if a := s.agreement; a != nil {
		e := &engagement{State: a.State(), Used: s.used, Agreed: s.agreed, Ended: jsonDate(a.Ended)}
		if a.State() != records.StatusEnded && !s.next.IsZero() {
			e.Next = &next{s.nextNumber, jsonDate(s.next)}
		}
		out.Engagement = e
		for _, g := range a.Goals {
			out.Goals = append(out.Goals, goal{g.ID, g.Text, goalState(g)})
		}
	}
	if l := s.last; l != nil {
		summary := s.lastSummary
		if summary == nil {
			summary = []string{}
		}
		out.LastSession = &session{l.Number, jsonDate(l.Date), l.Minutes, summary, prepSections(s.lastPrivate)}
	}
	for _, a := range s.actions {
		out.Actions = append(out.Actions, action{a.Text, jsonDate(a.Due), a.SetBy, a.IsOverdue(s.today)})
	}
	if r := s.clientRefl; r != nil {
		out.ClientReflection = &reflection{r.Session, jsonDate(r.Date), prepSections(s.clientSecs)}
	}
	if r := s.coachRefl; r != nil {
		out.CoachReflection = &reflection{r.Session, jsonDate(r.Date), prepSections(s.coachSecs)}
	}
	return out
}

// makeVisible escapes, once, every text the refresher quotes from the
// records, so that control and bidi characters in a record cannot restyle
// the terminal or disguise a name (see records.Visible). The records were
// loaded for this command alone, so changing them in place is safe.
func (s *prepSheet) makeVisible() {
	s.name = records.Visible(s.name)
	if a := s.agreement; a != nil {
		for i := range a.Goals {
			a.Goals[i].Text, a.Goals[i].Status = records.Visible(a.Goals[i].Text), records.Visible(a.Goals[i].Status)
		}
	}
	for i := range s.actions {
		s.actions[i].Text = records.Visible(s.actions[i].Text)
	}
	for i := range s.lastSummary {
		s.lastSummary[i] = records.Visible(s.lastSummary[i])
	}
	for _, secs := range [][]body.Section{s.lastPrivate, s.clientSecs, s.coachSecs} {
		for i := range secs {
			secs[i].Heading, secs[i].Text = records.Visible(secs[i].Heading), records.Visible(secs[i].Text)
		}
	}
}

// firstBlocks returns up to n blank-line-separated blocks of Markdown text.
func firstBlocks(text string, n int) []string {
	blocks := mdBlocks(text)
	return blocks[:min(n, len(blocks))]
}

// engagementLines say where the engagement stands and when the next session is.
func (s *prepSheet) engagementLines() []string {
	a := s.agreement
	if a == nil {
		lines := []string{"No agreement yet: contract first with rapport new agreement " + s.id}
		if s.problems > 0 {
			lines = append(lines, fmt.Sprintf("%s in these records: run rapport check %s", nOf(s.problems, "problem"), s.id))
		}
		return lines
	}
	state := fmt.Sprintf("%s engagement: %d of %s sessions used", capitalise(a.State()), s.used, agreedWord(s.agreed))
	if a.State() == records.StatusDraft {
		state += " (the agreement is still a draft)"
	}
	var next string
	switch {
	case a.State() == records.StatusEnded && !a.Ended.IsZero():
		next = fmt.Sprintf("Ended on %s", a.Ended)
	case a.State() == records.StatusEnded:
		next = "Ended"
	case s.next.IsZero():
		next = "Next: no date set"
	default:
		next = fmt.Sprintf("Next: session %d on %s %s (%s)", s.nextNumber, s.next.Time().Format("Mon"), s.next, relDays(s.today, s.next))
	}
	lines := []string{state, next}
	if s.problems > 0 {
		lines = append(lines, fmt.Sprintf("%s in these records: run rapport check %s", nOf(s.problems, "problem"), s.id))
	}
	return lines
}

func agreedWord(n int) string {
	if n == 0 {
		return "?"
	}
	return fmt.Sprint(n)
}

// relDays says how far day is from today, in words.
// heldOn is the session's date, or what is wrong with it: a blank would read
// as if the session had no date to keep.
func heldOn(s *records.Session) string {
	if s.Date.IsZero() {
		return "a date that is not valid (rapport check shows it)"
	}
	return s.Date.String()
}

func relDays(today, day records.Date) string {
	switch n := today.DaysUntil(day); {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n == -1:
		return "yesterday"
	case n > 0:
		return fmt.Sprintf("in %d days", n)
	default:
		return fmt.Sprintf("%d days ago", -n)
	}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	_, n := utf8.DecodeRuneInString(s) // the first letter whole, whatever its length
	return strings.ToUpper(s[:n]) + s[n:]
}

func goalState(g records.Goal) string {
	if g.Status == "" {
		return "open"
	}
	return g.Status
}

func actionDue(a records.Action, today records.Date) (string, bool) {
	switch {
	case a.Due.IsZero():
		return "no due date", false
	case a.IsOverdue(today):
		return fmt.Sprintf("due %s, overdue by %s", a.Due, nOf(a.Due.DaysUntil(today), "day")), true
	default:
		return fmt.Sprintf("due %s (%s)", a.Due, relDays(today, a.Due)), false
	}
}

func (s *prepSheet) overdueCount() int {
	n := 0
	for _, a := range s.actions {
		if a.IsOverdue(s.today) {
			n++
		}
	}
	return n
}

func reflectionTitle(r *records.Reflection) string {
	if r.Session > 0 {
		return fmt.Sprintf("after session %d, %s", r.Session, r.Date)
	}
	return r.Date.String()
}

// useColour is true when stdout is a terminal and NO_COLOR is unset.
func useColour(a *App) bool {
	if a.Getenv("NO_COLOR") != "" || a.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := a.Stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// ANSI styles for the text refresher.
const (
	styleBold   = "\x1b[1m"
	styleRed    = "\x1b[31m"
	styleYellow = "\x1b[33m"
	styleReset  = "\x1b[0m"
)

// prepText writes the plain-text refresher, styling only when colour is on.
type prepText struct {
	b      strings.Builder
	colour bool
	width  int // columns to wrap to
}

func (t *prepText) style(style, s string) string {
	if !t.colour || s == "" {
		return s
	}
	return style + s + styleReset
}

// heading writes a section's label in capitals and its detail as written.
func (t *prepText) heading(label, detail string) {
	h := t.style(styleBold, strings.ToUpper(label))
	if detail != "" {
		h += "  " + detail
	}
	t.b.WriteString("\n" + h + "\n")
}

func (t *prepText) lines(ls []string) {
	for _, l := range ls {
		t.b.WriteString(strings.TrimRight(l, " ") + "\n")
	}
}

// sections writes record sections as subheadings with their text reflowed.
func (t *prepText) sections(secs []body.Section, indent string) {
	for i, sec := range secs {
		if strings.TrimSpace(sec.Text) == "" && sec.Heading == "" {
			continue
		}
		if i > 0 {
			t.b.WriteString("\n")
		}
		if sec.Heading != "" {
			h := sec.Heading
			if sec.Private {
				h = t.style(styleYellow, privateHeading(h))
			} else {
				h = t.style(styleBold, h)
			}
			t.b.WriteString(indent + h + "\n")
		}
		t.lines(reflow(mdBlocks(sec.Text), indent+"  ", t.width))
	}
}

func writePrepText(w io.Writer, s *prepSheet, colour bool, width int) error {
	t := &prepText{colour: colour, width: width}
	title := fmt.Sprintf("Prep: %s (%s)", s.name, s.id)
	date := s.today.String()
	pad := max(t.width-termtext.Width(title)-termtext.Width(date), 2)
	t.b.WriteString(t.style(styleBold, title) + strings.Repeat(" ", pad) + date + "\n")
	for _, l := range s.engagementLines() {
		t.lines(wrapWords(l, "", "", t.width))
	}

	if a := s.agreement; a != nil {
		t.heading("Goals", "")
		if len(a.Goals) == 0 {
			t.b.WriteString("  none written in the agreement yet\n")
		}
		for _, g := range a.Goals {
			t.lines(wrapWords(fmt.Sprintf("%s [%s]", g.Text, goalState(g)), "  - ", "    ", t.width))
		}
	}

	if l := s.last; l == nil {
		t.heading("Last session", "")
		t.b.WriteString("  none yet\n")
	} else {
		t.heading("Last session", fmt.Sprintf("%d on %s, %s", l.Number, heldOn(l), nOf(l.Minutes, "minute")))
		if len(s.lastSummary) == 0 {
			t.b.WriteString("  no notes written\n")
		}
		t.lines(reflow(s.lastSummary, "  ", t.width))
		if len(s.lastPrivate) > 0 {
			t.b.WriteString("\n")
			t.sections(s.lastPrivate, "  ")
		}
	}

	late := fmt.Sprintf("%d overdue", s.overdueCount())
	if s.overdueCount() > 0 {
		late = t.style(styleRed, late)
	}
	t.heading("Actions", fmt.Sprintf("%d open, %s", len(s.actions), late))
	if len(s.actions) == 0 {
		t.b.WriteString("  none open\n")
	}
	for _, a := range s.actions {
		t.lines(wrapWords(a.Text, "  - ", "    ", t.width))
		due, late := actionDue(a, s.today)
		if late {
			due = t.style(styleRed, due)
		}
		t.b.WriteString("    " + due + "\n")
	}

	if r := s.clientRefl; r == nil {
		t.heading("Client's reflection", "")
		t.b.WriteString("  none yet\n")
	} else {
		t.heading("Client's reflection", reflectionTitle(r))
		t.sections(s.clientSecs, "  ")
	}

	if r := s.coachRefl; r == nil {
		t.heading("Your reflection", "")
		t.b.WriteString("  none yet\n")
	} else {
		t.heading("Your reflection", reflectionTitle(r)+" "+t.style(styleYellow, "(private)"))
		t.sections(s.coachSecs, "  ")
	}
	_, err := io.WriteString(w, t.b.String())
	return err
}

func writePrepMarkdown(w io.Writer, s *prepSheet) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Prep: %s\n\n", mdEscape(s.name))
	fmt.Fprintf(&b, "Client `%s`, prepared %s.  \n%s.\n", s.id, s.today, strings.Join(s.engagementLines(), ".  \n"))

	if a := s.agreement; a != nil {
		b.WriteString("\n## Goals\n\n")
		if len(a.Goals) == 0 {
			b.WriteString("None written in the agreement yet.\n")
		}
		for _, g := range a.Goals {
			fmt.Fprintf(&b, "- %s (%s)\n", mdEscape(g.Text), goalState(g))
		}
	}

	if l := s.last; l == nil {
		b.WriteString("\n## Last session\n\nNone yet.\n")
	} else {
		fmt.Fprintf(&b, "\n## Last session: %d on %s, %s\n", l.Number, heldOn(l), nOf(l.Minutes, "minute"))
		for _, blk := range s.lastSummary {
			b.WriteString("\n" + blk + "\n")
		}
		mdSections(&b, s.lastPrivate)
	}

	fmt.Fprintf(&b, "\n## Actions: %d open, %d overdue\n\n", len(s.actions), s.overdueCount())
	if len(s.actions) == 0 {
		b.WriteString("None open.\n")
	}
	for _, a := range s.actions {
		due, late := actionDue(a, s.today)
		if late {
			due = "**" + due + "**"
		}
		fmt.Fprintf(&b, "- [ ] %s (%s)\n", mdEscape(a.Text), due)
	}

	if r := s.clientRefl; r == nil {
		b.WriteString("\n## Client's reflection\n\nNone yet.\n")
	} else {
		fmt.Fprintf(&b, "\n## Client's reflection, %s\n", reflectionTitle(r))
		mdSections(&b, s.clientSecs)
	}
	if r := s.coachRefl; r == nil {
		b.WriteString("\n## Your reflection\n\nNone yet.\n")
	} else {
		fmt.Fprintf(&b, "\n## Your reflection, %s (private)\n", reflectionTitle(r))
		mdSections(&b, s.coachSecs)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// privateHeading labels a heading in or under a Private section: the coach
// reads them in prep, and the label keeps them from being read out.
func privateHeading(h string) string {
	if strings.EqualFold(h, "private") {
		return "Private notes (coach only)"
	}
	return h + " (coach only)"
}

// mdSections writes record sections under level-3 headings, so they nest
// inside the refresher's own sections whatever level the record used.
func mdSections(b *strings.Builder, secs []body.Section) {
	for _, sec := range secs {
		if sec.Heading != "" {
			h := sec.Heading
			if sec.Private {
				h = privateHeading(h)
			}
			fmt.Fprintf(b, "\n### %s\n", h)
		}
		if t := strings.TrimSpace(sec.Text); t != "" {
			b.WriteString("\n" + t + "\n")
		}
	}
}

// mdBlocks splits Markdown text into blocks at blank lines, keeping fenced
// code together.
func mdBlocks(text string) []string {
	var blocks []string
	var cur []string
	inFence := false
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			inFence = !inFence
		}
		if trimmed == "" && !inFence {
			if len(cur) > 0 {
				blocks = append(blocks, strings.Join(cur, "\n"))
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		blocks = append(blocks, strings.Join(cur, "\n"))
	}
	return blocks
}

// reflow lays Markdown blocks out as plain text of the given width: paragraphs
// and list items are re-wrapped, tables, code and quotes are kept line for
// line. Blocks are separated by a blank line.
func reflow(blocks []string, indent string, width int) []string {
	var out []string
	for i, blk := range blocks {
		if i > 0 {
			out = append(out, "")
		}
		lines := strings.Split(blk, "\n")
		first := strings.TrimSpace(lines[0])
		switch {
		case strings.HasPrefix(first, "|"), strings.HasPrefix(first, "```"), strings.HasPrefix(first, "~~~"),
			strings.HasPrefix(lines[0], "    "):
			for _, l := range lines {
				out = append(out, indent+l)
			}
		case listMarker(lines[0]) != "":
			for _, item := range listItems(lines) {
				m := listMarker(item)
				hang := strings.Repeat(" ", termtext.Width(m))
				out = append(out, wrapWords(strings.TrimSpace(item[len(m):]), indent+m, indent+hang, width)...)
			}
		default:
			out = append(out, wrapWords(strings.Join(lines, " "), indent, indent, width)...)
		}
	}
	return out
}

// listMarker returns a list item's leading marker with its space ("- ",
// "2. ", "- [x] "), or "" when line does not start an item.
func listMarker(line string) string {
	s := strings.TrimLeft(line, " ")
	lead := line[:len(line)-len(s)]
	if len(lead) > 3 {
		return ""
	}
	m := ""
	switch {
	case strings.HasPrefix(s, "- "), strings.HasPrefix(s, "* "), strings.HasPrefix(s, "+ "):
		m = s[:2]
	default:
		n := 0
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n+1 >= len(s) || (s[n] != '.' && s[n] != ')') || s[n+1] != ' ' {
			return ""
		}
		m = s[:n+2]
	}
	for _, box := range []string{"[ ] ", "[x] ", "[X] "} {
		if strings.HasPrefix(s[len(m):], box) {
			m += box
		}
	}
	return lead + m
}

// listItems groups a list block's lines into items, joining continuation
// lines onto their item.
func listItems(lines []string) []string {
	var items []string
	for _, l := range lines {
		if listMarker(l) != "" || len(items) == 0 {
			items = append(items, l)
			continue
		}
		items[len(items)-1] += " " + strings.TrimSpace(l)
	}
	return items
}

// wrapWords wraps text to width, starting with first and continuing with
// rest. A word longer than the line stays whole on its own line.
func wrapWords(text, first, rest string, width int) []string {
	var out []string
	line, n := first, termtext.Width(first)
	empty := true
	for _, word := range strings.Fields(text) {
		wl := termtext.Width(word)
		if !empty && n+1+wl > width {
			out = append(out, line)
			line, n, empty = rest, termtext.Width(rest), true
		}
		if !empty {
			line += " "
			n++
		}
		line += word
		n += wl
		empty = false
	}
	return append(out, line)
}
