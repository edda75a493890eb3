package check

import (
	"fmt"
	"slices"
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

// valueUnknown: a field that takes one of a few words holds another. The
// words come from the schema's tags, as the reference and JSON Schema do.
func valueUnknown(in *In, r Report) {
	c := in.Client
	// one checks the field at path (with list indexes, where it is reported)
	// against the words of the field at schema (without them).
	one := func(rec *records.Record, path, schema, v string) {
		allowed := records.AllowedWords(rec.Kind, schema)
		if v == "" || records.IsPlaceholder(v) || len(allowed) == 0 || slices.Contains(allowed, v) {
			return
		}
		hint := path + " is one of " + strings.Join(allowed, ", ")
		if s := records.Suggest(v, allowed); s != "" {
			hint = "did you mean " + s + "?"
		}
		r.Hinted(rec, path, fmt.Sprintf("%s %q is not one of %s", path, v, strings.Join(allowed, ", ")), hint)
	}
	for _, a := range c.Agreements {
		one(a.Record, "status", "status", a.Status)
		one(a.Record, "records.held_by", "records.held_by", a.Records.HeldBy)
		for i, g := range a.Goals {
			one(a.Record, fmt.Sprintf("goals.%d.status", i), "goals.status", g.Status)
		}
	}
	for _, s := range c.Sessions {
		one(s.Record, "billing", "billing", s.Billing)
		one(s.Record, "format", "format", s.Format)
		for i, a := range s.Actions {
			one(s.Record, fmt.Sprintf("actions.%d.set_by", i), "actions.set_by", a.SetBy)
			one(s.Record, fmt.Sprintf("actions.%d.status", i), "actions.status", a.Status)
		}
	}
	for _, ref := range c.Reflections {
		one(ref.Record, "author", "author", ref.Author)
	}
}
