package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
)

type checkOptions struct {
	clients []string
	format  string
	explain bool
	strict  bool
	rules   bool
	disable []string
}

func newCheckCmd(a *App) *cobra.Command {
	o := &checkOptions{}
	c := &cobra.Command{
		Use:   "check [CLIENT...]",
		Short: "Report every problem in the practice's records",
		Long: `Read every record (or only those of the named clients) and report every
problem, one per line, as path:line:col: severity: message [rule], sorted by
file and line. Nothing is printed when all is well.

Errors fail the check; warnings fail it only with --strict; notes never do.
Rules can be turned off or changed in severity in practice.yaml:

  check: {disable: [next-missing], warn: [uncommitted], error: [fees-missing]}

rapport check --rules lists every rule, its default severity and why it
matters. rapport hook install runs check before every git commit.

Exit codes: 0 no problems that fail, 1 problems found, 2 usage error or the
practice could not be read.`,
		Example: `  rapport check
  rapport check alice-smith --explain
  rapport check --format json
  rapport check --rules`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.clients = args
			return runCheck(a, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.format, "format", "text", "output `format`: text or json")
	f.BoolVar(&o.explain, "explain", false, "show the offending lines and a hint for each problem")
	f.BoolVar(&o.strict, "strict", false, "fail on warnings too")
	f.BoolVar(&o.rules, "rules", false, "list every rule with its default severity and reason")
	f.StringSliceVar(&o.disable, "disable", nil, "turn a `rule` off for this run (repeatable)")
	return c
}

func runCheck(a *App, o *checkOptions) error {
	if o.format != "text" && o.format != "json" {
		return usageError("use --format text or --format json", "unknown format %q", o.format)
	}
	for _, n := range o.disable {
		if check.Lookup(n) == nil {
			hint := "see rapport check --rules for the rule names"
			if s := records.Suggest(n, check.Names()); s != "" {
				hint = "did you mean " + s + "?"
			}
			return usageError(hint, "--disable names no rule %q", n)
		}
	}
	if o.rules {
		return printRules(a.Stdout, o.format)
	}
	p, err := a.Practice()
	if err != nil {
		return err
	}
	// Checking makes a lot of short-lived garbage (one YAML tree per record)
	// and keeps little: collecting less often saves a quarter of the time for
	// a few tens of megabytes. Each holds only a few clients at once.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	problems, err := checkPractice(p, o.clients, a.Today(), o.disable)
	if err != nil {
		return err
	}
	switch {
	case o.format == "json":
		if err := check.WriteJSON(a.Stdout, problems); err != nil {
			return err
		}
	case o.explain:
		check.WriteExplained(a.Stdout, p.Root, problems)
	default:
		check.WriteText(a.Stdout, problems)
	}
	if check.Failed(problems, o.strict) {
		return quietFailure()
	}
	return nil
}

// checkPractice checks the named clients (all when none are named) and the
// practice itself; with clients named, only the practice's problems about
// practice.yaml and those clients' folders are kept.
func checkPractice(p *records.Practice, only []string, today records.Date, disable []string) ([]records.Problem, error) {
	cfg := check.ConfigFrom(p.Settings)
	cfg.Disable(disable...)
	ids, _, err := p.ClientIDs()
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: err}
	}
	if len(only) > 0 {
		known := map[string]bool{}
		for _, id := range ids {
			known[id] = true
		}
		var named []string
		for _, id := range only {
			if known[id] {
				named = append(named, id)
				known[id] = false // each client once, however often named
				continue
			}
			if !slices.Contains(named, id) {
				return nil, unknownClient(id, ids)
			}
		}
		ids, only = named, named
	}
	all := check.Practice(p, today, cfg)
	if len(only) > 0 {
		all = keepClients(all, only)
	}
	err = p.Each(ids, records.LoadOptions{PlaceholderBodies: true}, func(c *records.Client, err error) error {
		if err != nil {
			return err
		}
		all = append(all, check.Run(p, c, today, cfg)...)
		return nil
	})
	if err != nil {
		return nil, failure(err, "")
	}
	check.Sort(all)
	return all, nil
}

// keepClients keeps practice-wide problems about practice.yaml and about the
// named clients' folders.
func keepClients(ps []records.Problem, ids []string) []records.Problem {
	out := ps[:0]
	for _, p := range ps {
		keep := p.Path == records.SettingsFile
		for _, id := range ids {
			keep = keep || strings.HasPrefix(p.Path, path.Join(records.ClientsDir, id)+"/")
		}
		if keep {
			out = append(out, p)
		}
	}
	return out
}

func printRules(w io.Writer, format string) error {
	if format == "json" {
		type rule struct {
			Name     string           `json:"name"`
			Severity records.Severity `json:"severity"`
			Reason   string           `json:"reason"`
			Hint     string           `json:"hint"`
		}
		out := make([]rule, 0, len(check.Rules))
		for _, r := range check.Rules {
			out = append(out, rule{r.Name, r.Severity, r.Reason, r.Hint})
		}
		data, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", data)
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tWHY IT MATTERS")
	for _, r := range check.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Name, r.Severity, r.Reason)
	}
	return tw.Flush()
}
