package check

import (
	"fmt"

	"github.com/rapport-coach/rapport/records"
)

// Rules about sessions: that each is contracted, numbered, tied to the
// client's goals and leaves the client with actions of their own.

// agreementMissing: a session with no active, signed agreement on its date.
func agreementMissing(in *In, r Report) {
	c := in.Client
	for _, s := range c.Sessions {
		if s.Date.IsZero() {
			continue
		}
		a := c.AgreementOn(s.Date)
		switch {
		case a == nil:
			r.Hinted(s.Record, "date", fmt.Sprintf("session %d on %s comes before any agreement with the client", s.Number, s.Date),
				"contract the client first (rapport new client or new agreement), or correct the session's date")
		case isDraft(a):
			r.At(s.Record, "date", fmt.Sprintf("session %d on %s was held under a draft agreement (%s)", s.Number, s.Date, a.Path))
		case a.Signed.Client.IsZero() || a.Signed.Coach.IsZero():
			r.At(s.Record, "date", fmt.Sprintf("session %d on %s was held under an agreement that is not signed (%s)", s.Number, s.Date, a.Path))
		case s.Date.Before(a.Signed.Client) || s.Date.Before(a.Signed.Coach):
			r.At(s.Record, "date", fmt.Sprintf("session %d on %s was held before the agreement was signed", s.Number, s.Date))
		case !a.Ended.IsZero() && s.Date.After(a.Ended):
			r.Hinted(s.Record, "date", fmt.Sprintf("session %d on %s was held after the engagement ended on %s", s.Number, s.Date, a.Ended),
				"start a new engagement with rapport new agreement CLIENT, or correct the dates")
		}
	}
}

// sessionBeforeConsent: notes kept from before the client consented.
func sessionBeforeConsent(in *In, r Report) {
	c := in.Client
	for _, s := range c.Sessions {
		a := c.AgreementOn(s.Date)
		if a == nil || s.Date.IsZero() || a.Records.Consent.IsZero() {
			continue
		}
		if s.Date.Before(a.Records.Consent) {
			r.At(s.Record, "date", fmt.Sprintf("session %d on %s is before the client consented to records on %s", s.Number, s.Date, a.Records.Consent))
		}
	}
}

// sessionNumber: duplicates, gaps, and numbers out of date order. Sessions
// arrive sorted by number.
func sessionNumber(in *In, r Report) {
	want := 1
	var prev *records.Session
	for _, s := range in.Client.Sessions {
		if !s.Record.Has("number") {
			continue // field-missing says so
		}
		switch {
		case s.Number < 1:
			r.At(s.Record, "number", fmt.Sprintf("session number %d: sessions are numbered from 1", s.Number))
			continue
		case prev != nil && s.Number == prev.Number:
			r.Hinted(s.Record, "number", fmt.Sprintf("session %d is numbered the same as %s", s.Number, prev.Path),
				"give this session the next free number")
			continue
		case s.Number > want && want == 1:
			r.At(s.Record, "number", fmt.Sprintf("session %d is the first session: sessions are numbered from 1", s.Number))
		case s.Number > want:
			if want == s.Number-1 {
				r.At(s.Record, "number", fmt.Sprintf("session %d follows session %d: there is no session %d", s.Number, want-1, want))
			} else {
				r.At(s.Record, "number", fmt.Sprintf("session %d follows session %d: sessions %d to %d are missing", s.Number, want-1, want, s.Number-1))
			}
		}
		if prev != nil && !s.Date.IsZero() && !prev.Date.IsZero() && s.Date.Before(prev.Date) {
			r.At(s.Record, "number", fmt.Sprintf("session %d is dated %s, before session %d on %s", s.Number, s.Date, prev.Number, prev.Date))
		}
		want = s.Number + 1
		prev = s
	}
}

