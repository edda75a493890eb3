package check

import (
	"fmt"

	"github.com/rapport-coach/rapport/records"
)

// reflectionMissing: a session some days past with no client reflection.
// Sessions in the future, or too recent, are not yet due one.
func reflectionMissing(in *In, r Report) {
	c := in.Client
	days := in.Config.ReflectionDays
	if days <= 0 {
		days = DefaultReflectionDays
	}
	have := map[int]bool{}
	for _, ref := range c.ClientReflections() {
		have[ref.Session] = true
	}
	for _, s := range c.Sessions {
		if s.Date.IsZero() || s.Number < 1 || have[s.Number] {
			continue
		}
		if in.Today.Before(s.Date.AddDays(days)) {
			continue
		}
		if a := c.AgreementOn(s.Date); a != nil && !a.Records.Withdrawn.IsZero() && !s.Date.Before(a.Records.Withdrawn) {
			continue // nothing more may be recorded; consent-withdrawn says so
		}
		r.At(s.Record, "date", fmt.Sprintf("no reflection from the client %d days after session %d on %s", s.Date.DaysUntil(in.Today), s.Number, s.Date))
	}
}

// reflectionOrphan: a reflection on a session that does not exist, or a
// client reflection that names no session.
func reflectionOrphan(in *In, r Report) {
	c := in.Client
	for _, ref := range c.Reflections {
		switch {
		case ref.Session == 0 && !ref.Record.Has("session"):
			if !ref.IsPrivate() {
				r.At(ref.Record, "session", "client reflection does not say which session it reflects on")
			}
		case c.SessionNumber(ref.Session) == nil:
			r.At(ref.Record, "session", fmt.Sprintf("reflection is on session %d, and there is no session %d", ref.Session, ref.Session))
		default:
			s := c.SessionNumber(ref.Session)
			if !ref.Date.IsZero() && !s.Date.IsZero() && ref.Date.Before(s.Date) {
				r.Hinted(ref.Record, "date", fmt.Sprintf("reflection is dated %s, before session %d on %s", ref.Date, s.Number, s.Date),
					"correct the reflection's date or its session number")
			}
		}
	}
}

// retentionExpired: an ended engagement kept past its retention period.
// Only the latest engagement counts: while a client returns, the earlier
// records are part of a continuing relationship.
func retentionExpired(in *In, r Report) {
	a := in.Client.Agreement()
	if a == nil || a.Ended.IsZero() || a.Records.Retention.IsZero() {
		return
	}
	until := a.Records.Retention.From(a.Ended)
	if in.Today.After(until) {
		r.At(a.Record, "ended", fmt.Sprintf("engagement ended on %s and its records were to be kept for %s, until %s",
			a.Ended, a.Records.Retention.Words(), until))
	}
}

// hoursConsent: an engagement with sessions whose agreement does not say
// whether the client may be named in the coaching-hours log. The log keeps
// such a client anonymous, but the coach should have asked.
func hoursConsent(in *In, r Report) {
	c := in.Client
	for _, a := range c.Agreements {
		if a.Record.Has("consents.named_in_hours_log") || len(c.SessionsUnder(a)) == 0 {
			continue
		}
		r.At(a.Record, "consents", "agreement does not say whether the client may be named in the coaching-hours log (they appear there anonymously)")
	}
}

// placeholderLeft finds placeholders in record bodies; loading has already
// reported those in the frontmatter.
func placeholderLeft(in *In, r Report) {
	c := in.Client
	for _, a := range c.Agreements {
		bodyPlaceholders(a.Record, r)
	}
	for _, s := range c.Sessions {
		bodyPlaceholders(s.Record, r)
	}
	for _, ref := range c.Reflections {
		bodyPlaceholders(ref.Record, r)
	}
}

func bodyPlaceholders(rec *records.Record, r Report) {
	for _, f := range findPlaceholders(rec.Body) {
		r.Problem(records.Problem{Path: rec.Path, Line: rec.BodyLine + f.line, Col: f.col,
			Message: "body still has a placeholder: " + f.text})
	}
}
