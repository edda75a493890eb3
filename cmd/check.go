package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
	"github.com/rapport-coach/rapport/render/pdf"
)

type checkOptions struct {
	targets []string // client ids, files and folders
	format  string
	explain bool
	strict  bool
	rules   bool
	disable []string
}

func newCheckCmd(a *App) *cobra.Command {
	o := &checkOptions{}
	c := &cobra.Command{
		Use:   "check [CLIENT|PATH...]",
		Short: "Report every problem in the practice's records",
		Long: `Read every record and report every problem, one per line, as
path:line:col: severity: message [rule], sorted by file and line. Nothing is
printed when all is well.

Name clients by id, or files and folders of the practice (as an editor or the
pre-commit framework passes them), to report on those only; rules that compare
records still read the rest of the client's records.

Errors fail the check; warnings fail it only with --strict; notes never do.
Rules can be turned off or changed in severity in practice.yaml:

  check: {disable: [next-missing], warn: [uncommitted], error: [fees-missing]}

or for one record, in its frontmatter, where the coach has a reason:

  check: {disable: [next-missing]}

rapport check --rules lists every rule, its default severity and why it
matters. rapport hook install runs check before every git commit.

Exit codes: 0 no problems that fail, 1 problems found, 2 usage error or the
practice could not be read.`,
		Example: `  rapport check
  rapport check alice-smith --explain
  rapport check clients/alice-smith/sessions/2026-02-04-03.md
  rapport check --format json
  rapport check --rules`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.targets = args
			return runCheck(a, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.format, "format", "text", "output `format`: text, json, sarif (SARIF 2.1.0, for code scanning) or github (GitHub Actions annotations)")
	f.BoolVar(&o.explain, "explain", false, "show the offending lines and a hint for each problem")
	f.BoolVar(&o.strict, "strict", false, "fail on warnings too")
	f.BoolVar(&o.rules, "rules", false, "list every rule with its default severity and reason")
	f.StringSliceVar(&o.disable, "disable", nil, "turn a `rule` off for this run (repeatable)")
	return c
}

func runCheck(a *App, o *checkOptions) error {
	if !slices.Contains(checkOutputs, o.format) {
		return usageError("use --format "+strings.Join(checkOutputs, ", "), "unknown format %q", o.format)
	}
	if o.rules && o.format != "text" && o.format != "json" {
		return usageError("use --rules with --format text or json", "--rules cannot be printed as %s", o.format)
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
	problems, err := checkPractice(a, p, o.targets, a.Today(), o.disable)
	if err != nil {
		return err
	}
	switch {
	case o.format == "json":
		if err := check.WriteJSON(a.Stdout, problems); err != nil {
			return err
		}
	case o.format == "sarif":
		tool := check.Tool{Name: "rapport", Version: Version(), URI: "https://github.com/rapport-coach/rapport"}
		if err := check.WriteSARIF(a.Stdout, problems, tool, repoBase(p.Root)); err != nil {
			return err
		}
	case o.format == "github":
		if err := check.WriteGitHub(a.Stdout, problems, repoBase(p.Root)); err != nil {
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

// checkOutputs are the --format values check prints.
var checkOutputs = []string{"text", "json", "sarif", "github"}

// repoBase is the practice's folder within its git repository, "" at the
// repository's root or outside git: CI services read paths from the root of
// the repository, not of the practice.
func repoBase(root string) string {
	repo, err := records.OpenRepo(root)
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(repo.Root, root)
	if err != nil || !filepath.IsLocal(rel) || rel == "." {
		return ""
	}
	return filepath.ToSlash(rel)
}

// checkPractice checks what the coach named (everything when nothing is
// named) and the practice itself. A name is a client id, or a file or folder
// of the practice as an editor or the pre-commit framework passes it; only
// problems in what was named are kept, but every rule still reads all it
// needs (a client's sessions, practice.yaml, git). Naming a client keeps the
// problems of practice.yaml too, since they apply to every client.
func checkPractice(a *App, p *records.Practice, only []string, today records.Date, disable []string) ([]records.Problem, error) {
	cfg := check.ConfigFrom(p.Settings)
	cfg.Disable(disable...)
	if p.Settings.Handouts.PDFEngine == "builtin" {
		cfg.Drawable = pdf.Drawable
	}
	ids, _, err := p.ClientIDs()
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: err}
	}
	var keep []string // practice-relative files and folders to report on
	if len(only) > 0 {
		known := map[string]bool{}
		for _, id := range ids {
			known[id] = true
		}
		load := map[string]bool{}
		for _, arg := range only {
			if known[arg] {
				load[arg] = true
				keep = append(keep, records.SettingsFile, path.Join(records.ClientsDir, arg))
				continue
			}
			rel, ok, err := practicePath(a, p, arg)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, unknownClient(arg, ids)
			}
			keep = append(keep, rel)
			for _, id := range ids {
				dir := path.Join(records.ClientsDir, id)
				if under(rel, dir) || under(dir, rel) {
					load[id] = true
				}
			}
		}
		named := ids[:0:0]
		for _, id := range ids {
			if load[id] {
				named = append(named, id)
			}
		}
		ids = named
	}
	// The practice's own rules (git's state among them) read nothing the
	// clients' rules do: they run beside the clients' loading.
	practice := make(chan []records.Problem, 1)
	go func() { practice <- check.Practice(p, today, cfg) }()
	var all []records.Problem
	// A client whose records are as they were is not checked again: its
	// findings are kept under its records' content, the day and the rules'
	// settings (practice.yaml and this rapport are in the cache's own key).
	kept := newKept(p, "check", fmt.Sprintf("%s\n%s", today, cfg.Key()), func(id string, found records.ProblemList) bool {
		dir := path.Join(records.ClientsDir, id)
		for _, f := range found {
			if !under(f.Path, dir) || check.Lookup(f.Rule) == nil ||
				(f.Severity != records.Error && f.Severity != records.Warning && f.Severity != records.Note) {
				return false
			}
		}
		return true
	})
	opts := records.LoadOptions{PlaceholderBodies: true, Unchanged: kept.unchanged}
	err = p.Each(ids, opts, func(c *records.Client, err error) error {
		if err != nil {
			return err
		}
		if c.Skipped {
			all = append(all, kept.take(c.ID)...)
			return nil
		}
		found := check.Run(p, c, today, cfg)
		kept.put(c, found)
		all = append(all, found...)
		return nil
	})
	all = append(all, <-practice...)
	if err != nil {
		return nil, failure(err, "")
	}
	if len(only) > 0 {
		all = keepWithin(all, keep)
	}
	check.Sort(all)
	return all, nil
}

// practicePath turns arg, a file or folder as the coach or their editor
// typed it, into a slash-separated path relative to the practice root ("."
// for the root itself). It reports false when arg names nothing on disk, and
// refuses a path outside the practice. Nothing is read through the path: it
// only chooses which problems to show.
func practicePath(a *App, p *records.Practice, arg string) (string, bool, error) {
	abs, err := a.abs(arg)
	if err != nil {
		return "", false, err
	}
	if _, err := os.Lstat(abs); err != nil {
		if looksLikePath(arg) {
			return "", false, usageError("name a client id, or a file or folder of the practice", "no file or folder %s", arg)
		}
		return "", false, nil
	}
	if !within(abs, p.Root) {
		return "", false, usageError("check reads the practice it was started in; pass --practice for another",
			"%s is not inside the practice at %s", arg, a.display(p.Root))
	}
	rel, err := filepath.Rel(p.Root, abs)
	if err != nil || !filepath.IsLocal(rel) {
		// Inside, but reached through a link (/tmp on macOS): name it from
		// where both really are.
		root, err1 := filepath.EvalSymlinks(p.Root)
		dir, err2 := filepath.EvalSymlinks(filepath.Dir(abs))
		if err = errors.Join(err1, err2); err == nil {
			rel, err = filepath.Rel(root, filepath.Join(dir, filepath.Base(abs)))
		}
		if err != nil || !filepath.IsLocal(rel) {
			return "", false, usageError("", "%s is not inside the practice at %s", arg, a.display(p.Root))
		}
	}
	return storedCase(p.Root, filepath.ToSlash(rel)), true, nil
}

// storedCase is rel spelt as the folders store it. On a file system that
// ignores case (macOS, Windows) Clients/Alice-Smith opens clients/alice-smith,
// and the problems, named as stored, must still be found under it.
func storedCase(root, rel string) string {
	if rel == "." {
		return rel
	}
	parts := strings.Split(rel, "/")
	dir := root
	for i, part := range parts {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return rel
		}
		found := false
		for _, e := range entries {
			if e.Name() == part {
				found = true
				break
			}
		}
		for _, e := range entries {
			if !found && strings.EqualFold(e.Name(), part) {
				parts[i], found = e.Name(), true
			}
		}
		dir = filepath.Join(dir, parts[i])
	}
	return strings.Join(parts, "/")
}

// looksLikePath tells a mistyped file name from a mistyped client id.
func looksLikePath(arg string) bool {
	return strings.ContainsAny(arg, `/\.`)
}

// under reports whether the practice-relative path rel is dir or inside it.
func under(rel, dir string) bool {
	return dir == "." || rel == dir || strings.HasPrefix(rel, dir+"/")
}

// keepWithin keeps the problems in the given files and folders.
func keepWithin(ps []records.Problem, keep []string) []records.Problem {
	out := ps[:0]
	for _, p := range ps {
		for _, k := range keep {
			if under(p.Path, k) {
				out = append(out, p)
				break
			}
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
