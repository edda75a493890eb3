package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render"
	"github.com/rapport-coach/rapport/render/site"
)

// buildFormats are the formats a build can render.
var buildFormats = []string{"html", "pdf"}

type buildOptions struct {
	dest    string   // -d; default <practice>/public
	formats []string // --format
	clean   bool
	quiet   bool
	large   bool // --large-print
}

func newBuildCmd(a *App) *cobra.Command {
	o := &buildOptions{}
	c := &cobra.Command{
		Use:   "build [-d DIR] [--format html,pdf] [--clean]",
		Short: "Render every handout of every client into public/, with the coach's index",
		Long: `Render every handout of every client into public/<client-id>/, and the
coach's index of clients at public/index.html (coach only: it lists everyone).

The build is incremental: public/.rapport-build.json records what each output
was made from (its records' content, practice.yaml, the templates and rapport's
version), so only outputs whose inputs changed are rendered again, and outputs
whose record is gone are removed. Files in public/ that rapport did not write
are never removed. --clean renders everything again.

A client whose agreement says large_print: true gets every handout in large
print (16 pt or more, with room to write by hand); --large-print sets every
client's handouts so.

Each output is written whole or not at all: stopping a build with Ctrl-C
leaves every output old or new, and the next build finishes the job. Two
builds, or a build and a running serve, never write one folder at once: the
second waits, up to two minutes, for the first to finish (public/.rapport-build.lock).

The destination must be a folder of your own: rapport refuses one that is a
link or that belongs to another user, such as a folder someone else made in
/tmp before you.`,
		Example: `  rapport build
  rapport build --format html,pdf --clean
  rapport build -d ~/Documents/handouts --quiet`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runBuild(ctx, a, o)
		},
	}
	f := c.Flags()
	destinationFlag(f, &o.dest, "the `folder` to build into (default: public/ in the practice)", a.Stderr)
	f.StringSliceVar(&o.formats, "format", []string{"html", "pdf"}, "the `formats` to render: html, pdf or both")
	f.BoolVar(&o.clean, "clean", false, "render everything again, whatever changed")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
	f.BoolVar(&o.large, "large-print", false, "set every handout in large print (16 pt, room to write by hand), as large_print: true on an agreement does for its client")
	return c
}

func runBuild(ctx context.Context, a *App, o *buildOptions) error {
	if err := checkFormats(o.formats); err != nil {
		return err
	}
	p, err := a.Practice()
	if err != nil {
		return err
	}
	dest, err := a.buildDest(p, o.dest)
	if err != nil {
		return err
	}
	pl, err := newBuildPlanner(a, p, o.formats, o.large, nil)
	if err != nil {
		return failure(err, "")
	}
	a.tuneGC()
	opts := site.Options{Root: p.Root, Dest: dest, Formats: o.formats, Clean: o.clean}
	if !o.quiet && isTerminal(a.Stderr) {
		opts.Progress = site.NewBar(a.Stderr)
	}
	s, err := site.Build(ctx, pl, opts)
	if errors.Is(err, context.Canceled) {
		return failure(fmt.Errorf("build stopped after %s", s), "every output is whole; run rapport build again to finish")
	}
	if err != nil {
		return failure(err, "")
	}
	if !o.quiet {
		fmt.Fprintf(a.Stdout, "built %s: %s\n", a.display(dest), s)
	}
	if reportFailures(a.Stderr, s) {
		return quietFailure()
	}
	return nil
}

// tuneGC trades a little memory for a lot less garbage collection while
// building: rendering makes much short-lived garbage over a small live heap,
// so collecting at four times the live heap instead of twice saves about a
// quarter of the CPU, and a soft limit keeps the peak near 70 MB however
// large the practice. GOGC or GOMEMLIMIT in the environment win.
func (a *App) tuneGC() {
	if a.Getenv("GOGC") != "" || a.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(64 << 20)
}

// checkFormats refuses formats a build cannot render.
func checkFormats(formats []string) error {
	if len(formats) == 0 {
		return usageError("pass --format html, pdf or html,pdf", "no format to build")
	}
	for _, f := range formats {
		if !slices.Contains(buildFormats, f) {
			return usageError("pass --format html, pdf or html,pdf", "unknown format %q", f)
		}
	}
	return nil
}

