package cmd

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render"
)

type renderOptions struct {
	client string
	what   render.Kind
	n      int
	format string
	dest   string
	strict bool
	large  bool
	pdf    pdfFlags
}

func newRenderCmd(a *App) *cobra.Command {
	o := &renderOptions{}
	c := &cobra.Command{
		Use:   "render CLIENT [WHAT [N]]",
		Short: "Make a client's printable handouts",
		Long: `Make the handouts a client takes home, as self-contained printable HTML files
and PDF files in public/<client-id>/ (or --destination DIR).

WHAT is one of:
  agreement    the client's copy of their current agreement
  session      a session handout with actions and a reflection log form
               (the latest session, or session N)
  reflection   the client's own reflection log, typed up (the latest, or the
               one on session N)
  progress     goals, sessions used of agreed, actions done and open
  privacy      what is kept about the client, where, for how long, and
               their rights
Without WHAT, every handout of the client is made.

Coach reflections and sections under a heading named Private are never
rendered. A handout made from records with errors says so on screen (not in
print); --strict refuses to write it instead. Layouts and styles come from
templates/layouts/ and templates/css/ in the practice when present.

PDFs are laid out by the builtin engine, which needs nothing installed, or
printed from the HTML handout by Chrome or Chromium with --pdf-engine
chromium (the default comes from handouts.pdf_engine in practice.yaml).
--password asks for a password (or reads one line from standard input when
it is not a terminal) and locks every PDF with it; --password-file FILE
reads it from the first line of FILE. A password is never kept in
practice.yaml.

A client who reads large print gets every handout at 16 pt or more, with
room to write by hand, when their agreement says large_print: true;
--large-print does the same for this run.`,
		Example: `  rapport render alice-smith
  rapport render alice-smith session 3
  rapport render alice-smith agreement -d ~/Desktop/handouts
  rapport render alice-smith session --format pdf --password`,
		Args: cobra.RangeArgs(1, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.client = args[0]
			if len(args) > 1 {
				o.what = render.Kind(strings.ToLower(args[1]))
				known := false
				for _, k := range render.Kinds {
					known = known || k == o.what
				}
				if !known {
					return usageError("choose agreement, session, reflection, progress or privacy", "there is no %q handout", args[1])
				}
			}
			if len(args) > 2 {
				if o.what != render.KindSession && o.what != render.KindReflection {
					return usageError("only session and reflection take a session number", "%s takes no number", o.what)
				}
				n, err := strconv.Atoi(args[2])
				if err != nil || n < 1 {
					return usageError("give the session's number, such as "+string(o.what)+" 3", "%q is not a session number", args[2])
				}
				o.n = n
			}
			return runRender(a, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.format, "format", "html,pdf", "the `formats` to write: html, pdf or html,pdf")
	destinationFlag(f, &o.dest, "the `folder` to write to (default: public/ in the practice)", a.Stderr)
	f.BoolVar(&o.strict, "strict", false, "refuse to write a handout whose records have errors")
	f.BoolVar(&o.large, "large-print", false, "set the handouts in large print (16 pt, room to write by hand), as large_print: true on the agreement does")
	o.pdf.register(f)
	return c
}

func runRender(a *App, o *renderOptions) error {
	formats, err := render.ParseFormats(o.format)
	if err != nil {
		return usageError("choose html, pdf or html,pdf", "cannot render to %q: %v", o.format, err)
	}
	p, err := a.Practice()
	if err != nil {
		return err
	}
	if o.client, err = resolveClient(p, o.client); err != nil {
		return err
	}
	dest := o.dest
	if dest == "" {
		dest = p.Path("public")
	}
	revs, err := records.OpenRevisions(p.Root)
	if err != nil {
		return failure(fmt.Errorf("reading the practice's git repository: %w", err), "")
	}
	layouts, err := render.LoadLayouts(p.Root)
	if err != nil {
		return failure(err, "fix the layout, or delete it to use the built-in one")
	}
	ro := render.Options{
		Dest: dest, What: o.what, N: o.n, Strict: o.strict, Today: a.Today(),
		Layouts: layouts, Revisions: revs, Formats: formats, LargePrint: o.large,
	}
	closePDF, err := o.pdf.apply(a, p, &ro)
	if err != nil {
		return err
	}
	defer closePDF()
	rep, err := render.ClientHandouts(p, o.client, ro)
	wd, _ := a.Getwd()
	for _, pr := range rep.Unread {
		fmt.Fprintf(a.Stderr, "rapport: %s\n", pr)
	}
	if len(rep.Unread) > 0 {
		fmt.Fprintf(a.Stderr, "rapport: hint: %s could not be read, so no handout was made from %s; fix %s and render again\n",
			plural(len(rep.Unread), "a record", "some records"), plural(len(rep.Unread), "it", "them"), plural(len(rep.Unread), "it", "them"))
	}
	for _, w := range rep.Written {
		for _, path := range w.Paths {
			fmt.Fprintf(a.Stdout, "wrote %s\n", shortPath(wd, path))
		}
		reportWarnings(a, w)
		for _, pr := range w.Problems {
			fmt.Fprintf(a.Stderr, "rapport: %s\n", pr)
		}
		if len(w.Problems) > 0 {
			fmt.Fprintf(a.Stderr, "rapport: hint: %s/%s was written with a notice of these errors, shown on screen only; fix them and render again\n", w.Job.Client.ID, w.Job.ID)
		}
	}
	if err == nil && o.strict && len(rep.Unread) > 0 {
		return failure(fmt.Errorf("%s of %s could not be read", plural(len(rep.Unread), "a record", "records"), o.client), "fix the errors above, or render without --strict")
	}
	if err == nil {
		return nil
	}
	return renderFailure(a, o, err)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// renderFailure reports every handout that could not be made.
func renderFailure(a *App, o *renderOptions, err error) error {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	last := errs[len(errs)-1]
	for _, e := range errs[:len(errs)-1] {
		reportRenderError(a, e)
	}
	var nf *render.NotFoundError
	var se *render.StrictError
	var ee *render.EngineError
	var le *render.LeakError
	switch {
	case errors.As(last, &nf):
		return failure(last, nf.Hint)
	case errors.As(last, &le):
		return failure(last, le.Hint())
	case errors.As(last, &ee):
		return failure(last, ee.Hint)
	case errors.As(last, &se):
		for _, pr := range se.Problems {
			fmt.Fprintf(a.Stderr, "rapport: %s\n", pr)
		}
		return failure(last, "fix the errors, or render without --strict to make it with a notice")
	}
	return failure(last, "")
}

func reportRenderError(a *App, e error) {
	fmt.Fprintf(a.Stderr, "rapport: %s\n", e)
	var nf *render.NotFoundError
	var se *render.StrictError
	var le *render.LeakError
	switch {
	case errors.As(e, &nf) && nf.Hint != "":
		fmt.Fprintf(a.Stderr, "rapport: hint: %s\n", nf.Hint)
	case errors.As(e, &le):
		fmt.Fprintf(a.Stderr, "rapport: hint: %s\n", le.Hint())
	case errors.As(e, &se):
		for _, pr := range se.Problems {
			fmt.Fprintf(a.Stderr, "rapport: %s\n", pr)
		}
	}
}

// shortPath is path relative to the working folder when it is inside it.
func shortPath(wd, path string) string {
	if wd == "" {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return rel
}
