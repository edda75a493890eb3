package records

// The facts below answer what a coach asks of a client before their week
// starts: where the engagement stands, when the next session is, what the
// client has still to do.

// StateNone is the state of a client with no agreement at all.
const StateNone = "none"

// Overview is one client's standing at a glance, as `status` lists it.
type Overview struct {
	ID      string
	Name    string
	State   string // draft | active | ended | none
	Used    int    // sessions held under the current agreement (all sessions when there is none)
	Agreed  int    // sessions the current agreement provides for; 0 when unsaid
	Last    Date   // the latest session's date
	Next    Date   // the next session's date, zero when none is planned
	Open    int    // open actions
	Overdue int    // open actions whose due date has passed
}

// Overview sums up the client's records as of today.
func (c *Client) Overview(today Date) Overview {
	o := Overview{ID: c.ID, Name: c.Name(), State: StateNone, Used: len(c.Sessions)}
	if a := c.Agreement(); a != nil {
		o.State = a.State()
		o.Agreed = a.Sessions.Count
		o.Used = len(c.SessionsUnder(a))
	}
	if s := c.LastHeld(); s != nil {
		o.Last = s.Date
	}
	o.Next = c.NextSessionDate()
	for _, a := range c.OpenActions() {
		o.Open++
		if a.IsOverdue(today) {
			o.Overdue++
		}
	}
	return o
}

// NextSessionDate is when the client is next seen: the date the latest
// session set as next, or, before the first session, the agreement's start.
// An ended engagement has no next session.
func (c *Client) NextSessionDate() Date {
	a := c.Agreement()
	if a != nil && a.State() == StatusEnded {
		return Date{}
	}
	if s := c.LastHeld(); s != nil && (a == nil || !s.Date.Before(a.Date)) {
		return s.Next
	}
	if a != nil {
		return a.Start
	}
	return Date{}
}

// OverdueActions are the open actions whose due date is before today.
func (c *Client) OverdueActions(today Date) []Action {
	var out []Action
	for _, a := range c.OpenActions() {
		if a.IsOverdue(today) {
			out = append(out, a)
		}
	}
	return out
}

// LatestClientReflection is the client's most recent reflection, or nil.
func (c *Client) LatestClientReflection() *Reflection {
	rs := c.ClientReflections()
	if len(rs) == 0 {
		return nil
	}
	return rs[len(rs)-1]
}

// LatestCoachReflection is the coach's most recent reflection about this
// client, or nil.
func (c *Client) LatestCoachReflection() *Reflection {
	rs := c.CoachReflections()
	if len(rs) == 0 {
		return nil
	}
	return rs[len(rs)-1]
}
