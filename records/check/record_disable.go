package check

import (
	"fmt"

	"github.com/rapport-coach/rapport/records"
)

// recordDisables applies each record's own check: {disable: [rule]}: the
// coach has a reason a rule does not apply to this one record (a pro-bono
// session with no next date, say). It drops what those rules found in the
// record and reports every name that is no rule, and every disable that
// silenced nothing, so that an opt-out does not outlive its reason.
func recordDisables(c *records.Client, found []records.Problem, cfg Config) []records.Problem {
	type opted struct {
		rec   *records.Record
		names []string
		used  map[string]bool
	}
	byPath := map[string]*opted{}
	add := func(rec *records.Record, props records.Properties) {
		if len(props.Check.Disable) > 0 {
			byPath[rec.Path] = &opted{rec: rec, names: props.Check.Disable, used: map[string]bool{}}
		}
	}
	for _, a := range c.Agreements {
		add(a.Record, a.Properties)
	}
	for _, s := range c.Sessions {
		add(s.Record, s.Properties)
	}
	for _, r := range c.Reflections {
		add(r.Record, r.Properties)
	}
	if len(byPath) == 0 {
		return found
	}
	off := func(p records.Problem) bool {
		o := byPath[p.Path]
		if o == nil {
			return false
		}
		for _, n := range o.names {
			if n == p.Rule {
				o.used[n] = true
				return true
			}
		}
		return false
	}
	var kept, about []records.Problem
	for _, p := range found {
		if !off(p) {
			kept = append(kept, p)
		}
	}
	names := Names()
	unknown, unused := Lookup(RuleUnknown), Lookup(RuleDisableUnused)
	for _, o := range byPath {
		for i, n := range o.names {
			field := fmt.Sprintf("check.disable.%d", i)
			switch {
			case Lookup(n) == nil:
				hint := "see rapport check --rules for the rule names"
				if s := records.Suggest(n, names); s != "" {
					hint = "did you mean " + s + "?"
				}
				about = append(about, o.rec.Problem(field, unknown.Severity, unknown.Name,
					fmt.Sprintf("check.disable names no rule %q", n), hint))
			case Lookup(n).Scope == PracticeScope:
				// Its findings are made once for the whole practice, not
				// while this record's client is checked.
				about = append(about, o.rec.Problem(field, unused.Severity, unused.Name,
					fmt.Sprintf("check.disable cannot turn off %s for one record: it is a rule of the whole practice", n),
					"turn it off in practice.yaml's check: {disable: [...]}, or for one run with --disable"))
			case !o.used[n] && n != RuleDisableUnused && cfg.Enabled(n):
				// A rule the practice or the command line turned off did not
				// run, so it cannot be said to have found nothing.
				about = append(about, o.rec.Problem(field, unused.Severity, unused.Name,
					fmt.Sprintf("check.disable turns off %s, which finds nothing in this record", n), ""))
			}
		}
	}
	for _, p := range about {
		if !off(p) {
			kept = append(kept, p)
		}
	}
	return kept
}
