package cmd

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
)

type syncOptions struct {
	remote string
}

func newSyncCmd(a *App) *cobra.Command {
	o := &syncOptions{}
	c := &cobra.Command{
		Use:   "sync [--remote NAME]",
		Short: "Pull and push the practice to its git remote, for working from two machines",
		Long: `Bring the practice's current branch and the same branch on its git remote
(origin unless --remote says otherwise) together: fetch, fast-forward when only
the remote has new commits, push when only this machine has.

When both machines have committed, the histories have diverged and sync stops
without changing anything: rapport never merges client records on its own. It
also refuses while there are uncommitted changes, and it talks to no server
but the configured remote.

Credentials come from where git keeps them: the SSH agent for ssh remotes, and
git's credential helper for https ones. rapport never prints or stores them.`,
		Example: `  git remote add origin git@example.org:jo/practice.git
  rapport sync`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSync(cmd.Context(), a, o)
		},
	}
	c.Flags().StringVar(&o.remote, "remote", "origin", "the git `remote` to sync with")
	return c
}

func runSync(ctx context.Context, a *App, o *syncOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	p, err := a.Practice()
	if err != nil {
		return err
	}
	repo, err := records.OpenRepo(p.Root)
	if err != nil {
		return failure(err, "rapport init makes a git repository for a practice")
	}
	// No other rapport command may write records while a pull may be
	// writing the same folders.
	lock, err := p.Lock(newLockWait)
	if err != nil {
		return failure(err, "nothing was changed")
	}
	defer lock.Unlock()
	res, err := repo.Sync(ctx, o.remote)
	switch {
	case errors.Is(err, records.ErrNoRemote):
		hint := "git remote add " + o.remote + " URL   (a private repository on a git server you trust)"
		if remotes, _ := repo.Remotes(); len(remotes) > 0 {
			var names []string
			for _, r := range remotes {
				names = append(names, r.Config().Name)
			}
			sort.Strings(names)
			hint = "this practice's remotes: " + strings.Join(names, ", ") + "; pass one with --remote NAME\nor add it: " + hint
		}
		return failure(fmt.Errorf("the practice has no git remote named %s", o.remote), hint)
	case errors.Is(err, records.ErrDirty):
		return failure(err, "commit them first (git add, then git commit) and sync again; nothing was changed")
	case errors.Is(err, records.ErrDetached):
		return failure(err, "git switch main, then sync; nothing was changed")
	case errors.Is(err, records.ErrIndexLocked):
		return failure(err, "wait for the other git command to finish (if none is running, delete .git/index.lock), then sync again; nothing was changed")
	case errors.Is(err, records.ErrDiverged):
		local, remote := res.Branch.Short(), res.Remote+"/"+res.RemoteBranch.Short()
		return failure(fmt.Errorf("%s and %s have diverged: %d %s only here, %d only on %s",
			local, remote, res.Ahead, inflect(res.Ahead, "commit", "commits"), res.Behind, res.Remote),
			fmt.Sprintf("rapport does not merge client records on its own; nothing was changed\n"+
				"see both sides: git log --oneline --left-right %s...%s\n"+
				"then either replay your commits on top of the remote's: git rebase %s\n"+
				"or merge them: git merge %s\n"+
				"run rapport check, then rapport sync again\n"+
				"if you purged a client's history here, do neither: that would bring the records back;\n"+
				"replace the remote's history instead: git push --force %s %s", local, remote, remote, remote, res.Remote, res.Branch.Short()))
	}
	var coll *records.CollisionError
	var push *records.PushError
	switch {
	case errors.As(err, &coll) && coll.Remote:
		return failure(err, "rapport pulls only plain files; pull this change with git pull --ff-only; nothing was changed")
	case errors.As(err, &coll):
		return failure(err, "move "+coll.Path+" out of the way, then sync again; nothing was changed")
	case errors.As(err, &push):
		return failure(err, "nothing was changed here; check that the remote accepts pushes to "+res.RemoteBranch.Short()+", then sync again")
	case errors.Is(err, records.ErrNotRestored):
		return failure(err, "some files may hold the remote's version: git status lists them, and "+
			"git restore --source=HEAD --staged --worktree -- FILE puts each back as you last committed it; then sync again")
	case err != nil && res != nil && res.Behind > 0:
		return failure(err, "the files, the index and "+res.Branch.Short()+" were put back as they were")
	case err != nil:
		return failure(err, "")
	}

	where := res.Remote
	if res.URL != "" {
		where += " (" + redactURL(res.URL) + ")"
	}
	switch {
	case res.Pulled:
		fmt.Fprintf(a.Stdout, "pulled %d %s from %s: %s is now at %s\n", res.Behind, inflect(res.Behind, "commit", "commits"), where, res.Branch.Short(), res.Theirs.String()[:7])
	case res.Pushed:
		fmt.Fprintf(a.Stdout, "pushed %d %s to %s: %s is at %s\n", res.Ahead, inflect(res.Ahead, "commit", "commits"), where, res.RemoteBranch.Short(), res.Local.String()[:7])
	default:
		fmt.Fprintf(a.Stdout, "%s is up to date with %s\n", res.Branch.Short(), where)
	}
	// Files never committed are not synced; say so, since a coach may
	// expect a record written here to reach the other machine.
	if untracked, err := repo.Untracked(); err == nil && len(untracked) > 0 {
		fmt.Fprintf(a.Stdout, "not synced, because never committed: %s\n", strings.Join(untracked, ", "))
	}
	return nil
}

// redactURL drops any password written into a remote's URL before it is
// printed.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
