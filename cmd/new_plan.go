package cmd

import (
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/scaffold"
)

// newPlan is a record rapport new has decided to write.
type newPlan struct {
	rel    string // where it goes, slash-separated, relative to the practice root
	data   []byte
	msg    string // the commit message
	client string
	// verify runs once the file is written and may take it back, for what
	// only the written file can settle (two sessions given one number).
	verify func() error
	// handover marks a session whose client holds the records: it is
	// written where git does not look, and never committed (see
	// records.HandoverDir).
	handover bool
}

func planClient(a *App, p *records.Practice, o *newOptions, name string) (*newPlan, error) {
	if err := checkText(textValue{"the client's name", name}, flagText("email", o.email), flagText("phone", o.phone)); err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, usageError(`rapport new client "Alice Smith"`, "new client needs the client's name")
	}
	id := o.id
	if id == "" {
		if id = records.Slug(name); id == "" {
			return nil, usageError("choose one with --id, such as --id alice-smith", "cannot make a client id from %q", name)
		}
	}
	if err := records.ValidID(id); err != nil {
		hint := "choose another with --id, such as --id alice-smith"
		if s := records.Slug(id); s != "" && records.ValidID(s) == nil {
			hint = "choose another with --id, such as --id " + s
		}
		return nil, usageError(hint, "%v", err)
	}
	dir := path.Join(records.ClientsDir, id)
	if _, err := os.Lstat(p.Path(dir)); err == nil && !o.force {
		return nil, failure(fmt.Errorf("client %s already exists: %s", id, dir),
			fmt.Sprintf("nothing was changed; rapport new agreement %s starts a new engagement with them", id))
	}
	rel := path.Join(dir, "agreement.md")
	data := scaffold.NewAgreement(p.Settings, name, records.Contact{Email: o.email, Phone: o.phone}, a.Today())
	out, err := renderScaffold(p, scaffold.AgreementFile, data, rel, id)
	if err != nil {
		return nil, err
	}
	return &newPlan{rel: rel, data: out, client: id, msg: fmt.Sprintf("New client %s: draft agreement", id)}, nil
}

func planAgreement(a *App, p *records.Practice, o *newOptions, id string) (*newPlan, error) {
	if err := checkText(flagText("email", o.email), flagText("phone", o.phone)); err != nil {
		return nil, err
	}
	c, err := loadClientFor(p, id)
	if err != nil {
		return nil, err
	}
	today := a.Today()
	rel := path.Join(records.ClientsDir, id, "agreement.md")
	if _, err := os.Lstat(p.Path(rel)); err == nil || len(c.Agreements) > 0 {
		rel = path.Join(records.ClientsDir, id, "agreement-"+today.String()+".md")
	}
	data := scaffold.Renewal(p.Settings, c, records.Contact{Email: o.email, Phone: o.phone}, today)
	out, err := renderScaffold(p, scaffold.AgreementFile, data, rel, id)
	if err != nil {
		return nil, err
	}
	return &newPlan{rel: rel, data: out, client: id, msg: fmt.Sprintf("New agreement with %s", id)}, nil
}

func planSession(a *App, p *records.Practice, o *newOptions, id string) (*newPlan, error) {
	date, err := dateFlag(a, o.date)
	if err != nil {
		return nil, err
	}
	c, err := loadClientFor(p, id)
	if err != nil {
		return nil, err
	}
	for _, pr := range c.Problems {
		if unread(pr) && strings.Contains(pr.Path, "/sessions/") {
			fmt.Fprintf(a.Stderr, "rapport: warning: %s cannot be read, so its session number is not counted\n", pr.Path)
		}
	}
	data, notes := scaffold.NextSession(p.Settings, c, date)
	for _, n := range notes {
		fmt.Fprintf(a.Stderr, "rapport: warning: %s\n", n)
	}
	folder := "sessions"
	held := c.AgreementOn(date).ClientHolds()
	if held {
		folder = records.HandoverDir
	}
	rel := path.Join(records.ClientsDir, id, folder, fmt.Sprintf("%s-%02d.md", date, data.Number))
	out, err := renderScaffold(p, scaffold.SessionFile, data, rel, id)
	if err != nil {
		return nil, err
	}
	return &newPlan{
		rel: rel, data: out, client: id,
		msg:      fmt.Sprintf("Session %d with %s", data.Number, id),
		verify:   func() error { return onlySession(p, id, data.Number, rel) },
		handover: held,
	}, nil
}

