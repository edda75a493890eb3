package check

import (
	"fmt"

	"github.com/rapport-coach/rapport/records"
)

// HandoverDays is how long the notes of a client who holds the records may
// wait for rapport handover: the handout is usually given the same day or
// the next, and a few days allow for a weekend.
const HandoverDays = 3

// recordsHeldByClient: when the client holds the records, a session the
// coach keeps with its notes or actions where git can see them (an error),
// and notes left waiting for handover too long (a warning).
func recordsHeldByClient(in *In, r Report) {
	c := in.Client
	for _, s := range c.Sessions {
		a := c.AgreementOn(s.Date)
		if s.Date.IsZero() || !a.ClientHolds() {
			continue
		}
		hint := fmt.Sprintf("rapport handover %s %d gives the client the handout and keeps only what is allowed", c.ID, s.Number)
		switch {
		case records.IsHandoverPath(s.Path):
			if s.Date.AddDays(HandoverDays).Before(in.Today) {
				r.Problem(records.Problem{Path: s.Path, Line: s.Pos("date").Line, Col: s.Pos("date").Col, Severity: records.Warning,
					Message: fmt.Sprintf("the notes of session %d on %s have not been handed over to the client after %s", s.Number, s.Date, days(s.Date.DaysUntil(in.Today))),
					Hint:    hint})
			}
		case !s.IsHandedOver():
			what := "its notes"
			switch {
			case len(s.Actions) > 0 && !s.BodyBlank:
				what = "its notes and the client's actions"
			case len(s.Actions) > 0:
				what = "the client's actions"
			case s.BodyBlank:
				what = "a record not marked handed_over"
			}
			r.Hinted(s.Record, "", fmt.Sprintf("session %d keeps %s where git can see them, but %s chose to hold the records (%s)", s.Number, what, c.Name(), a.Path),
				hint)
		}
	}
}
