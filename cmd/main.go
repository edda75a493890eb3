// Package cmd is rapport's command line: a thin shell of Cobra commands over
// the records and render packages. Each command lives in its own file, builds
// its *cobra.Command from an options struct and hands the work to a plain
// function.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/rapport-coach/rapport/records"
)

// Exit codes, as documented in the README.
const (
	ExitOK      = 0
	ExitFailure = 1 // the command ran and found problems or failed
	ExitUsage   = 2 // bad arguments, or no practice to work on
)

// App is what every command shares: its streams, its environment and the
// global flags. There is no package-level state; tests build their own App.
type App struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Getwd          func() (string, error)

	practiceDir string // --practice
	noCache     bool   // --no-cache
	// opened are the practices opened with a cache, whose cache is
	// trimmed to its bound once the command is done.
	opened []*records.Practice
	// planned is what the last build planner worked out: see
	// newBuildPlanner.
	planned plannedBefore
	ran     bool // a command's RunE started, so its errors are failures, not usage
	// eraseStep is called before each step of an erase; only the test
	// binary sets it, to stop an erase midway as a power cut would.
	eraseStep func(step string) error
}

// Main runs rapport with args (without the program name) and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if os.Getenv("GOGC") == "" {
		// Reading a practice makes many small, short-lived YAML nodes. A
		// less eager collector roughly halves the CPU time of check and build
		// on a large practice, for a few tens of megabytes of extra memory.
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// With the collector running late, rendering a record at the size
		// limit whose Markdown tree is huge (a page of "*a* *a* ...") peaked
		// near a gigabyte. A soft limit makes the collector catch up only
		// then; everyday commands stay far below it.
		debug.SetMemoryLimit(512 << 20)
	}
	app := &App{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, Getwd: os.Getwd}
	return app.Run(args)
}

// Run executes one command line and reports its error, if any, on Stderr.
func (a *App) Run(args []string) int {
	root := newRootCmd(a)
	root.SetArgs(args)
	err := root.Execute()
	for _, p := range a.opened {
		p.TrimCache()
	}
	if err == nil {
		return ExitOK
	}
	code := ExitFailure
	if !a.ran {
		code = ExitUsage
	}
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
		if ee.silent {
			return code
		}
	}
	// Messages quote names, paths and values from records: see records.Visible.
	fmt.Fprintf(a.Stderr, "rapport: %s\n", records.Visible(err.Error()))
	hint := ""
	if ee != nil {
		hint = ee.hint
	}
	if le := (*records.LinkError)(nil); errors.As(err, &le) {
		// Whatever the command, the remedy for a link is the same.
		hint = "rapport never reads a record or folder that is a link; replace it with what it points to"
	}
	if hint != "" {
		for _, line := range strings.Split(hint, "\n") {
			fmt.Fprintf(a.Stderr, "rapport: hint: %s\n", records.Visible(line))
		}
	}
	return code
}

// exitError carries an exit code and a hint the user can act on.
type exitError struct {
	code   int
	err    error
	hint   string
	silent bool // the command has already said everything
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError is a mistake in how rapport was called: exit code 2.
func usageError(hint string, format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...), hint: hint}
}

// failure is a command that ran and could not do its job: exit code 1.
func failure(err error, hint string) error {
	return &exitError{code: ExitFailure, err: err, hint: hint}
}

// quietFailure exits 1 after the command has printed its own report.
func quietFailure() error {
	return &exitError{code: ExitFailure, err: errors.New("problems found"), silent: true}
}

// Now is the current time, or the fixed time in RAPPORT_NOW (YYYY-MM-DD or
// RFC 3339) so that tests and demos get reproducible dates.
func (a *App) Now() time.Time {
	if v := a.Getenv("RAPPORT_NOW"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t
		}
		if d, err := records.ParseDate(v); err == nil {
			return d.Time().Add(9 * time.Hour)
		}
	}
	return time.Now()
}

// abs resolves a path the user gave against the App's working directory.
func (a *App) abs(path string) (string, error) {
	if filepath.IsAbs(path) {
		return filepath.Clean(path), nil
	}
	wd, err := a.Getwd()
	if err != nil {
		return "", err
	}
	return filepath.Join(wd, path), nil
}

// display is path as the coach would type it from where they are.
func (a *App) display(path string) string {
	wd, err := a.Getwd()
	if err != nil {
		return path
	}
	if real, err := filepath.EvalSymlinks(wd); err == nil {
		wd = real
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return filepath.ToSlash(rel)
}

// Today is the calendar day of Now.
func (a *App) Today() records.Date { return records.DateOf(a.Now()) }

// Practice finds and opens the practice: the --practice folder, or the
// nearest folder holding practice.yaml from the working directory upwards.
func (a *App) Practice() (*records.Practice, error) {
	var dir string
	if a.practiceDir == "" {
		wd, err := a.Getwd()
		if err != nil {
			return nil, err
		}
		if dir, err = records.Find(wd); err != nil {
			return nil, &exitError{code: ExitUsage, err: err,
				hint: "run rapport init to start a practice here, or pass --practice DIR"}
		}
	} else {
		var err error
		if dir, err = a.abs(a.practiceDir); err != nil {
			return nil, err
		}
		if !records.IsPractice(dir) {
			return nil, &exitError{code: ExitUsage, err: fmt.Errorf("%s is not a practice (it has no practice.yaml)", a.practiceDir),
				hint: "pass the folder that holds practice.yaml, or run rapport init " + a.practiceDir}
		}
	}
	p, err := records.Open(dir)
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: err}
	}
	if !a.noCache {
		p.OpenCache()
		a.opened = append(a.opened, p)
	}
	return p, nil
}