// onlySession makes sure no other session took number n while this one was
// being written, by another rapport new running at the same moment.
func onlySession(p *records.Practice, id string, n int, rel string) error {
	c, err := p.LoadClient(id, records.LoadOptions{})
	if err != nil {
		return failure(err, "")
	}
	for _, s := range c.Sessions {
		if s.Number == n && s.Path != rel {
			return failure(fmt.Errorf("%s took session number %d at the same time", s.Path, n),
				"nothing was written; run the command again for the next number")
		}
	}
	return nil
}

func planReflection(a *App, p *records.Practice, o *newOptions, id string) (*newPlan, error) {
	if o.by != "client" && o.by != "coach" {
		return nil, usageError("a reflection is by the client (the default) or by the coach: --by coach",
			"--by %s: it must be client or coach", o.by)
	}
	if o.session < 0 {
		return nil, usageError("session numbers start at 1", "--session %d is not a session number", o.session)
	}
	date, err := dateFlag(a, o.date)
	if err != nil {
		return nil, err
	}
	c, err := loadClientFor(p, id)
	if err != nil {
		return nil, err
	}
	n := o.session
	if n == 0 {
		latest := c.LatestSession()
		if latest == nil {
			return nil, failure(fmt.Errorf("%s has no sessions yet", id),
				fmt.Sprintf("a reflection follows a session: rapport new session %s, or pass --session N", id))
		}
		n = latest.Number
	} else if c.SessionNumber(n) == nil {
		fmt.Fprintf(a.Stderr, "rapport: warning: %s has no session %d yet\n", id, n)
	}
	data := scaffold.NewReflection(c, o.by, n, date)
	rel := path.Join(records.ClientsDir, id, "reflections", fmt.Sprintf("%s-%02d-%s.md", date, n, o.by))
	out, err := renderScaffold(p, data.File(), data, rel, id)
	if err != nil {
		return nil, err
	}
	whose := "Client"
	if o.by == "coach" {
		whose = "Coach"
	}
	return &newPlan{rel: rel, data: out, client: id, msg: fmt.Sprintf("%s reflection on session %d with %s", whose, n, id)}, nil
}

// dateFlag is --date, or today when it is not given.
func dateFlag(a *App, s string) (records.Date, error) {
	if s == "" {
		return a.Today(), nil
	}
	d, err := records.ParseDate(s)
	if err != nil {
		return records.Date{}, usageError("write dates as YYYY-MM-DD, such as 2026-02-04", "--date: %v", err)
	}
	return d, nil
}

// loadClientFor reads an existing client's records, frontmatter only.
func loadClientFor(p *records.Practice, id string) (*records.Client, error) {
	id, err := resolveClient(p, id)
	if err != nil {
		return nil, err
	}
	c, err := p.LoadClient(id, records.LoadOptions{})
	if err != nil {
		return nil, failure(err, "")
	}
	return c, nil
}

// unread reports whether a problem means a whole record could not be read,
// so none of its fields count.
func unread(p records.Problem) bool {
	switch p.Rule {
	case records.RuleFileUnreadable, records.RuleFrontmatterMissing, records.RuleFrontmatterSyntax, records.RuleKindUnknown:
		return true
	}
	return false
}

// renderScaffold renders a scaffold and makes sure the record it makes can be
// read back: a practice's own scaffold with a mistake is caught before any
// file is written.
func renderScaffold(p *records.Practice, name string, data any, rel, client string) ([]byte, error) {
	set := scaffold.ForPractice(p.Root)
	out, err := set.Render(name, data)
	if err != nil {
		return nil, failure(err, "fix the scaffold, or remove the practice's copy to use the embedded one")
	}
	if problems := scaffold.Check(rel, client, out); len(problems) > 0 {
		src := set.Source(name)
		return nil, failure(fmt.Errorf("scaffold %s makes a record rapport cannot read: %s", src, problems[0].Message),
			"nothing was written; fix the scaffold, or run with --dry-run to see what it makes")
	}
	return out, nil
}
