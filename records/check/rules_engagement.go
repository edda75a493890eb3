package check

import (
	"fmt"

	"github.com/rapport-coach/rapport/records"
)

// Rules about an engagement's span: that it ends when it should, so the
// retention clock starts, and that its sessions fall inside its dates.

// LapsedDays is how long after the last agreed next session, with no session
// since, an active engagement counts as lapsed: two months covers a holiday
// or an illness, and after that the coach has most likely stopped meeting.
const LapsedDays = 60

// engagementLapsed: an active agreement past its end date, or with no session
// long after the last next date (or its start, before the first session).
func engagementLapsed(in *In, r Report) {
	c := in.Client
	a := c.Agreement()
	if a == nil || a.State() != records.StatusActive {
		return
	}
	var last *records.Session
	for _, s := range c.SessionsUnder(a) {
		if !s.Date.IsZero() {
			last = s
		}
	}
	// The close date rapport would accept: no earlier than the last session.
	closeOn := a.Date
	if last != nil {
		closeOn = last.Date
	}
	switch {
	case !a.End.IsZero() && a.End.Before(in.Today):
		if a.End.After(closeOn) {
			closeOn = a.End
		}
		r.Hinted(a.Record, "end", fmt.Sprintf("the engagement is still active %s after its end date %s, so its retention clock has not started",
			days(a.End.DaysUntil(in.Today)), a.End), closeHint(c.ID, closeOn))
	case last != nil && !last.Next.IsZero() && last.Next.AddDays(LapsedDays).Before(in.Today):
		r.Hinted(a.Record, "status", fmt.Sprintf("the engagement is still active, but no session has been held since %s, and the next one was due on %s (%s ago)",
			last.Date, last.Next, days(last.Next.DaysUntil(in.Today))), closeHint(c.ID, closeOn))
	case last == nil && !a.Start.IsZero() && a.Start.AddDays(LapsedDays).Before(in.Today):
		r.Hinted(a.Record, "start", fmt.Sprintf("the engagement is still active, but no session has been held since it was to start on %s (%s ago)",
			a.Start, days(a.Start.DaysUntil(in.Today))), closeHint(c.ID, closeOn))
	}
}

// closeHint is the command that ends the engagement on the day given.
func closeHint(id string, on records.Date) string {
	return fmt.Sprintf("if the coaching has ended, rapport close %s --date %s; if not, agree new dates with the client and update the agreement", id, on)
}

// sessionOutsideDates: sessions before the agreement's start or after its
// end. A session after the engagement was closed is agreement-missing's.
func sessionOutsideDates(in *In, r Report, after bool) {
	c := in.Client
	for _, s := range c.Sessions {
		a := c.AgreementOn(s.Date)
		if a == nil || s.Date.IsZero() {
			continue
		}
		switch {
		case !after && !a.Start.IsZero() && s.Date.Before(a.Start):
			r.At(s.Record, "date", fmt.Sprintf("session %d on %s is before the agreement's start date %s", s.Number, s.Date, a.Start))
		case after && !a.End.IsZero() && s.Date.After(a.End) && (a.Ended.IsZero() || !s.Date.After(a.Ended)):
			r.At(s.Record, "date", fmt.Sprintf("session %d on %s is after the agreement's end date %s", s.Number, s.Date, a.End))
		}
	}
}

func sessionBeforeStart(in *In, r Report) { sessionOutsideDates(in, r, false) }
func sessionAfterEnd(in *In, r Report)    { sessionOutsideDates(in, r, true) }

// days is "1 day" or "n days".
func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}
