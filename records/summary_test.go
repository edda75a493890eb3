package records

import "testing"

func TestOverview(t *testing.T) {
	today := MustDate("2026-11-29")
	withActions := func(s *Session, actions ...Action) *Session {
		s.Actions = actions
		s.Next = MustDate("2026-12-02")
		return s
	}
	ended := agreement("Ended Client", "2026-01-01", "", true, false, 60)
	ended.Status = StatusEnded
	draft := agreement("Draft Client", "2026-11-01", "", true, false, 60)
	draft.Status = ""
	draft.Start = MustDate("2026-12-10")
	draft.Sessions.Count = 6
	active := agreement("Active Client", "2026-09-01", "", true, false, 60)
	active.Sessions.Count = 6
	for _, c := range []struct {
		name   string
		client *Client
		want   Overview
	}{
		{"no agreement", &Client{ID: "x"}, Overview{ID: "x", Name: "x", State: StateNone}},
		{"sessions but no agreement: all are counted",
			&Client{ID: "y", Sessions: []*Session{withActions(session(1, "2026-11-01", 60, "paid", "", 0))}},
			Overview{ID: "y", Name: "y", State: StateNone, Used: 1, Last: MustDate("2026-11-01"), Next: MustDate("2026-12-02")}},
		{"draft before the first session: next is the start",
			&Client{ID: "d", Agreements: []*Agreement{draft}},
			Overview{ID: "d", Name: "Draft Client", State: StatusDraft, Agreed: 6, Next: MustDate("2026-12-10")}},
		{"active with open, overdue and done actions",
			&Client{ID: "a", Agreements: []*Agreement{active}, Sessions: []*Session{
				session(1, "2026-09-10", 60, "paid", "", 0),
				withActions(session(2, "2026-10-10", 60, "paid", "", 0),
					Action{Text: "late", Due: MustDate("2026-11-28"), Status: "open"},
					Action{Text: "due today", Due: MustDate("2026-11-29")},
					Action{Text: "no date"},
					Action{Text: "done", Due: MustDate("2026-11-01"), Status: "done"}),
			}},
			Overview{ID: "a", Name: "Active Client", State: StatusActive, Used: 2, Agreed: 6,
				Last: MustDate("2026-10-10"), Next: MustDate("2026-12-02"), Open: 3, Overdue: 1}},
		{"ended: no next session even if the last one set one",
			&Client{ID: "e", Agreements: []*Agreement{ended}, Sessions: []*Session{
				withActions(session(1, "2026-02-01", 60, "paid", "", 0))}},
			Overview{ID: "e", Name: "Ended Client", State: StatusEnded, Used: 1, Last: MustDate("2026-02-01")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.client.Overview(today); got != c.want {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}
