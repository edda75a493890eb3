package cmd

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render"
)

// pdfFlags are the PDF options of every command that writes handouts.
type pdfFlags struct {
	engine       string
	password     bool
	passwordFile string
}

func (f *pdfFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.engine, "pdf-engine", "", "lay out PDFs with the `engine` builtin or chromium (default: handouts.pdf_engine in practice.yaml)")
	fs.BoolVar(&f.password, "password", false, "lock the PDFs with a password, asked for on the terminal (or read from standard input)")
	fs.StringVar(&f.passwordFile, "password-file", "", "lock the PDFs with the password on the first line of `FILE`")
}

// apply sets the engine, browser and password in ro. The returned function
// closes the browser, if one was started; call it when the run is over.
func (f *pdfFlags) apply(a *App, p *records.Practice, ro *render.Options) (func(), error) {
	done := func() {}
	engine := strings.ToLower(strings.TrimSpace(f.engine))
	if engine == "" {
		engine = strings.ToLower(p.Settings.Handouts.PDFEngine)
	}
	if err := render.CheckEngine(engine); err != nil {
		if f.engine == "" {
			return done, failure(fmt.Errorf("%s: handouts.pdf_engine: %w", records.SettingsFile, err), "set it to builtin or chromium")
		}
		return done, usageError("choose --pdf-engine builtin or chromium", "%v", err)
	}
	ro.PDFEngine = engine
	pdfs := slices.Contains(ro.Formats, render.FormatPDF)
	if f.password && f.passwordFile != "" {
		return done, usageError("give one of them", "--password and --password-file both give a password")
	}
	if (f.password || f.passwordFile != "") && !pdfs {
		return done, usageError("add --format pdf or --format html,pdf", "a password locks PDFs, and no PDF is being written")
	}
	switch {
	case f.passwordFile != "":
		pw, err := passwordFromFile(f.passwordFile)
		if err != nil {
			return done, failure(err, "put the password on the first line of the file")
		}
		ro.Password = pw
	case f.password:
		pw, err := askPassword(a)
		if err != nil {
			return done, failure(err, "")
		}
		ro.Password = pw
	}
	if engine == render.EngineChromium && pdfs && ro.Printer == nil {
		// One browser for the whole run, reused for every handout.
		c, err := render.StartChromium()
		if err != nil {
			var ee *render.EngineError
			if errors.As(err, &ee) {
				return done, failure(err, ee.Hint)
			}
			return done, failure(err, "")
		}
		ro.Printer = c
		done = func() { _ = c.Close() }
	}
	return done, nil
}

// passwordFromFile reads the first line of a file, without its line ending.
func passwordFromFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	line = strings.TrimSuffix(line, "\r")
	if line == "" {
		return "", fmt.Errorf("%s: the first line is empty, so there is no password", path)
	}
	return line, nil
}

// askPassword asks twice on a terminal, without echo, so a typing slip
// cannot lock the client out; from a pipe it reads one line.
func askPassword(a *App) (string, error) {
	if f, ok := a.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(a.Stderr, "password for the pdf handouts: ")
		pw, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.Stderr)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		fmt.Fprint(a.Stderr, "the same password again: ")
		again, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.Stderr)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		if string(pw) != string(again) {
			return "", errors.New("the two passwords differ, so no handout was locked")
		}
		if len(pw) == 0 {
			return "", errors.New("the password is empty")
		}
		return string(pw), nil
	}
	line, err := bufio.NewReader(a.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password from standard input: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}

// reportWarnings prints what went wrong in a handout's PDF, naming it.
func reportWarnings(a *App, w render.Written) {
	for _, msg := range w.Warnings {
		fmt.Fprintf(a.Stderr, "rapport: warning: %s/%s.pdf: %s\n", w.Job.Client.ID, w.Job.ID, msg)
	}
	if len(w.Warnings) > 0 {
		fmt.Fprintf(a.Stderr, "rapport: hint: install a font that has the character (the builtin engine looks through the installed fonts), or write it another way\n")
	}
}
