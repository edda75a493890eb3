package check

import (
	"sort"
	"strings"

	"github.com/rapport-coach/rapport/records"
)

// Report collects one rule's findings.
type Report struct {
	rule *Rule
	out  *[]records.Problem
}

// At reports a finding at field of rec, with the rule's severity and hint.
// A field that is absent is reported where it belongs: at its parent
// (records for records.consent), or at the frontmatter block.
func (r Report) At(rec *records.Record, field, msg string) {
	r.add(rec.Problem(nearest(rec, field), r.rule.Severity, r.rule.Name, msg, ""))
}

// Hinted is At with a hint of the finding's own.
func (r Report) Hinted(rec *records.Record, field, msg, hint string) {
	r.add(rec.Problem(nearest(rec, field), r.rule.Severity, r.rule.Name, msg, hint))
}

// Note reports a finding as a note, whatever the rule's severity: for what is
// expected to be missing, such as the signatures on a draft.
func (r Report) Note(rec *records.Record, field, msg string) {
	r.add(rec.Problem(nearest(rec, field), records.Note, r.rule.Name, msg, ""))
}

// nearest is field, or the closest parent of it that was written.
func nearest(rec *records.Record, field string) string {
	for f := field; f != ""; {
		if rec.Has(f) {
			return f
		}
		i := strings.LastIndexByte(f, '.')
		if i < 0 {
			break
		}
		f = f[:i]
	}
	return field
}

// Problem reports a finding made by hand, for places that are not a record's
// field (a line in a body, a file git knows about).
func (r Report) Problem(p records.Problem) {
	p.Rule = r.rule.Name
	if p.Severity == "" {
		p.Severity = r.rule.Severity
	}
	r.add(p)
}

func (r Report) add(p records.Problem) { *r.out = append(*r.out, p) }

// Run checks one client's records and returns every problem, sorted by path
// and line: those found while loading and those the rules find, each with
// the practice's severity for its rule. Load the client with bodies so that
// placeholders in the Markdown are found too.
func Run(p *records.Practice, c *records.Client, today records.Date, cfg Config) []records.Problem {
	in := &In{Practice: p, Client: c, Today: today, Config: cfg}
	found := append([]records.Problem(nil), c.Problems...)
	for _, r := range Rules {
		if r.Scope != ClientScope || r.Check == nil || !cfg.Enabled(r.Name) {
			continue
		}
		r.Check(in, Report{rule: r, out: &found})
	}
	return finish(recordDisables(c, draftsMild(c, dedupe(found)), cfg), cfg)
}

// draftsMild makes the placeholders of a draft agreement warnings: a draft is
// expected to be unfinished until the initiation meeting, and should not stop
// the coach committing it. Once the agreement is active they are errors.
func draftsMild(c *records.Client, found []records.Problem) []records.Problem {
	drafts := map[string]bool{}
	for _, a := range c.Agreements {
		if isDraft(a) {
			drafts[a.Path] = true
		}
	}
	for i, p := range found {
		if drafts[p.Path] && p.Rule == records.RulePlaceholderLeft && p.Severity == records.Error {
			found[i].Severity = records.Warning
		}
	}
	return found
}

// Practice checks what belongs to no single client: practice.yaml, the
// clients/ folder, the check settings themselves and, unless the rule is
// off, what git has not recorded. It asks git for the status once.
func Practice(p *records.Practice, today records.Date, cfg Config) []records.Problem {
	in := &In{Practice: p, Today: today, Config: cfg, RuleNames: Names()}
	if cfg.Enabled(RuleUncommitted) {
		in.Status, in.StatusErr = records.Status(p.Root)
	}
	found := append([]records.Problem(nil), p.Problems...)
	_, folderProblems, err := p.ClientIDs()
	if err != nil {
		folderProblems = []records.Problem{{Path: records.ClientsDir, Line: 1, Col: 1, Severity: records.Error,
			Rule: records.RuleFileUnreadable, Message: err.Error(), Hint: "check the folder's permissions"}}
	}
	found = append(found, folderProblems...)
	for _, r := range Rules {
		if !cfg.Enabled(r.Name) {
			continue
		}
		if r.PracticeCheck != nil {
			r.PracticeCheck(in, Report{rule: r, out: &found})
		}
		if r.Scope != PracticeScope || r.Check == nil {
			continue
		}
		r.Check(in, Report{rule: r, out: &found})
	}
	return finish(found, cfg)
}

// finish applies the practice's settings and sorts.
func finish(found []records.Problem, cfg Config) []records.Problem {
	out := found[:0]
	for _, p := range found {
		if p, ok := cfg.apply(p); ok {
			out = append(out, p)
		}
	}
	Sort(out)
	return out
}

// dedupe drops what a rule says about a field that is still a placeholder:
// "goals missing" next to "goals is still a placeholder" only repeats it.
func dedupe(found []records.Problem) []records.Problem {
	type at struct {
		path string
		line int
	}
	placeholders := map[at]bool{}
	for _, p := range found {
		if p.Rule == records.RulePlaceholderLeft {
			placeholders[at{p.Path, p.Line}] = true
		}
	}
	if len(placeholders) == 0 {
		return found
	}
	out := found[:0]
	for _, p := range found {
		if p.Rule != records.RulePlaceholderLeft && placeholders[at{p.Path, p.Line}] {
			continue
		}
		out = append(out, p)
	}
	return out
}

// Sort orders problems by path, line, column and rule, the order check
// prints them in.
func Sort(ps []records.Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Rule < b.Rule
	})
}

// Failed reports whether problems should fail the check: any error, or with
// strict any warning. Notes never fail.
func Failed(problems []records.Problem, strict bool) bool {
	for _, p := range problems {
		if p.Severity == records.Error || (strict && p.Severity == records.Warning) {
			return true
		}
	}
	return false
}
