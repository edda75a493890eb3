package cmd

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render"
)

type portfolioOptions struct {
	from, to string
	format   string // comma-separated
	dest     string
	named    bool
	private  bool
}

func newPortfolioCmd(a *App) *cobra.Command {
	o := &portfolioOptions{}
	c := &cobra.Command{
		Use:   "portfolio [--from D] [--to D]",
		Short: "Compile the coach's own reflections into one portfolio document",
		Long: `Compile the coach's reflections on every client, in date order, into one
document for supervision and accreditation: the CPD minutes of each and their
total, a table of the supervision topics (each reflection's "Supervision
topics" section), and every reflection in full, headed with its date, the
client's label and the session number.

The portfolio is the coach's: it is written to public/coach/portfolio.html
(or DIR/coach/ with -d), never into a client's folder, and it is readable by
the coach's user only.

Clients are "Client N", numbered as in rapport hours, and their names in the
reflections' text are replaced by that label, because a portfolio goes to
supervisors and assessors. --named names the clients whose agreement records
consent to be named in the hours log. Sections headed Private inside a
reflection are left out; --include-private keeps them, in a copy for the
coach's eyes only named portfolio-private.html.

--format json prints a summary for other programs instead of the lines above
(with html or pdf beside it, the files are written too):
  {"from": DATE|null, "to": DATE|null, "reflections", "clients",
   "cpd_minutes", "supervision_topics", "private_included",
   "written": [PATH], "problems"}
It names no client: counts only.`,
		Example: `  rapport portfolio
  rapport portfolio --from 2026-01-01 --to 2026-12-31
  rapport portfolio --include-private -d ~/Private/portfolio`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return runPortfolio(a, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.from, "from", "", "only reflections dated on or after this `date` (YYYY-MM-DD)")
	f.StringVar(&o.to, "to", "", "only reflections dated on or before this `date` (YYYY-MM-DD)")
	f.StringVar(&o.format, "format", strings.Join(render.Formats(), ","), "the `formats` to write, separated by commas ("+strings.Join(render.Formats(), ", ")+"), or json for a summary")
	destinationFlag(f, &o.dest, "the `folder` to write to; the portfolio goes in its coach/ folder (default: public/ in the practice)", a.Stderr)
	f.BoolVar(&o.named, "named", false, "name the clients who consented to be named in the hours log")
	f.BoolVar(&o.private, "include-private", false, "keep the sections headed Private, for the coach's own copy")
	return c
}

func runPortfolio(a *App, o *portfolioOptions) error {
	formats, err := portfolioFormats(o.format)
	if err != nil {
		return err
	}
	summary := slices.Contains(formats, "json")
	formats = slices.DeleteFunc(formats, func(f string) bool { return f == "json" })
	from, to, err := dateRange(o.from, o.to)
	if err != nil {
		return err
	}
	p, err := a.Practice()
	if err != nil {
		return err
	}
	dest := p.Path("public")
	if o.dest != "" {
		if dest, err = a.abs(o.dest); err != nil {
			return err
		}
	}
	if within(dest, p.Path(records.ClientsDir)) {
		return usageError("choose a folder outside clients/, such as the default public/",
			"the portfolio is the coach's own and is never written under clients/")
	}
	revs, err := records.OpenRevisions(p.Root)
	if err != nil {
		return failure(fmt.Errorf("reading the practice's git repository: %w", err), "")
	}
	layouts, err := render.LoadLayouts(p.Root)
	if err != nil {
		return failure(err, "fix the layout, or delete it to use the built-in one")
	}
	h, err := render.Portfolio(p, render.PortfolioOptions{
		From: from, To: to, Today: a.Today(), Named: o.named, Private: o.private,
	}, revs)
	if err != nil {
		return failure(err, "")
	}
	for _, pr := range h.Portfolio.Problems {
		fmt.Fprintf(a.Stderr, "rapport: %s\n", pr)
	}
	if len(h.Portfolio.Problems) > 0 {
		fmt.Fprintf(a.Stderr, "rapport: hint: the portfolio was written with a notice of these errors, shown on screen only; fix them and run rapport portfolio again\n")
	}
	var written []string
	if len(formats) > 0 {
		written, err = render.WriteCoach(h, layouts, dest, formats)
	}
	wd, _ := a.Getwd()
	for i, w := range written {
		written[i] = shortPath(wd, w)
		if !summary {
			fmt.Fprintf(a.Stdout, "wrote %s\n", written[i])
		}
	}
	if err != nil {
		return failure(err, "")
	}
	part := h.Portfolio
	if summary {
		return writeJSON(a.Stdout, portfolioJSON(part, written))
	}
	if len(part.Entries) == 0 {
		if from.IsZero() && to.IsZero() {
			fmt.Fprintln(a.Stdout, "no coach reflections to compile yet; write one with rapport new reflection CLIENT --by coach")
		} else {
			fmt.Fprintln(a.Stdout, "no coach reflections in that range")
		}
		return nil
	}
	fmt.Fprintf(a.Stdout, "%s on %s; %s of CPD; %s\n",
		records.CountWords(len(part.Entries), "reflection"), records.CountWords(part.Clients, "client"),
		render.CPD(part.CPDMinutes), records.CountWords(part.Topics, "supervision topic"))
	return nil
}

// portfolioJSON is the summary in the shape --format json documents.
func portfolioJSON(part *render.PortfolioPart, written []string) any {
	if written == nil {
		written = []string{}
	}
	return struct {
		From            *string  `json:"from"`
		To              *string  `json:"to"`
		Reflections     int      `json:"reflections"`
		Clients         int      `json:"clients"`
		CPDMinutes      int      `json:"cpd_minutes"`
		Topics          int      `json:"supervision_topics"`
		PrivateIncluded bool     `json:"private_included"`
		Written         []string `json:"written"`
		Problems        int      `json:"problems"`
	}{jsonDate(part.From), jsonDate(part.To), len(part.Entries), part.Clients, part.CPDMinutes, part.Topics,
		part.WithPrivate, written, len(part.Problems)}
}

// portfolioFormats reads --format: names from render.Formats, separated by
// commas, each once, in the order given.
func portfolioFormats(v string) ([]string, error) {
	known := render.Formats()
	var out []string
	for _, f := range strings.Split(v, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" || slices.Contains(out, f) {
			continue
		}
		if !slices.Contains(known, f) && f != "json" {
			hint := "use --format " + strings.Join(known, ",")
			if f == "pdf" {
				return nil, usageError(hint, "this build of rapport cannot write PDF yet")
			}
			return nil, usageError(hint, "unknown format %q", f)
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, usageError("use --format "+strings.Join(known, ","), "no format given")
	}
	return out, nil
}
