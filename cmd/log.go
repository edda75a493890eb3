package cmd

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rapport-coach/rapport/records"
	"github.com/spf13/cobra"
)

type logOptions struct {
	client string
	format string // text | json
}

func newLogCmd(a *App) *cobra.Command {
	o := &logOptions{}
	c := &cobra.Command{
		Use:   "log CLIENT",
		Short: "Show the git history of a client's records",
		Long: `Show every commit that touched clients/CLIENT/, newest first: its date, author
and message, and the files it added, changed or removed in that folder. It shows
when a record was written and when it changed, for a client, a supervisor or a
complaint. The practice may be a folder inside a larger repository.

--format json prints one array, newest first, for other programs:
  [{"commit", "date", "author", "email", "message",
    "changes": [{"action", "path"}]}]
where date is RFC 3339 in the author's time zone, action is added, changed or
removed, and path is from the practice's root; [] when no commit touches the
client's folder yet.`,
		Args: needClientArg("name the client, such as rapport log alice-smith"),
		RunE: func(_ *cobra.Command, args []string) error {
			o.client = args[0]
			return runLog(a, o)
		},
	}
	c.Flags().StringVar(&o.format, "format", "text", "output `format`: text or json")
	return c
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
	if o.format != "text" && o.format != "json" {
		return usageError("use --format text or --format json", "unknown format %q", o.format)
	}
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
		if o.format == "json" {
			return writeJSON(a.Stdout, logJSON(nil))
		}
		fmt.Fprintf(a.Stdout, "no commits touch clients/%s/ yet\n", o.client)
		return nil
	}
	if o.format == "json" {
		return writeJSON(a.Stdout, logJSON(entries))
	}
	return writeLog(a.Stdout, entries)
}

// logJSON is the history in the shape log --format json documents.
func logJSON(entries []records.HistoryEntry) any {
	type change struct {
		Action string `json:"action"`
		Path   string `json:"path"`
	}
	type commit struct {
		Commit  string   `json:"commit"`
		Date    string   `json:"date"`
		Author  string   `json:"author"`
		Email   string   `json:"email"`
		Message string   `json:"message"`
		Changes []change `json:"changes"`
	}
	out := []commit{}
	for _, e := range entries {
		c := commit{e.Hash, e.When.Format(time.RFC3339), e.Author, e.Email, strings.TrimSpace(e.Message), []change{}}
		for _, ch := range e.Changes {
			c.Changes = append(c.Changes, change{ch.Action, ch.Path})
		}
		out = append(out, c)
	}
	return out
}

func writeLog(w io.Writer, entries []records.HistoryEntry) error {
	var b strings.Builder
	for i, e := range entries {
		if i > 0 {
			b.WriteString("\n")
		}
		// Authors, messages and paths come from the repository, which a
		// pull may fill: a control character shown as what it is cannot
		// move the cursor, recolour the terminal or fake a line.
		fmt.Fprintf(&b, "%s  %s  %s <%s>\n", e.When.Format("2006-01-02 15:04 -0700"), e.Hash[:7],
			records.VisibleLine(e.Author), records.VisibleLine(e.Email))
		for _, line := range strings.Split(strings.TrimSpace(e.Message), "\n") {
			if line = strings.TrimRight(line, " \t\r"); line != "" {
				line = "    " + records.VisibleLine(line)
			}
			b.WriteString(line + "\n")
		}
		for _, ch := range e.Changes {
			fmt.Fprintf(&b, "    %-8s %s\n", ch.Action, records.VisibleLine(ch.Path))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
