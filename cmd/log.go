package cmd

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rapport-coach/rapport/records"
	"github.com/spf13/cobra"
)

type logOptions struct {
	client string
}

func newLogCmd(a *App) *cobra.Command {
	o := &logOptions{}
	return &cobra.Command{
		Use:   "log CLIENT",
		Short: "Show the git history of a client's records",
		Long: `Show every commit that touched clients/CLIENT/, newest first: its date, author
and message, and the files it added, changed or removed in that folder. It shows
when a record was written and when it changed, for a client, a supervisor or a
complaint. The practice may be a folder inside a larger repository.`,
		Args: needClientArg("name the client, such as rapport log alice-smith"),
		RunE: func(_ *cobra.Command, args []string) error {
			o.client = args[0]
			return runLog(a, o)
		},
	}
}

// needClientArg wants exactly one client id and says what to pass otherwise.
func needClientArg(hint string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usageError(hint, "%s takes one client, got %d arguments", c.CommandPath(), len(args))
		}
		return nil
	}
}

func runLog(a *App, o *logOptions) error {
	p, err := a.Practice()
	if err != nil {
		return err
	}
	if records.ValidID(o.client) != nil {
		_, err := resolveClient(p, o.client)
		return err
	}
	repo, err := records.OpenRepo(p.Root)
	if errors.Is(err, records.ErrNoRepo) {
		if _, err := resolveClient(p, o.client); err != nil {
			return err
		}
		return failure(err, "rapport keeps history in git: run git init in the practice and commit the records")
	}
	if err != nil {
		return failure(fmt.Errorf("opening the practice's git repository: %w", err), "")
	}
	entries, err := repo.ClientHistory(p, o.client)
	if errors.Is(err, records.ErrNoCommits) {
		return failure(err, "commit the records first, such as git add -A && git commit -m 'Records so far'")
	}
	if err != nil {
		return failure(fmt.Errorf("reading the history of %s: %w", o.client, err), "")
	}
	if len(entries) == 0 {
		// The history of an erased client is still worth showing, so only
		// now does a client with neither folder nor history count as unknown.
		if _, err := resolveClient(p, o.client); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "no commits touch clients/%s/ yet\n", o.client)
		return nil
	}
	return writeLog(a.Stdout, entries)
}

func writeLog(w io.Writer, entries []records.HistoryEntry) error {
	var b strings.Builder
	for i, e := range entries {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s  %s  %s <%s>\n", e.When.Format("2006-01-02 15:04 -0700"), e.Hash[:7], e.Author, e.Email)
		for _, line := range strings.Split(strings.TrimSpace(e.Message), "\n") {
			if line = strings.TrimRight(line, " \t\r"); line != "" {
				line = "    " + line
			}
			b.WriteString(line + "\n")
		}
		for _, ch := range e.Changes {
			fmt.Fprintf(&b, "    %-8s %s\n", ch.Action, ch.Path)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
