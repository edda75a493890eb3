package scaffold

import (
	"fmt"

	"github.com/rapport-coach/rapport/records"
)

// Agreement is what the agreement scaffold is rendered from: the practice's
// defaults, and for a new engagement with an existing client what carries over.
type Agreement struct {
	Practice        string
	Coach           records.Coach
	ClientName      string
	Date            records.Date // the initiation meeting, today by default
	Contact         records.Contact
	Terms           records.Terms
	Fees            records.Fees
	Ethics          string
	Confidentiality string
	Records         records.Arrangement
	Goals           []records.Goal // still-open goals carried over from the previous engagement
	Previous        string         // the previous agreement's path, when re-contracting
}

// NewAgreement is the first agreement with a new client, from the practice's defaults.
func NewAgreement(s *records.Settings, name string, contact records.Contact, today records.Date) *Agreement {
	d := s.Defaults
	return &Agreement{
		Practice:        s.Name,
		Coach:           s.Coach,
		ClientName:      name,
		Date:            today,
		Contact:         contact,
		Terms:           d.Sessions,
		Fees:            d.Fees,
		Ethics:          s.Ethics,
		Confidentiality: d.Confidentiality,
		Records:         records.Arrangement{HeldBy: d.Records.HeldBy, Storage: d.Records.Storage, Retention: d.Records.Retention},
	}
}

// Renewal is a new engagement with an existing client: the practice's
// defaults again, the client's name and contact details and the goals still
// open from their current agreement. Flags given by the coach win over the
// contact details on record.
func Renewal(s *records.Settings, c *records.Client, contact records.Contact, today records.Date) *Agreement {
	a := NewAgreement(s, c.Name(), contact, today)
	prev := c.Agreement()
	if prev == nil {
		return a
	}
	a.Previous = prev.Path
	if a.Contact.Email == "" {
		a.Contact.Email = prev.Contact.Email
	}
	if a.Contact.Phone == "" {
		a.Contact.Phone = prev.Contact.Phone
	}
	for _, g := range prev.Goals {
		if g.IsOpen() && g.ID != "" && !records.IsPlaceholder(g.ID) && !records.IsPlaceholder(g.Text) {
			a.Goals = append(a.Goals, records.Goal{ID: g.ID, Text: g.Text, Status: "open"})
		}
	}
	return a
}

// Session is what the session scaffold is rendered from.
type Session struct {
	ClientName string
	Number     int
	Date       records.Date
	Minutes    int
	Billing    string // paid | pro-bono
	Goals      []string
	Actions    []records.Action // the client's open actions, carried forward
	Agreement  string           // the path of the agreement the session is held under, if any
}

// NextSession is the client's next session on date: numbered one more than the
// highest so far, with the goals of the agreement in force and the actions
// still open from the latest session. Notes say what the coach should know,
// such as sessions beyond what was agreed; they never stop the session.
func NextSession(s *records.Settings, c *records.Client, date records.Date) (*Session, []string) {
	ses := &Session{
		ClientName: c.Name(),
		Number:     c.NextSessionNumber(),
		Date:       date,
		Minutes:    s.Defaults.Sessions.Minutes,
		Billing:    "paid",
	}
	if s.Defaults.Fees.ProBono {
		ses.Billing = "pro-bono"
	}
	for _, a := range c.OpenActions() {
		if a.SetBy == "" {
			a.SetBy = "client"
		}
		a.Status = "open"
		ses.Actions = append(ses.Actions, a)
	}

	var notes []string
	a := c.AgreementOn(date)
	if a == nil {
		if a = c.Agreement(); a == nil {
			return ses, append(notes, fmt.Sprintf("%s has no agreement: a session needs an active, signed one", c.ID))
		}
		notes = append(notes, fmt.Sprintf("%s's agreement %s is dated after %s", c.ID, a.Path, date))
	}
	ses.Agreement = a.Path
	if a.Sessions.Minutes > 0 {
		ses.Minutes = a.Sessions.Minutes
	}
	ses.Billing = "paid"
	if a.IsProBono() {
		ses.Billing = "pro-bono"
	}
	for _, g := range a.Goals {
		if g.IsOpen() && g.ID != "" && !records.IsPlaceholder(g.ID) {
			ses.Goals = append(ses.Goals, g.ID)
		}
	}
	switch st := a.State(); st {
	case records.StatusActive:
	case records.StatusDraft:
		notes = append(notes, fmt.Sprintf("%s is still a draft: a session needs an active, signed agreement", a.Path))
	default:
		notes = append(notes, fmt.Sprintf("%s is %s: this session is outside the engagement", a.Path, st))
	}
	if n := len(c.SessionsUnder(a)); a.Sessions.Count > 0 && n >= a.Sessions.Count {
		notes = append(notes, fmt.Sprintf("%s agreed %s and %d have been held: this one is beyond what was agreed",
			a.Path, records.CountWords(a.Sessions.Count, "session"), n))
	}
	return ses, notes
}

// Reflection is what the reflection scaffolds are rendered from.
type Reflection struct {
	ClientName string
	Author     string // client | coach
	Session    int
	Date       records.Date
}

// NewReflection is a reflection by author ("client" or "coach") on session n.
func NewReflection(c *records.Client, author string, n int, today records.Date) *Reflection {
	return &Reflection{ClientName: c.Name(), Author: author, Session: n, Date: today}
}

// File is the scaffold a reflection by author is rendered from.
func (r *Reflection) File() string {
	if r.Author == "coach" {
		return CoachReflectionFile
	}
	return ClientReflectionFile
}
