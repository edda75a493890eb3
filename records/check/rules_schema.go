package check

import (
	"fmt"
	"strings"

	"github.com/rapport-coach/rapport/records"
)

// fieldMissing: the fields without which a record cannot be placed.
func fieldMissing(in *In, r Report) {
	c := in.Client
	need := func(rec *records.Record, field string, absent bool, what string) {
		if absent {
			r.Hinted(rec, field, fmt.Sprintf("%s has no %s", rec.Kind, what), "add "+field+": to the frontmatter")
		}
	}
	for _, a := range c.Agreements {
		need(a.Record, "date", a.Date.IsZero() && !a.Record.Has("date"), "date (the day of the initiation meeting)")
		need(a.Record, "client_name", strings.TrimSpace(a.ClientName) == "", "client_name")
	}
	for _, s := range c.Sessions {
		need(s.Record, "number", !s.Record.Has("number"), "number")
		need(s.Record, "date", s.Date.IsZero() && !s.Record.Has("date"), "date")
	}
	for _, ref := range c.Reflections {
		need(ref.Record, "author", strings.TrimSpace(ref.Author) == "", "author (client or coach)")
		need(ref.Record, "date", ref.Date.IsZero() && !ref.Record.Has("date"), "date")
	}
}

// valueUnknown: a field that takes one of a few words holds another.
func valueUnknown(in *In, r Report) {
	c := in.Client
	one := func(rec *records.Record, field, v string, allowed ...string) {
		if v == "" || records.IsPlaceholder(v) {
			return
		}
		for _, a := range allowed {
			if v == a {
				return
			}
		}
		hint := field + " is one of " + strings.Join(allowed, ", ")
		if s := records.Suggest(v, allowed); s != "" {
			hint = "did you mean " + s + "?"
		}
		r.Hinted(rec, field, fmt.Sprintf("%s %q is not one of %s", field, v, strings.Join(allowed, ", ")), hint)
	}
	for _, a := range c.Agreements {
		one(a.Record, "status", a.Status, records.StatusDraft, records.StatusActive, records.StatusEnded)
		one(a.Record, "records.held_by", a.Records.HeldBy, "client", "coach", "both")
		for i, g := range a.Goals {
			one(a.Record, fmt.Sprintf("goals.%d.status", i), g.Status, "open", "achieved", "dropped")
		}
	}
	for _, s := range c.Sessions {
		one(s.Record, "billing", s.Billing, "paid", "pro-bono")
		one(s.Record, "format", s.Format, "individual", "group")
		for i, a := range s.Actions {
			one(s.Record, fmt.Sprintf("actions.%d.set_by", i), a.SetBy, "client", "coach")
			one(s.Record, fmt.Sprintf("actions.%d.status", i), a.Status, "open", "done", "dropped")
		}
	}
	for _, ref := range c.Reflections {
		one(ref.Record, "author", ref.Author, "client", "coach")
	}
}
