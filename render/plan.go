package render

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/i18n"
)

// Job is one handout to make: which records it is made from. Plan lists them
// without reading any Markdown, so a build can decide what is out of date
// before doing any work.
type Job struct {
	ID   string
	Kind Kind

	Practice   *records.Practice
	Client     *records.Client
	Agreement  *records.Agreement // the engagement it belongs to; nil when there is none
	Session    *records.Session
	Reflection *records.Reflection

	// Sources are the records the handout is made from, relative to the
	// practice root, practice.yaml included. A handout is out of date when
	// any of them changes.
	Sources []string
	// Today is the day the handout is made for, set only on handouts that
	// change with the day (progress counts overdue actions).
	Today records.Date

	// LargePrint sets the handout in large print whatever the agreement
	// says, as `--large-print` asks; see InLargePrint.
	LargePrint bool

	// Guard is the practice's leak guard, which a run writing many
	// handouts shares between them; nil makes one for this job alone.
	Guard *Guard
	// Catalogues are the practice's message catalogues, which a run
	// shares between its handouts; nil reads them for this job alone.
	Catalogues *i18n.Catalogues
	// private is what the leak guard knows of the client, shared by the
	// client's jobs.
	private *clientGuard
}

// Number is the session number a session or reflection handout belongs to.
func (j Job) Number() int {
	switch {
	case j.Session != nil:
		return j.Session.Number
	case j.Reflection != nil:
		return j.Reflection.Session
	}
	return 0
}

// InLargePrint reports whether the handout is set in large print: asked
// for on this run, or the client's wish recorded on the engagement's
// agreement (large_print: true).
func (j Job) InLargePrint() bool {
	return j.LargePrint || j.Agreement != nil && j.Agreement.LargePrint
}

// Plan lists the handouts client c has, in a stable order. Only c's own
// records are ever looked at, and coach reflections are never planned: a
// coach reflection cannot become a handout because no job names it.
func Plan(p *records.Practice, c *records.Client, today records.Date) []Job {
	var jobs []Job
	used := map[string]bool{}
	id := func(base string) string {
		out := base
		for i := 2; used[out]; i++ {
			out = base + "-" + strconv.Itoa(i)
		}
		used[out] = true
		return out
	}
	settings := records.SettingsFile
	current := c.Agreement()
	if current != nil {
		jobs = append(jobs, Job{ID: id("agreement"), Kind: KindAgreement, Agreement: current,
			Sources: []string{current.Path, settings}})
	}
	for _, a := range c.Agreements {
		if a == current {
			continue
		}
		base := "agreement-" + a.Date.String()
		if a.Date.IsZero() {
			base = "agreement-earlier"
		}
		jobs = append(jobs, Job{ID: id(base), Kind: KindAgreement, Agreement: a, Sources: []string{a.Path, settings}})
	}
	for _, s := range c.Sessions {
		a := c.AgreementOn(s.Date)
		src := []string{s.Path, settings}
		if a != nil {
			src = append(src, a.Path)
		}
		jobs = append(jobs, Job{ID: id(fmt.Sprintf("session-%02d", s.Number)), Kind: KindSession, Agreement: a, Session: s, Sources: src})
	}
	for _, r := range c.ClientReflections() {
		base := fmt.Sprintf("reflection-%02d", r.Session)
		if r.Session <= 0 {
			base = "reflection-" + r.Date.String()
		}
		src := []string{r.Path, settings}
		s := c.SessionNumber(r.Session)
		if s != nil {
			src = append(src, s.Path)
		}
		jobs = append(jobs, Job{ID: id(base), Kind: KindReflection, Agreement: c.AgreementOn(r.Date), Session: s, Reflection: r, Sources: src})
	}
	if current != nil {
		src := []string{current.Path, settings}
		for _, s := range c.SessionsUnder(current) {
			src = append(src, s.Path)
		}
		jobs = append(jobs,
			Job{ID: id("progress"), Kind: KindProgress, Agreement: current, Sources: src, Today: today},
			Job{ID: id("privacy"), Kind: KindPrivacy, Agreement: current, Sources: []string{current.Path, settings}},
		)
	}
	cg := newClientGuard(c)
	for i := range jobs {
		jobs[i].private = cg
		jobs[i].Practice = p
		jobs[i].Client = c
		sort.Strings(jobs[i].Sources)
	}
	return jobs
}

// Select picks the handouts a command line asked for: all of them when what
// is empty, otherwise the agreement, progress or privacy handout, or the
// session (or the client's reflection on it) numbered n, the latest when n
// is 0.
func Select(c *records.Client, jobs []Job, what Kind, n int) ([]Job, error) {
	if what == "" {
		return jobs, nil
	}
	var found []Job
	for _, j := range jobs {
		if j.Kind != what {
			continue
		}
		switch what {
		case KindAgreement, KindProgress, KindPrivacy:
			if j.ID == string(what) {
				return []Job{j}, nil
			}
		default:
			found = append(found, j)
		}
	}
	if len(found) > 0 {
		if n == 0 {
			best := found[0]
			for _, j := range found[1:] {
				if j.Number() >= best.Number() {
					best = j
				}
			}
			return []Job{best}, nil
		}
		for _, j := range found {
			if j.Number() == n {
				return []Job{j}, nil
			}
		}
	}
	return nil, missing(c, found, what, n)
}

// NotFoundError says that a client has no such handout, and what they do have.
type NotFoundError struct {
	Msg, Hint string
}

// Error is the message without the hint.
func (e *NotFoundError) Error() string { return e.Msg }

func missing(c *records.Client, found []Job, what Kind, n int) error {
	switch what {
	case KindAgreement, KindProgress, KindPrivacy:
		return &NotFoundError{
			Msg:  fmt.Sprintf("%s has no agreement yet, so there is no %s handout", c.ID, what),
			Hint: "write one with rapport new agreement " + c.ID,
		}
	case KindSession, KindReflection:
		var nums []string
		for _, j := range found {
			nums = append(nums, strconv.Itoa(j.Number()))
		}
		noun := "session"
		if what == KindReflection {
			noun = "client reflection"
		}
		if len(nums) == 0 {
			hint := "record one with rapport new session " + c.ID
			if what == KindReflection {
				hint = "type up the client's reflection with rapport new reflection " + c.ID
			}
			return &NotFoundError{Msg: fmt.Sprintf("%s has no %s yet", c.ID, noun), Hint: hint}
		}
		return &NotFoundError{
			Msg:  fmt.Sprintf("%s has no %s for session %d", c.ID, noun, n),
			Hint: fmt.Sprintf("there are %ss for session %s", noun, strings.Join(nums, ", ")),
		}
	}
	return &NotFoundError{Msg: fmt.Sprintf("there is no %q handout", what),
		Hint: "choose agreement, session, reflection, progress or privacy"}
}
