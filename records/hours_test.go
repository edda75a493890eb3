package records

import (
	"testing"
)

func session(n int, date string, minutes int, billing, format string, size int) *Session {
	return &Session{Record: &Record{}, Number: n, Date: MustDate(date), Minutes: minutes, Billing: billing, Format: format, GroupSize: size}
}

func agreement(name, date, email string, named, proBono bool, minutes int) *Agreement {
	a := &Agreement{Record: &Record{}, ClientName: name, Date: MustDate(date), Status: StatusActive}
	a.Contact.Email = email
	a.Consents.NamedInHoursLog = named
	a.Fees.ProBono = proBono
	a.Sessions.Minutes = minutes
	return a
}

// hoursClients is a small practice whose totals are worked out by hand in
// TestHoursTotals.
func hoursClients() []*Client {
	return []*Client{
		{ID: "alice-smith", // named; paid and pro-bono sessions, one group session
			Agreements: []*Agreement{agreement("Alice Smith", "2026-01-01", "alice@example.org", true, false, 60)},
			Sessions: []*Session{
				session(1, "2026-01-10", 60, "paid", "individual", 0),
				session(2, "2026-01-24", 45, "paid", "individual", 0),
				session(3, "2026-02-07", 50, "pro-bono", "individual", 0),
				session(4, "2026-02-21", 90, "paid", "group", 5),
				session(5, "2026-03-07", 50, "pro-bono", "", 0),
				session(6, "2026-03-21", 50, "pro-bono", "individual", 0),
			}},
		{ID: "bob-jones", // no consent to be named; pro bono by agreement; one session without minutes
			Agreements: []*Agreement{agreement("Bob Jones", "2025-11-20", "bob@example.org", false, true, 40)},
			Sessions: []*Session{
				session(1, "2025-12-01", 20, "", "individual", 0),
				session(2, "2026-01-05", 0, "", "individual", 0),
			}},
		{ID: "carol-white", // contracted, no sessions yet: not in the log
			Agreements: []*Agreement{agreement("Carol White", "2026-03-01", "carol@example.org", true, false, 60)}},
		{ID: "dan-brown", // consented once, then a later agreement without consent
			Agreements: []*Agreement{
				agreement("Dan Brown", "2026-02-01", "dan@example.org", true, false, 60),
				agreement("Dan Brown", "2026-04-01", "dan@example.org", false, false, 60),
			},
			Sessions: []*Session{session(1, "2026-03-01", 30, "paid", "individual", 0)}},
	}
}

func buildHours(from, to string) *HoursLog {
	var f, t Date
	if from != "" {
		f = MustDate(from)
	}
	if to != "" {
		t = MustDate(to)
	}
	b := NewHoursBuilder(f, t)
	for _, c := range hoursClients() {
		b.Add(c)
	}
	return b.Log()
}

type hoursWant struct {
	label, contact, format string
	size                   int
	first, last            string
	sessions               int
	paid, proBono          string
}

func checkRows(t *testing.T, got *HoursLog, want []hoursWant) {
	t.Helper()
	if len(got.Rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %+v", len(got.Rows), len(want), got.Rows)
	}
	for i, w := range want {
		r := got.Rows[i]
		g := hoursWant{r.Label, r.Contact, r.Format, r.GroupSize, r.First.String(), r.Last.String(), r.Sessions,
			FormatHours(r.PaidMinutes), FormatHours(r.ProBonoMinutes)}
		if g != w {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

// TestHoursTotals checks the log against totals worked out by hand:
//
//	Alice, individual: paid 60+45 = 105 min = 1.75 h; pro bono 50+50+50 = 150 min = 2.50 h
//	  (rounding each session to 0.83 would wrongly give 2.49)
//	Alice, group of 5: paid 90 min = 1.50 h
//	Bob (Client 1, first seen): pro bono by agreement, 20 + 40 (agreement length) = 60 min = 1.00 h
//	Dan (Client 3): consent withdrawn by his later agreement; paid 30 min = 0.50 h
//	Totals: paid 105+90+30 = 225 min = 3.75 h; pro bono 150+60 = 210 min = 3.50 h;
//	all 435 min = 7.25 h; 3 clients (Carol has no sessions); 9 sessions.
func TestHoursTotals(t *testing.T) {
	l := buildHours("", "")
	checkRows(t, l, []hoursWant{
		{"Client 1", "", "individual", 0, "2025-12-01", "2026-01-05", 2, "0.00", "1.00"},
		{"Alice Smith", "alice@example.org", "individual", 0, "2026-01-10", "2026-03-21", 5, "1.75", "2.50"},
		{"Alice Smith", "alice@example.org", "group", 5, "2026-02-21", "2026-02-21", 1, "1.50", "0.00"},
		{"Client 3", "", "individual", 0, "2026-03-01", "2026-03-01", 1, "0.50", "0.00"},
	})
	for _, c := range []struct {
		what      string
		got, want string
	}{
		{"paid", FormatHours(l.PaidMinutes), "3.75"},
		{"pro bono", FormatHours(l.ProBonoMinutes), "3.50"},
		{"all", FormatHours(l.TotalMinutes()), "7.25"},
	} {
		if c.got != c.want {
			t.Errorf("%s hours = %s, want %s", c.what, c.got, c.want)
		}
	}
	if l.Clients != 3 || l.Sessions != 9 {
		t.Errorf("clients, sessions = %d, %d; want 3, 9", l.Clients, l.Sessions)
	}
}

// TestHoursRange keeps each client's label whatever range is asked for.
func TestHoursRange(t *testing.T) {
	l := buildHours("2026-01-15", "2026-03-01")
	checkRows(t, l, []hoursWant{
		{"Alice Smith", "alice@example.org", "individual", 0, "2026-01-24", "2026-02-07", 2, "0.75", "0.83"},
		{"Alice Smith", "alice@example.org", "group", 5, "2026-02-21", "2026-02-21", 1, "1.50", "0.00"},
		{"Client 3", "", "individual", 0, "2026-03-01", "2026-03-01", 1, "0.50", "0.00"},
	})
	if l.Clients != 2 || FormatHours(l.TotalMinutes()) != "3.58" {
		t.Errorf("clients %d, hours %s; want 2, 3.58 (45+50+90+30 = 215 min)", l.Clients, FormatHours(l.TotalMinutes()))
	}
}

func TestFormatHours(t *testing.T) {
	for _, c := range []struct {
		min  int
		want string
	}{{0, "0.00"}, {55, "0.92"}, {60, "1.00"}, {90, "1.50"}, {235, "3.92"}, {1, "0.02"}} {
		if got := FormatHours(c.min); got != c.want {
			t.Errorf("FormatHours(%d) = %s, want %s", c.min, got, c.want)
		}
	}
}
