package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/rapport-coach/rapport/internal/termtext"
	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
	"github.com/spf13/cobra"
)

type statusOptions struct {
	format string // text | json
}

// checkProblems counts what rapport check reports for a client, with the
// practice's own rule settings, so status and check never disagree.
func checkProblems(p *records.Practice, c *records.Client, today records.Date, cfg check.Config) (errs, warns int) {
	for _, pr := range check.Run(p, c, today, cfg) {
		switch pr.Severity {
		case records.Error:
			errs++
		case records.Warning:
			warns++
		}
	}
	return errs, warns
}

func newStatusCmd(a *App) *cobra.Command {
	o := &statusOptions{}
	c := &cobra.Command{
		Use:   "status",
		Short: "List every client: engagement state, sessions, next session, actions, problems",
		Long: `List one row per client: the engagement's state (draft, active, ended, or none
when there is no agreement), sessions used of agreed, the last and next session,
open and overdue actions, and the errors and warnings in the client's records.
Clients are listed by their next session, soonest first; clients with no next
session come last. A summary line follows the table.

--format json prints the same as a JSON object, for scripts.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			p, err := a.Practice()
			if err != nil {
				return err
			}
			return runStatus(a, o, p)
		},
	}
	c.Flags().StringVar(&o.format, "format", "text", "output `format`: text or json")
	return c
}

// statusRow is one client's line in the table and in the JSON output.
type statusRow struct {
	records.Overview
	Errors, Warnings int
}

func runStatus(a *App, o *statusOptions, p *records.Practice) error {
	if o.format != "text" && o.format != "json" {
		return usageError("use --format text or --format json", "unknown format %q", o.format)
	}
	ids, folderProblems, err := p.ClientIDs()
	if err != nil {
		return failure(err, "")
	}
	today := a.Today()
	cfg := check.ConfigFrom(p.Settings)
	rows := make([]statusRow, 0, len(ids))
	// A client whose records are as they were keeps its row: it depends on
	// nothing else but the day and the rules' settings.
	kept := newKept(p, "status", fmt.Sprintf("%s\n%s", today, cfg.Key()), func(id string, r statusRow) bool {
		return r.ID == id && r.Errors >= 0 && r.Warnings >= 0 && r.Used >= 0 && r.Open >= 0 && r.Overdue >= 0
	})
	// check looks for placeholders left in bodies, so the records still
	// holding one keep theirs; each client's are dropped once its row is made.
	opts := records.LoadOptions{PlaceholderBodies: true, Unchanged: kept.unchanged}
	err = p.Each(ids, opts, func(c *records.Client, err error) error {
		if err != nil {
			return err
		}
		if c.Skipped {
			rows = append(rows, kept.take(c.ID))
			return nil
		}
		r := statusRow{Overview: c.Overview(today)}
		r.Errors, r.Warnings = checkProblems(p, c, today, cfg)
		kept.put(c, r)
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		return failure(err, "")
	}
	sortStatus(rows)
	sum := summarise(rows)
	for _, pr := range append(p.Problems, folderProblems...) {
		switch pr.Severity {
		case records.Error:
			sum.PracticeErrors++
		case records.Warning:
			sum.PracticeWarnings++
		}
	}
	if o.format == "json" {
		return writeStatusJSON(a.Stdout, rows, sum)
	}
	return writeStatusText(a.Stdout, rows, sum)
}

// sortStatus puts the soonest next session first, clients with none last,
// and breaks ties by id so the order is stable.
func sortStatus(rows []statusRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		x, y := rows[i].Next, rows[j].Next
		if x.IsZero() != y.IsZero() {
			return y.IsZero()
		}
		if x != y {
			return x.Before(y)
		}
		return rows[i].ID < rows[j].ID
	})
}

// statusSummary is the line under the table.
type statusSummary struct {
	Clients  int            `json:"clients"`
	States   map[string]int `json:"states"`
	Open     int            `json:"open_actions"`
	Overdue  int            `json:"overdue_actions"`
	Errors   int            `json:"errors"`
	Warnings int            `json:"warnings"`
	// Problems in practice.yaml and in clients/ itself, outside any client.
	PracticeErrors   int `json:"practice_errors"`
	PracticeWarnings int `json:"practice_warnings"`
}

func summarise(rows []statusRow) statusSummary {
	s := statusSummary{Clients: len(rows), States: map[string]int{}}
	for _, st := range []string{records.StatusActive, records.StatusDraft, records.StatusEnded, records.StateNone} {
		s.States[st] = 0
	}
	for _, r := range rows {
		s.States[r.State]++
		s.Open += r.Open
		s.Overdue += r.Overdue
		s.Errors += r.Errors
		s.Warnings += r.Warnings
	}
	return s
}

// statusNameWidth (in columns on screen) keeps the table near 100 columns; the full name is in the
// JSON output.
const statusNameWidth = 22

func writeStatusText(w io.Writer, rows []statusRow, s statusSummary) error {
	table := [][]string{{"CLIENT", "NAME", "STATE", "USED", "LAST", "NEXT", "OPEN", "LATE", "ERR", "WARN"}}
	for _, r := range rows {
		table = append(table, []string{r.ID, termtext.Clip(records.Visible(r.Name), statusNameWidth), r.State,
			usedOfAgreed(r.Used, r.Agreed), dateOrDash(r.Last), dateOrDash(r.Next), strconv.Itoa(r.Open),
			strconv.Itoa(r.Overdue), strconv.Itoa(r.Errors), strconv.Itoa(r.Warnings)})
	}
	// Aligned by the columns a name takes on screen: a name in Chinese
	// takes two a character.
	if err := termtext.Columns(w, table, 2); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, summaryLine(s))
	return err
}

func summaryLine(s statusSummary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s: %d active, %d draft, %d ended", nOf(s.Clients, "client"),
		s.States[records.StatusActive], s.States[records.StatusDraft], s.States[records.StatusEnded])
	if n := s.States[records.StateNone]; n > 0 {
		fmt.Fprintf(&b, ", %d with no agreement", n)
	}
	fmt.Fprintf(&b, "; %s, %d overdue; %s, %s", nOf(s.Open, "open action"), s.Overdue,
		nOf(s.Errors, "error"), nOf(s.Warnings, "warning"))
	if s.PracticeErrors+s.PracticeWarnings > 0 {
		fmt.Fprintf(&b, "\nand %s, %s outside client folders (run rapport check)",
			nOf(s.PracticeErrors, "error"), nOf(s.PracticeWarnings, "warning"))
	}
	return b.String()
}

type statusJSONClient struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	State    string  `json:"state"`
	Used     int     `json:"sessions_used"`
	Agreed   int     `json:"sessions_agreed"`
	Last     *string `json:"last_session"`
	Next     *string `json:"next_session"`
	Open     int     `json:"open_actions"`
	Overdue  int     `json:"overdue_actions"`
	Errors   int     `json:"errors"`
	Warnings int     `json:"warnings"`
}

func writeStatusJSON(w io.Writer, rows []statusRow, s statusSummary) error {
	out := struct {
		Clients []statusJSONClient `json:"clients"`
		Summary statusSummary      `json:"summary"`
	}{Clients: make([]statusJSONClient, 0, len(rows)), Summary: s}
	for _, r := range rows {
		out.Clients = append(out.Clients, statusJSONClient{
			ID: r.ID, Name: r.Name, State: r.State, Used: r.Used, Agreed: r.Agreed,
			Last: dateOrNull(r.Last), Next: dateOrNull(r.Next),
			Open: r.Open, Overdue: r.Overdue, Errors: r.Errors, Warnings: r.Warnings,
		})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	// JSON leaves bidi and zero-width characters raw; their \u escapes
	// read the same to a program and cannot disguise a name on screen.
	_, err = fmt.Fprintln(w, records.Visible(string(data)))
	return err
}

func usedOfAgreed(used, agreed int) string {
	if agreed == 0 {
		return fmt.Sprintf("%d/?", used)
	}
	return fmt.Sprintf("%d/%d", used, agreed)
}

func dateOrDash(d records.Date) string {
	if d.IsZero() {
		return "-"
	}
	return d.String()
}

func dateOrNull(d records.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// nOf writes a count with its noun, adding an s when it is not one.
func nOf(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
