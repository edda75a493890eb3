// Package render turns a client's records into handouts: the printable
// documents a client takes home. It knows Markdown, layouts and privacy, and
// nothing of the command line, so `rapport render`, `rapport build` and the
// PDF engine share it.
//
// The flow is Plan (which handouts a client has, and what each depends on),
// Make (a Handout: a writer-independent model with the Markdown already
// parsed and made safe) and a writer such as HTML.
package render

import (
	"html/template"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/i18n"
)

// Kind is the sort of handout.
type Kind string

// The handouts a client receives.
const (
	KindAgreement  Kind = "agreement"
	KindSession    Kind = "session"
	KindReflection Kind = "reflection"
	KindProgress   Kind = "progress"
	KindPrivacy    Kind = "privacy"
)

// Kinds lists the handout kinds in the order a client meets them.
var Kinds = []Kind{KindAgreement, KindSession, KindReflection, KindProgress, KindPrivacy}

// Handout is one document for one client, independent of how it is written
// out. Everything in it is fit for the client's eyes: privacy is enforced
// when it is made, not when it is written.
type Handout struct {
	ID    string // file name without extension: "agreement", "session-03", "reflection-03", "progress", "privacy"
	Kind  Kind
	Title string // "Session 3", "Coaching agreement"
	// Subtitle is a short line under the title, such as the session's date.
	Subtitle string
	// Draft marks a document not yet agreed, such as a draft agreement: every
	// printed page says so, so a loose page is never taken for the signed one.
	Draft bool

	PracticeName    string
	CoachName       string
	CoachEmail      string
	CoachPhone      string
	CoachCredential string
	ClientID        string
	ClientName      string

	// Lang is the language the handout is written in: its messages,
	// dates and numbers. Nil is English.
	Lang *i18n.Lang

	Date     records.Date     // the date the handout speaks for
	Revision records.Revision // of the records it was made from
	Paper    string           // "A4" or "Letter"
	// LargePrint sets the handout at 16 pt or more, with room to write by
	// hand, for a client who reads large print.
	LargePrint bool

	// Problems are errors found while reading the records this handout is
	// made from. The handout is still made; writers show them on screen only.
	Problems []records.Problem

	Body *Doc // the record's Markdown, safe to print; nil for generated handouts

	Agreement  *AgreementPart
	Session    *SessionPart
	Reflection *ReflectionPart
	Progress   *ProgressPart
	Privacy    *PrivacyPart
	Portfolio  *PortfolioPart // the coach's own; never on a client's handout

	// Set by the HTML writer on the copy its layout sees: the style sheet,
	// the @page rule (size and margins, from practice.yaml) and the line
	// printed at the foot of every page.
	CSS     template.CSS
	PageCSS template.CSS
	Footer  string

	// guard checks the files written of a client's handout before they are
	// returned; Make sets it, and a coach-only document has none.
	guard *fileGuard

	// sources are the records the handout is made from, and read reads
	// one, to say where a character the PDF fonts lack is written.
	sources []string
	read    sourceReader
}

// Field is a labelled value, such as "Sessions: six of 60 minutes".
type Field struct {
	Label, Value string
}

// GoalLine is one of the client's goals as a handout shows it.
type GoalLine struct {
	ID, Text string
	Status   string // open, achieved or dropped
	Sessions []int  // the numbers of the sessions that worked on it
}

// ActionLine is one of the client's actions.
type ActionLine struct {
	Text    string
	Due     records.Date
	Status  string // open, done or dropped
	Done    bool
	Overdue bool
}

// AgreementPart is what the client's copy of an agreement shows.
type AgreementPart struct {
	Terms           []Field // sessions, dates, fees, sponsor
	Goals           []GoalLine
	Records         []Field // records arrangement in plain words
	Ethics          string
	Confidentiality string
	SignedClient    records.Date
	SignedCoach     records.Date
}

// SessionPart is what a session handout shows beyond its notes.
type SessionPart struct {
	Number  int
	Date    records.Date
	Minutes int
	// Group is the number of people in a group session; 0 for one-to-one.
	Group   int
	Goals   []GoalLine
	Actions []ActionLine
	Next    records.Date
	// Prompts are the reflection log's questions, answered by hand.
	Prompts []Prompt
}

// Prompt is a question of the reflection log and how many lines to leave.
type Prompt struct {
	Question string
	Lines    int
	Scale    bool // answered on a 1 to 10 scale rather than in lines
}

// ReflectionPart is the client's own reflection, typed up.
type ReflectionPart struct {
	Session     int
	SessionDate records.Date
}

// ProgressPart is the progress summary of the current engagement.
type ProgressPart struct {
	Goals       []GoalLine
	SessionsRun int
	SessionsDue int // agreed in the agreement; 0 when not set
	Sessions    []SessionLine
	Done        []ActionLine
	Open        []ActionLine
	Overdue     []ActionLine
	Next        records.Date
}

// SessionLine is one session in the progress summary.
type SessionLine struct {
	Number int
	Date   records.Date
	Goals  []string
	// GoalNumbers are the goals' places in ProgressPart.Goals, from 1.
	GoalNumbers []int
}

// PrivacyPart is the plain-language privacy notice.
type PrivacyPart struct {
	Kept      []string // what is kept
	Where     string
	HeldBy    string // in words: "your coach", "you", "both of us"
	Retention string // "6 years"
	Until     records.Date
	Ended     records.Date
	Consent   records.Date
	Withdrawn records.Date
	Sponsor   string
	Reporting string
}

// reflectionPrompts are the questions of the reflection log printed on
// every session handout, in the handout's language; PRODUCT.md names them,
// and client reflections follow them.
func (h *Handout) reflectionPrompts() []Prompt {
	return []Prompt{
		{Question: h.t("reflection_log.learned"), Lines: 6},
		{Question: h.t("reflection_log.differently"), Lines: 6},
		{Question: h.t("reflection_log.targets"), Lines: 6},
		{Question: h.t("reflection_log.confidence"), Lines: 1, Scale: true},
	}
}