// buildDest resolves the destination folder and refuses one that would mix
// outputs with the records, or that is not the coach's own.
func (a *App) buildDest(p *records.Practice, dir string) (string, error) {
	if dir == "" {
		dir = p.Path("public")
		return dir, ownDest(dir)
	}
	if !filepath.IsAbs(dir) {
		wd, err := a.Getwd()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(wd, dir)
	}
	dir = filepath.Clean(dir)
	hint := "build into public/ (the default) or a folder outside the practice"
	if within(p.Root, dir) {
		return "", usageError(hint, "%s holds the practice: outputs would mix with its records", dir)
	}
	for _, sub := range []string{records.ClientsDir, "templates"} {
		if within(dir, p.Path(sub)) {
			return "", usageError(hint, "%s is inside the practice's %s/ folder", dir, sub)
		}
	}
	return dir, ownDest(dir)
}

// ownDest refuses a destination that already exists as a link, or as a
// folder another user owns: whoever prepared it could read the handouts,
// or swap what is inside for links, before rapport writes there.
func ownDest(dir string) error {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return failure(err, "")
	}
	hint := "build into a folder of your own, such as public/ in the practice (the default)"
	switch {
	case records.IsLink(fi.Mode()):
		return usageError(hint, "%s is a link; rapport never writes or removes through links", dir)
	case !fi.IsDir():
		return usageError(hint, "%s is not a folder", dir)
	case ownedByOther(fi):
		return usageError(hint, "%s belongs to another user, who could read or change the handouts", dir)
	}
	return nil
}

// within reports whether path is dir or lies under it, links resolved as
// far as they exist: a link elsewhere that leads into the practice is
// inside it. Every "is this inside the practice" question asks it.
func within(path, dir string) bool {
	resolve := func(p string) string {
		p = filepath.Clean(p)
		var rest []string
		for {
			if real, err := filepath.EvalSymlinks(p); err == nil {
				return filepath.Join(append([]string{real}, rest...)...)
			}
			parent := filepath.Dir(p)
			if parent == p {
				return filepath.Join(append([]string{p}, rest...)...)
			}
			rest = append([]string{filepath.Base(p)}, rest...)
			p = parent
		}
	}
	rel, err := filepath.Rel(resolve(dir), resolve(path))
	if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return true
	}
	return sameFileAbove(resolve(path), dir)
}

// sameFileAbove reports whether dir is p or a folder above it, asking the
// file system rather than comparing names: on macOS and Windows names
// differing only in case, or in Unicode form, are one folder.
func sameFileAbove(p, dir string) bool {
	want, err := os.Stat(dir)
	if err != nil {
		return false
	}
	for {
		if fi, err := os.Stat(p); err == nil && os.SameFile(fi, want) {
			return true
		}
		parent := filepath.Dir(p)
		if parent == p {
			return false
		}
		p = parent
	}
}

// reportFailures prints what could not be built and reports whether anything
// failed.
func reportFailures(w io.Writer, s site.Stats) bool {
	for _, msg := range s.Warnings {
		fmt.Fprintf(w, "rapport: warning: %s\n", msg)
	}
	// Each kind of failure says once what to do, after the failures.
	var hints []string
	hint := func(h string) {
		if !slices.Contains(hints, h) {
			hints = append(hints, h)
		}
	}
	for _, f := range s.Failures {
		fmt.Fprintf(w, "rapport: %s\n", f)
		if le, ok := render.IsLeak(f.Err); ok {
			hint(le.Hint())
		}
		if errors.Is(f.Err, site.ErrLink) {
			hint("remove the link from the build folder, or build into another folder with -d, then build again")
		}
	}
	for _, h := range hints {
		fmt.Fprintf(w, "rapport: hint: %s\n", h)
	}
	if more := s.Failed - len(s.Failures); more > 0 {
		fmt.Fprintf(w, "rapport: and %d more outputs could not be built\n", more)
	}
	return s.Failed > 0
}

// isTerminal reports whether w is a terminal, where a progress bar belongs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
