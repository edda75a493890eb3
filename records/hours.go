package records

import (
	"fmt"
	"sort"
)

// The coaching-hours log is what accreditation bodies ask a coach for: per
// client, when they were coached, for how long, paid or pro bono, one to one
// or in a group. Hours are summed in minutes and divided once, so a total
// never drifts from the sum of its sessions by rounding.

// Session formats and billing, as a session's frontmatter writes them.
const (
	FormatIndividual = "individual"
	FormatGroup      = "group"
	BillingPaid      = "paid"
	BillingProBono   = "pro-bono"
)

// HoursRow is one line of the log: one client's sessions of one format (and
// group size) within the range.
type HoursRow struct {
	// Label is the client's name, or "Client N" when the agreement does not
	// record their consent to be named in the log.
	Label     string
	Named     bool
	Contact   string // the client's email; empty for an anonymous client
	Format    string // individual | group
	GroupSize int    // for a group, how many were coached together
	First     Date
	Last      Date
	Sessions  int
	// PaidMinutes and ProBonoMinutes are the summed session lengths.
	PaidMinutes    int
	ProBonoMinutes int
}

// HoursLog is the coaching-hours log over a range of dates.
type HoursLog struct {
	From, To Date // the range, inclusive; zero means open-ended
	Rows     []HoursRow
	// Clients is how many different clients the rows cover.
	Clients int
	// Sessions, PaidMinutes and ProBonoMinutes are the totals over all rows.
	Sessions       int
	PaidMinutes    int
	ProBonoMinutes int
}

// Hours converts minutes to hours, the form the log is written in.
func Hours(minutes int) float64 { return float64(minutes) / 60 }

// FormatHours writes minutes as hours with two decimals, such as 55 -> "0.92".
func FormatHours(minutes int) string { return fmt.Sprintf("%.2f", Hours(minutes)) }

// TotalMinutes is paid and pro-bono time together.
func (l *HoursLog) TotalMinutes() int { return l.PaidMinutes + l.ProBonoMinutes }

// TotalMinutes is the row's paid and pro-bono time together.
func (r *HoursRow) TotalMinutes() int { return r.PaidMinutes + r.ProBonoMinutes }

// FormatLabel describes the row's format for the log: "individual" or
// "group of 4".
func (r *HoursRow) FormatLabel() string {
	if r.Format == FormatGroup && r.GroupSize > 0 {
		return fmt.Sprintf("group of %d", r.GroupSize)
	}
	return r.Format
}

// HoursBuilder gathers the log one client at a time, so a large practice
// can be streamed through it with Practice.Each.
type HoursBuilder struct {
	from, to Date
	clients  []hoursClient
}

type hoursClient struct {
	first Date // first session ever, which fixes the client's place in the log
	id    string
	rows  []HoursRow
}

// NewHoursBuilder starts a log of the sessions dated from..to, inclusive;
// a zero date leaves that end open.
func NewHoursBuilder(from, to Date) *HoursBuilder {
	return &HoursBuilder{from: from, to: to}
}

// Add takes one client's sessions into the log.
func (b *HoursBuilder) Add(c *Client) {
	if len(c.Sessions) == 0 {
		return
	}
	hc := hoursClient{id: c.ID}
	type key struct {
		format string
		size   int
	}
	byKey := map[key]*HoursRow{}
	var order []key
	current := c.Agreement()
	for _, s := range c.Sessions {
		if hc.first.IsZero() || s.Date.Before(hc.first) {
			hc.first = s.Date
		}
		if (!b.from.IsZero() && s.Date.Before(b.from)) || (!b.to.IsZero() && s.Date.After(b.to)) {
			continue
		}
		a := c.AgreementOn(s.Date)
		if a == nil {
			a = current
		}
		k := key{format: FormatIndividual}
		if s.Format == FormatGroup {
			k = key{FormatGroup, s.GroupSize}
		}
		r := byKey[k]
		if r == nil {
			r = &HoursRow{Format: k.format, GroupSize: k.size}
			// The current agreement is the client's latest word on being
			// named: consent given once and withdrawn later is no consent.
			if current != nil && current.Consents.NamedInHoursLog {
				r.Named = true
				r.Label = c.Name()
				r.Contact = current.Contact.Email
			}
			byKey[k] = r
			order = append(order, k)
		}
		if r.First.IsZero() || s.Date.Before(r.First) {
			r.First = s.Date
		}
		if s.Date.After(r.Last) {
			r.Last = s.Date
		}
		r.Sessions++
		if isProBono(s, a) {
			r.ProBonoMinutes += sessionMinutes(s, a)
		} else {
			r.PaidMinutes += sessionMinutes(s, a)
		}
	}
	for _, k := range order {
		hc.rows = append(hc.rows, *byKey[k])
	}
	b.clients = append(b.clients, hc)
}

// Log orders the clients by their first session ever, then id, so a client
// keeps their place (and anonymous label) whatever range is asked for, and
// totals the rows.
func (b *HoursBuilder) Log() *HoursLog {
	sort.SliceStable(b.clients, func(i, j int) bool {
		x, y := b.clients[i], b.clients[j]
		if x.first != y.first {
			return x.first.Before(y.first)
		}
		return x.id < y.id
	})
	l := &HoursLog{From: b.from, To: b.to}
	for i, hc := range b.clients {
		if len(hc.rows) == 0 {
			continue
		}
		l.Clients++
		for _, r := range hc.rows {
			if !r.Named {
				r.Label = fmt.Sprintf("Client %d", i+1)
			}
			l.Rows = append(l.Rows, r)
			l.Sessions += r.Sessions
			l.PaidMinutes += r.PaidMinutes
			l.ProBonoMinutes += r.ProBonoMinutes
		}
	}
	return l
}

// sessionMinutes is the session's own length, or the length its agreement
// sets when the session does not say.
func sessionMinutes(s *Session, a *Agreement) int {
	if s.Minutes > 0 || a == nil {
		return max(s.Minutes, 0)
	}
	return a.Sessions.Minutes
}

// isProBono reads the session's billing, or its agreement's fees when the
// session does not say.
func isProBono(s *Session, a *Agreement) bool {
	switch s.Billing {
	case BillingProBono:
		return true
	case "":
		return a != nil && a.IsProBono()
	}
	return false
}