// goalUnknown: a session names a goal the agreement does not have.
func goalUnknown(in *In, r Report) {
	c := in.Client
	for _, s := range c.Sessions {
		a := c.AgreementOn(s.Date)
		if a == nil {
			a = c.Agreement()
		}
		if a == nil {
			continue
		}
		for i, id := range s.Goals {
			if id == "" || records.IsPlaceholder(id) || a.Goal(id) != nil {
				continue
			}
			hint := "use one of the agreement's goal ids"
			ids := make([]string, 0, len(a.Goals))
			for _, g := range a.Goals {
				ids = append(ids, g.ID)
			}
			if sug := records.Suggest(id, ids); sug != "" {
				hint = "did you mean " + sug + "?"
			}
			r.Hinted(s.Record, fmt.Sprintf("goals.%d", i), fmt.Sprintf("session %d works on goal %q, which %s does not have", s.Number, id, a.Path), hint)
		}
	}
}

// sessionGoalsMissing: a session tied to none of the client's goals.
func sessionGoalsMissing(in *In, r Report) {
	for _, s := range in.Client.Sessions {
		if len(s.Goals) == 0 {
			r.At(s.Record, "goals", fmt.Sprintf("session %d does not say which of the client's goals it worked on", s.Number))
		}
	}
}

// sessionsOverAgreed: more sessions under an agreement than it provides for.
func sessionsOverAgreed(in *In, r Report) {
	c := in.Client
	for _, a := range c.Agreements {
		n := a.Sessions.Count
		if n <= 0 {
			continue
		}
		for i, s := range c.SessionsUnder(a) {
			if i >= n {
				r.At(s.Record, "number", fmt.Sprintf("session %d is session %d under an agreement for %d", s.Number, i+1, n))
			}
		}
	}
}

// actionDueMissing: an open action with no date.
func actionDueMissing(in *In, r Report) {
	for _, s := range in.Client.Sessions {
		for i, a := range s.Actions {
			if a.IsOpen() && a.Due.IsZero() && !s.Record.Has(fmt.Sprintf("actions.%d.due", i)) {
				r.At(s.Record, fmt.Sprintf("actions.%d", i), fmt.Sprintf("action %d of session %d has no due date", i+1, s.Number))
			}
		}
	}
}

// actionSetByCoach: actions are the client's to choose.
func actionSetByCoach(in *In, r Report) {
	for _, s := range in.Client.Sessions {
		for i, a := range s.Actions {
			if a.SetBy == "coach" {
				r.At(s.Record, fmt.Sprintf("actions.%d.set_by", i), fmt.Sprintf("action %d of session %d was set by the coach", i+1, s.Number))
			}
		}
	}
}

// actionOverdue: in the latest session of a live engagement, an open action
// past its due date once the session meant to review it has also passed.
// Before that session an overdue action is simply on the agenda.
func actionOverdue(in *In, r Report) {
	c := in.Client
	s := c.LatestSession()
	if s == nil {
		return
	}
	if a := c.AgreementOn(s.Date); a != nil && a.State() == records.StatusEnded {
		return
	}
	if !s.Next.IsZero() && !s.Next.Before(in.Today) {
		return
	}
	for i, a := range s.Actions {
		if a.IsOverdue(in.Today) {
			r.At(s.Record, fmt.Sprintf("actions.%d.due", i), fmt.Sprintf("action %d of session %d was due on %s and is still open", i+1, s.Number, a.Due))
		}
	}
}

// nextMissing: a session that does not say when the next one is, except
// the last session of an ended engagement.
func nextMissing(in *In, r Report) {
	c := in.Client
	for _, a := range c.Agreements {
		under := c.SessionsUnder(a)
		for i, s := range under {
			if !s.Next.IsZero() {
				continue
			}
			last := i == len(under)-1
			if last && (a.State() == records.StatusEnded || !a.Ended.IsZero()) {
				continue
			}
			r.At(s.Record, "next", fmt.Sprintf("session %d does not give the date of the next session", s.Number))
		}
	}
	for _, s := range c.Sessions {
		if c.AgreementOn(s.Date) == nil && s.Next.IsZero() {
			r.At(s.Record, "next", fmt.Sprintf("session %d does not give the date of the next session", s.Number))
		}
	}
}

// groupSizeMissing: a group session without its size.
func groupSizeMissing(in *In, r Report) {
	for _, s := range in.Client.Sessions {
		if s.Format == "group" && s.GroupSize < 2 {
			field := "format"
			if s.Record.Has("group_size") {
				field = "group_size"
			}
			r.At(s.Record, field, fmt.Sprintf("session %d is a group session but gives no group size of 2 or more", s.Number))
		}
	}
}
