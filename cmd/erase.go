package cmd

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/site"
)

type eraseOptions struct {
	client string
	yes    bool
	purge  bool
	// interactive says whether the confirmation can be asked on stdin.
	interactive func(io.Reader) bool
}

func newEraseCmd(a *App) *cobra.Command {
	o := &eraseOptions{interactive: stdinIsTerminal}
	c := &cobra.Command{
		Use:   "erase CLIENT [--yes] [--purge-history]",
		Short: "Remove a client's records from the practice, and with --purge-history from git history",
		Long: `Remove everything the practice holds about a client: their folder under
clients/ and their rendered handouts under public/. In git the removal is
committed, authored by the coach; the commit message does not name the client.

The records then remain in git history and in every remote and clone the
practice was pushed to. --purge-history removes them from history as well: it
rewrites every branch and tag so that no commit holds the client's folder,
keeping every other file, message, author and date as it was, and reports the
old and new head. It refuses while the practice has uncommitted changes.

erase asks you to type the client's id to confirm; --yes skips the question,
and is needed when there is no terminal to ask on. Everything is checked
before anything is changed, and a step that fails puts the earlier ones back.
An erase cut short (a power cut, a killed process) leaves the records in a
hidden clients/.erasing-CLIENT-* folder, which rapport check reports; running
erase again for the client finishes the job.`,
		Example: `  rapport erase alice-smith
  rapport erase alice-smith --purge-history --yes`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.client = args[0]
			return runErase(a, o)
		},
	}
	f := c.Flags()
	f.BoolVarP(&o.yes, "yes", "y", false, "erase without asking for confirmation")
	f.BoolVar(&o.purge, "purge-history", false, "also rewrite git history so that no commit holds the client's records")
	return c
}

func runErase(a *App, o *eraseOptions) error {
	p, err := a.Practice()
	if err != nil {
		return err
	}
	// Whether the client exists is PlanErase's to say: an erase cut short
	// leaves no folder yet must be finished, and an erased client's history
	// can still be purged.
	if records.ValidID(o.client) != nil {
		_, err := resolveClient(p, o.client)
		return err
	}
	// Hold the practice lock from the plan to the last file removed: a
	// rapport new session numbered meanwhile would otherwise write into the
	// folder being erased, bringing it back with the client's goals and
	// open actions in it.
	lock, err := p.Lock(newLockWait)
	if err != nil {
		return failure(err, "nothing was changed")
	}
	defer lock.Unlock()
	// And the build lock of public/, where the client's handouts go, when a
	// build or serve has used it: a serve rebuilding meanwhile would
	// otherwise write them back after they were moved aside.
	if _, err := os.Lstat(p.Path(records.PublicDir + "/" + site.BuildLockFile)); err == nil {
		built, err := site.LockDest(p.Path(records.PublicDir))
		if err != nil {
			return failure(err, "stop rapport serve or the build, then run erase again; nothing was changed")
		}
		defer built.Unlock()
	}
	name, email := p.Settings.CommitAuthor()
	e, err := records.PlanErase(p, o.client, o.purge, object.Signature{Name: name, Email: email, When: a.Now()})
	switch {
	case errors.Is(err, records.ErrNoClient) && !o.purge:
		ids, _, _ := p.ClientIDs()
		return unknownClient(o.client, ids, "if you erased it earlier, rapport erase "+o.client+" --purge-history removes it from git history")
	case errors.Is(err, records.ErrNoClient):
		return failure(err, "run rapport status to see the practice's clients")
	case errors.Is(err, records.ErrDirty):
		return failure(err, "commit or discard them first (git status lists them), so the rewrite cannot lose work; nothing was changed")
	case errors.Is(err, records.ErrDetached):
		return failure(err, "git switch main, then run erase again; nothing was changed")
	case err != nil:
		return failure(err, "nothing was changed")
	}

	if !o.yes {
		if !o.interactive(a.Stdin) {
			return usageError("pass --yes to erase without being asked", "erase needs your confirmation and there is no terminal to ask on; nothing was changed")
		}
		if !confirmErase(a.Stdin, a.Stderr, e) {
			return failure(errors.New("not confirmed"), "nothing was changed")
		}
	}

	e.BeforeStep = a.eraseStep
	if err := e.Apply(); err != nil {
		if e.Done {
			return failure(err, "")
		}
		return failure(err, "nothing was changed")
	}
	if e.History != nil {
		reportPurge(a.Stdout, p, e)
	} else {
		reportErase(a.Stdout, e)
	}
	return nil
}

