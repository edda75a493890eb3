package cmd

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
)

type closeOptions struct {
	client string
	date   string
	commit bool
}

func newCloseCmd(a *App) *cobra.Command {
	o := &closeOptions{}
	c := &cobra.Command{
		Use:   "close CLIENT [--date YYYY-MM-DD]",
		Short: "End a client's engagement, which starts its retention clock",
		Long: `Mark the client's current agreement ended: its status becomes ended and its
ended date is set (today, or --date). The retention agreed with the client
counts from that date, and rapport check reports retention-expired once it is
over.

Only those two lines of the agreement change; its comments, order and body are
left as they are. close refuses an agreement that has already ended and a date
before the agreement was made. With --commit it commits the agreement,
authored by the coach.`,
		Example: `  rapport close alice-smith
  rapport close alice-smith --date 2026-04-01 --commit`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.client = args[0]
			return runClose(a, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.date, "date", "", "the `day` the engagement ended, YYYY-MM-DD (default: today)")
	f.BoolVar(&o.commit, "commit", false, "commit the agreement to git, authored by the coach")
	return c
}

func runClose(a *App, o *closeOptions) error {
	day := a.Today()
	if o.date != "" {
		d, err := records.ParseDate(o.date)
		if err != nil {
			return usageError("write the date as YYYY-MM-DD, such as 2026-04-01", "--date: %v", err)
		}
		day = d
	}
	p, err := a.Practice()
	if err != nil {
		return err
	}
	if o.client, err = resolveClient(p, o.client); err != nil {
		return err
	}
	// The agreement is read, changed and written back: no other rapport
	// command may change the client's records in between.
	lock, err := p.Lock(newLockWait)
	if err != nil {
		return failure(err, "nothing was changed")
	}
	defer lock.Unlock()
	c, err := p.LoadClient(o.client, records.LoadOptions{})
	if err != nil {
		return failure(err, "run rapport status to see the practice's clients")
	}
	// An unreadable record might be the current agreement: close nothing
	// until rapport can see every record.
	for _, pr := range c.Problems {
		switch pr.Rule {
		case records.RuleFileUnreadable, records.RuleFrontmatterMissing, records.RuleFrontmatterSyntax, records.RuleKindUnknown:
			return failure(fmt.Errorf("%s", pr), "fix it first, so rapport knows which agreement is current; nothing was changed")
		}
	}
	ag := c.Agreement()
	if ag == nil {
		return failure(fmt.Errorf("%s has no agreement to close", o.client),
			"rapport new agreement "+o.client+" starts one")
	}
	if ag.State() == records.StatusEnded {
		msg := fmt.Sprintf("%s: the engagement with %s has already ended", ag.Path, c.Name())
		if !ag.Ended.IsZero() {
			msg += " on " + ag.Ended.String()
		}
		return failure(errors.New(msg), "nothing was changed; rapport new agreement "+o.client+" starts a new engagement")
	}
	if !ag.Date.IsZero() && day.Before(ag.Date) {
		return failure(fmt.Errorf("%s: the end date %s is before the agreement's date %s", ag.Path, day, ag.Date),
			"pass --date with a later day; nothing was changed")
	}
	for _, s := range c.SessionsUnder(ag) {
		if s.Date.After(day) {
			return failure(fmt.Errorf("%s: session %d on %s is after the end date %s", s.Path, s.Number, s.Date, day),
				"pass --date with the day of the last session or later; nothing was changed")
		}
	}

	path := p.Path(ag.Path)
	data, fi, err := p.ReadClientFile(ag.Path)
	if err != nil {
		return failure(err, "")
	}
	out, err := records.CloseAgreement(ag, data, day)
	if err != nil {
		return failure(err, "nothing was changed")
	}

	var repo *records.Repo
	name, email := p.Settings.CommitAuthor()
	if o.commit {
		if repo, err = closeRepoReady(p, path); err != nil {
			return err
		}
	}
	if err := records.WriteFile(path, out, fi.Mode().Perm()); err != nil {
		return failure(fmt.Errorf("writing %s: %w", ag.Path, err), "nothing was changed")
	}
	var hash string
	msg := "Close the engagement of " + o.client
	if repo != nil {
		h, err := repo.Commit([]string{path}, msg, name, email, a.Now())
		if err != nil {
			// Put the agreement back as it was, so that nothing changed.
			if rerr := records.WriteFile(path, data, fi.Mode().Perm()); rerr != nil {
				return failure(fmt.Errorf("committing %s: %w; putting it back also failed: %v", ag.Path, err, rerr),
					"the agreement now says ended; commit it with git")
			}
			_ = os.Chtimes(path, fi.ModTime(), fi.ModTime())
			return failure(fmt.Errorf("committing %s: %w", ag.Path, err), "nothing was changed; run rapport close again once git can commit")
		}
		hash = h.String()[:7]
	}
	fmt.Fprintf(a.Stdout, "closed the engagement with %s: %s now says status: ended, ended: %s\n", records.Visible(c.Name()), ag.Path, day)
	ret := ag.Records.Retention
	if ret.IsZero() {
		ret = p.Settings.Defaults.Records.Retention
	}
	fmt.Fprintf(a.Stdout, "the records are kept for %s, until %s, then rapport check reports retention-expired\n", ret.Words(), ret.From(day))
	if repo == nil {
		fmt.Fprintf(a.Stdout, "\nnext: commit %s, or run rapport close with --commit next time\n", ag.Path)
		return nil
	}
	fmt.Fprintf(a.Stdout, "committed %s %q\n", hash, msg)
	return nil
}

// closeRepoReady checks that the agreement can be committed: the practice
// is in git, on a branch. The commit holds the agreement alone; whatever
// else is staged stays staged.
func closeRepoReady(p *records.Practice, path string) (*records.Repo, error) {
	repo, err := records.OpenRepo(p.Root)
	if err != nil {
		return nil, failure(err, "leave out --commit, or run git init in the practice; nothing was changed")
	}
	if _, _, err := repo.Branch(); err != nil {
		return nil, failure(err, "git switch main, then run close again; nothing was changed")
	}
	if _, err := repo.RepoPath(path); err != nil {
		return nil, failure(err, "")
	}
	return repo, nil
}
