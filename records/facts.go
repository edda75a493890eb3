package records

// The facts below are what several commands ask of a client's records: which
// engagement is current, what number the next session takes, which actions
// are still open.

// Agreement states.
const (
	StatusDraft  = "draft"
	StatusActive = "active"
	StatusEnded  = "ended"
)

// State is the agreement's status, "draft" when none is written.
func (a *Agreement) State() string {
	if a.Status == "" {
		return StatusDraft
	}
	return a.Status
}

// Goal returns the goal with the given id, or nil.
func (a *Agreement) Goal(id string) *Goal {
	for i := range a.Goals {
		if a.Goals[i].ID == id {
			return &a.Goals[i]
		}
	}
	return nil
}

// IsOpen reports whether the goal is still being worked on.
func (g Goal) IsOpen() bool { return g.Status == "" || g.Status == "open" }

// IsOpen reports whether the action is still to be done.
func (a Action) IsOpen() bool { return a.Status == "" || a.Status == "open" }

// IsOverdue reports whether an open action's due date has passed by today.
func (a Action) IsOverdue(today Date) bool {
	return a.IsOpen() && !a.Due.IsZero() && a.Due.Before(today)
}

// Name is the client's name as the latest agreement gives it, or the id.
func (c *Client) Name() string {
	for i := len(c.Agreements) - 1; i >= 0; i-- {
		if n := c.Agreements[i].ClientName; n != "" {
			return n
		}
	}
	return c.ID
}

// Agreement is the current engagement: the latest agreement by date, or nil.
func (c *Client) Agreement() *Agreement {
	if len(c.Agreements) == 0 {
		return nil
	}
	return c.Agreements[len(c.Agreements)-1]
}

// AgreementOn is the engagement in force on day d: the latest agreement dated
// on or before d. It may be a draft or ended; callers decide what that means.
func (c *Client) AgreementOn(d Date) *Agreement {
	var found *Agreement
	for _, a := range c.Agreements {
		if a.Date.IsZero() || !a.Date.After(d) {
			found = a
		}
	}
	return found
}

// SessionsUnder are the sessions held under agreement a: those dated on or
// after it and before the next agreement.
func (c *Client) SessionsUnder(a *Agreement) []*Session {
	var out []*Session
	for _, s := range c.Sessions {
		if c.AgreementOn(s.Date) == a {
			out = append(out, s)
		}
	}
	return out
}

// LatestSession is the session with the highest number, or nil.
func (c *Client) LatestSession() *Session {
	if len(c.Sessions) == 0 {
		return nil
	}
	return c.Sessions[len(c.Sessions)-1]
}

// LastHeld is the latest session whose date could be read, or nil. A session
// whose date is missing or invalid cannot say when the client was last seen,
// and must not hide the sessions before it.
func (c *Client) LastHeld() *Session {
	for i := len(c.Sessions) - 1; i >= 0; i-- {
		if !c.Sessions[i].Date.IsZero() {
			return c.Sessions[i]
		}
	}
	return nil
}

// SessionNumber returns the session numbered n, or nil.
func (c *Client) SessionNumber(n int) *Session {
	for _, s := range c.Sessions {
		if s.Number == n {
			return s
		}
	}
	return nil
}

// NextSessionNumber is one more than the highest session number so far, so a
// deleted or missing session never makes two sessions share a number.
func (c *Client) NextSessionNumber() int {
	n := 0
	for _, s := range c.Sessions {
		n = max(n, s.Number)
	}
	return n + 1
}

// OpenActions are the client's actions still open as of the latest session.
// Each session carries forward what is still open, so the latest one holds
// the current list.
func (c *Client) OpenActions() []Action {
	s := c.LatestSession()
	if s == nil {
		return nil
	}
	var out []Action
	for _, a := range s.Actions {
		if a.IsOpen() {
			out = append(out, a)
		}
	}
	return out
}

// ClientReflections are the reflections written by the client, oldest first.
func (c *Client) ClientReflections() []*Reflection {
	var out []*Reflection
	for _, r := range c.Reflections {
		if !r.IsPrivate() {
			out = append(out, r)
		}
	}
	return out
}

// CoachReflections are the coach's own reflections about this client, oldest
// first. They are private to the coach.
func (c *Client) CoachReflections() []*Reflection {
	var out []*Reflection
	for _, r := range c.Reflections {
		if r.IsPrivate() {
			out = append(out, r)
		}
	}
	return out
}

// IsPrivate reports whether the reflection is coach-only. Only a reflection
// that says it is the client's is ever shared: one with no author, or a
// misspelt one, stays private until the coach fixes it.
func (r *Reflection) IsPrivate() bool { return r.Author != "client" }

// IsProBono reports whether the engagement is unpaid, written either as
// pro_bono: true or as fees: {pro_bono: true}.
func (a *Agreement) IsProBono() bool { return a.ProBono || a.Fees.ProBono }