// confirmErase says what will go and asks for the client's id, typed out.
func confirmErase(in io.Reader, out io.Writer, e *records.Erasure) bool {
	fmt.Fprintf(out, "this erases %s\n", describeErasure(e))
	if e.Purge {
		fmt.Fprintf(out, "and rewrites the git history of every branch and tag without them\n")
	}
	fmt.Fprintf(out, "type the client's id (%s) to confirm: ", e.ID)
	line, _ := bufio.NewReader(in).ReadString('\n')
	return strings.TrimSpace(line) == e.ID
}

func describeErasure(e *records.Erasure) string {
	var parts []string
	if e.Folder != "" {
		parts = append(parts, fmt.Sprintf("%s (%d %s)", e.Folder, e.Files, inflect(e.Files, "file", "files")))
	}
	if e.Public != "" {
		parts = append(parts, e.Public+" (rendered handouts)")
	}
	if len(e.Leftovers) > 0 {
		parts = append(parts, fmt.Sprintf("%s (left by an interrupted erase, %d %s)",
			strings.Join(e.Leftovers, ", "), e.LeftoverFiles, inflect(e.LeftoverFiles, "file", "files")))
	}
	if len(parts) == 0 {
		return "the client's records from git history"
	}
	return strings.Join(parts, " and ")
}

func reportErase(w io.Writer, e *records.Erasure) {
	fmt.Fprintf(w, "erased %s\n", describeErasure(e))
	switch {
	case e.NoRepo:
		fmt.Fprintf(w, "\nthe practice is not in git, so no history holds the records; copies in backups remain until those are deleted\n")
		return
	case e.InGit:
		fmt.Fprintf(w, "committed %s \"Erase one client's records\" on %s\n", e.Commit.String()[:7], e.Branch.Short())
	default:
		fmt.Fprintf(w, "the last commit did not hold the records, so there was nothing to commit\n")
	}
	fmt.Fprintf(w, `
what remains: the records are still in git history, in every earlier commit,
and in every remote and clone the practice was pushed or synced to.
to remove them from history as well:
  rapport erase %s --purge-history
then replace the history on the remote and on your other machines:
  git push --force --all origin && git push --force --tags origin
  and delete every other clone and clone it again
`, e.ID)
}

func reportPurge(w io.Writer, p *records.Practice, e *records.Erasure) {
	h := e.History
	if len(h.Refs) == 0 {
		fmt.Fprintf(w, "no commit held %s, so git history is unchanged\n", h.Path)
	} else {
		fmt.Fprintf(w, "purged %s from git history: %d %s rewritten, %d of them held the records\n",
			h.Path, h.Rewritten, inflect(h.Rewritten, "commit", "commits"), h.Holding)
		for _, c := range h.Refs {
			kind := "branch"
			if c.Name.IsTag() {
				kind = "tag"
			}
			fmt.Fprintf(w, "  %-6s %-12s %s -> %s\n", kind, c.Name.Short(), c.Old.String()[:7], c.New.String()[:7])
		}
		if c, ok := h.Ref(e.Branch); ok {
			fmt.Fprintf(w, "head of %s: was %s, now %s\n", e.Branch.Short(), c.Old, c.New)
		}
	}
	if e.Folder != "" || e.Public != "" || len(e.Leftovers) > 0 {
		fmt.Fprintf(w, "erased %s\n", describeErasure(e))
	}
	if len(h.Stale) > 0 {
		var names []string
		for _, n := range h.Stale {
			names = append(names, n.Short())
		}
		fmt.Fprintf(w, "still on the old history, until the remote is replaced or they are dropped: %s\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(w, `
what remains: the old commits are on no branch now, but their objects stay in
.git until git prunes them, and every remote and clone still has the old history.
to finish:
  git reflog expire --expire=now --all && git gc --prune=now
  git push --force --all origin && git push --force --tags origin
  then delete every other clone (your other machine too) and clone it again;
  rapport sync refuses to merge the old history back in
a git server may keep the old objects until its own clean-up runs: on your own
server run git gc --prune=now in the repository; on a hosted service, ask its
support, or delete the repository and push the practice to a new one
`)
	if len(e.Mentions) > 0 {
		fmt.Fprintf(w, "\ncommit messages are kept as written; %d %s the client:\n", len(e.Mentions), inflect(len(e.Mentions), "names", "name"))
		for _, m := range e.Mentions {
			fmt.Fprintf(w, "  %s\n", m)
		}
	}
}

func inflect(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// stdinIsTerminal reports whether r is an interactive terminal a question
// can be asked on.
func stdinIsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
