package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render"
)

type handoverOptions struct {
	client string
	n      int // 0 for the latest session
	format string
	dest   string
	commit bool
	pdf    pdfFlags
}

func newHandoverCmd(a *App) *cobra.Command {
	o := &handoverOptions{}
	c := &cobra.Command{
		Use:   "handover CLIENT [N]",
		Short: "Give a client who holds the records their session notes, and keep only what is allowed",
		Long: `When the agreement says records.held_by: client, the client keeps the notes of
each session and the coach keeps only what numbering, the hours log and the
retention clock need: number, date, minutes, billing, format, goal ids, next
date and when the handout was given.

For such a client, rapport new session writes the session into
clients/CLIENT/to-hand-over/, a folder the practice's .gitignore keeps out of
git and that rapport never commits, so the notes never enter git history or
reach the remote. rapport handover CLIENT [N] (the latest session by default)
renders that session's handout (HTML and PDF, with --password or
--password-file as render takes them), writes the coach's copy reduced to the
allowed minimum into clients/CLIENT/sessions/ with a handed_over date,
removes the notes, and prints what was kept. Give the client the handout,
then delete it from public/: the coach keeps no copy.

With held_by: coach or both, there is nothing to hand over: the coach keeps
the notes, and handover refuses.`,
		Example: `  rapport handover alice-smith
  rapport handover alice-smith 3 --format pdf --password --commit`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.client = args[0]
			if len(args) > 1 {
				n, err := strconv.Atoi(args[1])
				if err != nil || n < 1 {
					return usageError("give the session's number, such as 3", "%q is not a session number", args[1])
				}
				o.n = n
			}
			return runHandover(a, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.format, "format", "html,pdf", "the `formats` of the handout: html, pdf or html,pdf")
	f.StringVarP(&o.dest, "destination", "d", "", "the `folder` to write the handout to (default: public/ in the practice)")
	f.BoolVar(&o.commit, "commit", false, "commit the coach's reduced copy to git, authored by the coach")
	o.pdf.register(f)
	return c
}

func runHandover(a *App, o *handoverOptions) error {
	p, err := a.Practice()
	if err != nil {
		return err
	}
	if o.client, err = resolveClient(p, o.client); err != nil {
		return err
	}
	c, err := p.LoadClient(o.client, records.LoadOptions{Bodies: true})
	if err != nil {
		return failure(err, "")
	}
	s, err := handoverSession(c, o.n)
	if err != nil {
		return err
	}
	// The handout first: the notes are removed only once the client's copy
	// is made, and only from a record that was fit to give.
	ro := &renderOptions{client: o.client, what: render.KindSession, n: s.Number, format: o.format, dest: o.dest, strict: true, pdf: o.pdf}
	if err := runRender(a, ro); err != nil {
		return err
	}

	lock, err := p.Lock(newLockWait)
	if err != nil {
		return failure(err, "the handout is made; nothing else was changed")
	}
	defer lock.Unlock()
	kept, target, err := reduceSession(a, p, o, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "handed over session %d of %s: give the client the handout above, then delete it; the coach keeps no copy of the notes\n", s.Number, o.client)
	fmt.Fprintf(a.Stdout, "%s keeps only: %s\n", target, records.Visible(strings.Join(kept, ", ")))
	return nil
}

// handoverSession is the session to hand over: number n, or the latest. It
// must be under an agreement whose client holds the records, not handed
// over yet, and finished (no placeholder left).
func handoverSession(c *records.Client, n int) (*records.Session, error) {
	s := c.LatestSession()
	if n > 0 {
		s = c.SessionNumber(n)
	}
	if s == nil {
		what := "no sessions"
		if n > 0 {
			what = fmt.Sprintf("no session %d", n)
		}
		return nil, failure(fmt.Errorf("%s has %s", c.ID, what), "rapport new session "+c.ID+" starts one")
	}
	if s.Date.IsZero() {
		return nil, failure(fmt.Errorf("%s: session %d has no valid date", s.Path, s.Number), "correct its date first; nothing was handed over")
	}
	a := c.AgreementOn(s.Date)
	if !a.ClientHolds() {
		who := "coach"
		if a != nil && a.Records.HeldBy != "" {
			who = a.Records.HeldBy
		}
		return nil, failure(fmt.Errorf("%s: the records of %s are held by the %s, so there is nothing to hand over", s.Path, c.ID, who),
			"handover is for an agreement with records: {held_by: client}; give the handout with rapport render "+c.ID+" session")
	}
	if s.IsHandedOver() {
		return nil, failure(fmt.Errorf("%s: session %d was handed over on %s", s.Path, s.Number, s.HandedOver), "nothing was changed")
	}
	for _, pr := range c.Problems {
		if pr.Path == s.Path && pr.Severity == records.Error {
			return nil, failure(fmt.Errorf("%s", pr), "finish the session's record first; nothing was handed over")
		}
	}
	if records.IsPlaceholder(string(s.Body)) {
		return nil, failure(fmt.Errorf("%s: session %d still has placeholders in its notes", s.Path, s.Number), "write the notes first; nothing was handed over")
	}
	return s, nil
}

// reduceSession writes the coach's reduced copy of s into sessions/, then
// removes the notes: the copy first, so a failure leaves the notes, never
// nothing. It returns what was kept and the copy's path.
func reduceSession(a *App, p *records.Practice, o *handoverOptions, s *records.Session) ([]string, string, error) {
	data, kept, err := records.ReducedSession(s, a.Today())
	if err != nil {
		return nil, "", failure(err, "the handout is made; nothing else was changed")
	}
	target := path.Join(records.ClientsDir, o.client, "sessions", fmt.Sprintf("%s-%02d.md", s.Date, s.Number))
	full := p.Path(target)
	inPlace := !records.IsHandoverPath(s.Path)
	if inPlace {
		// Written before the client chose to hold the records, or by hand:
		// reduced where it is. Its notes may already be in git history.
		target, full = s.Path, p.Path(s.Path)
		if err := records.WriteFile(full, data, 0o644); err != nil {
			return nil, "", failure(fmt.Errorf("writing %s: %w", target, err), "the handout is made; the notes are as they were")
		}
		fmt.Fprintf(a.Stderr, "rapport: warning: %s was kept where git can see it; if it was ever committed, its notes remain in git history\n", target)
	} else {
		if err := insideClients(p, p.Path(path.Dir(target))); err != nil {
			return nil, "", failure(err, "the handout is made; the notes are as they were")
		}
		if err := os.MkdirAll(p.Path(path.Dir(target)), 0o755); err != nil {
			return nil, "", failure(err, "the handout is made; the notes are as they were")
		}
		if err := records.CreateFile(full, data, 0o644); errors.Is(err, fs.ErrExist) {
			return nil, "", failure(fmt.Errorf("%s already exists", target), "move it away and run handover again; the notes are as they were")
		} else if err != nil {
			return nil, "", failure(fmt.Errorf("writing %s: %w", target, err), "the handout is made; the notes are as they were")
		}
		if err := os.Remove(p.Path(s.Path)); err != nil {
			return nil, "", failure(fmt.Errorf("removing the notes %s: %w", s.Path, err), "delete it yourself: the client has the handout and "+target+" is the coach's copy")
		}
		_ = os.Remove(p.Path(path.Dir(s.Path))) // the folder too, once nothing else waits in it

	}
	if o.commit {
		repo, err := closeRepoReady(p, full)
		if err != nil {
			return nil, "", err
		}
		name, email := p.Settings.CommitAuthor()
		msg := fmt.Sprintf("Hand over session %d to %s", s.Number, o.client)
		h, err := repo.Commit([]string{full}, msg, name, email, a.Now())
		if err != nil {
			return nil, "", failure(fmt.Errorf("committing %s: %w", target, err), "the session is handed over; commit "+target+" with git")
		}
		fmt.Fprintf(a.Stdout, "committed %s %q\n", h.String()[:7], msg)
	}
	return kept, target, nil
}
