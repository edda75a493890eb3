package render

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/chromium"
	"github.com/rapport-coach/rapport/render/pdf"
)

// Format is a kind of file a handout is written as.
type Format string

// The formats handouts are written in.
const (
	FormatHTML Format = "html"
	FormatPDF  Format = "pdf"
)

// DefaultFormats are what `rapport render` writes unless told otherwise:
// the HTML page to read on screen and the PDF to print or send.
var DefaultFormats = []Format{FormatHTML, FormatPDF}

// ParseFormats reads a comma-separated list such as "html,pdf".
func ParseFormats(s string) ([]Format, error) {
	var out []Format
	for _, part := range strings.Split(s, ",") {
		f := Format(strings.ToLower(strings.TrimSpace(part)))
		switch f {
		case FormatHTML, FormatPDF:
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		case "":
		default:
			return nil, fmt.Errorf("there is no %q format", part)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no format given")
	}
	return out, nil
}

// The PDF engines.
const (
	// EngineBuiltin lays out the PDF in Go: no browser, fast, deterministic.
	EngineBuiltin = "builtin"
	// EngineChromium prints the HTML handout through an installed browser,
	// for exact fidelity to the HTML family's print styles.
	EngineChromium = "chromium"
)

// Printer prints a self-contained HTML page to PDF; a *chromium.Printer is
// one.
type Printer interface {
	Print(html []byte) ([]byte, error)
}

// EngineError is a PDF engine that cannot be used, with what to do about it.
type EngineError struct {
	Msg, Hint string
}

// Error is the message without the hint.
func (e *EngineError) Error() string { return e.Msg }

// CheckEngine refuses an unknown engine name.
func CheckEngine(name string) error {
	switch name {
	case EngineBuiltin, EngineChromium:
		return nil
	}
	return &EngineError{Msg: fmt.Sprintf("there is no %q pdf engine", name), Hint: "choose builtin or chromium"}
}

// StartChromium starts the browser the chromium engine prints through, once
// per run. When none is installed, the error says how to get one and that
// the builtin engine needs none. Close it when the run is over.
func StartChromium() (*chromium.Printer, error) {
	path, err := chromium.Find()
	if err != nil {
		return nil, &EngineError{
			Msg:  "the chromium pdf engine needs Chrome or Chromium, and " + err.Error(),
			Hint: chromium.InstallHint + " (--pdf-engine builtin)",
		}
	}
	p, err := chromium.New(path)
	if err != nil {
		return nil, &EngineError{Msg: err.Error(), Hint: "use the builtin pdf engine (--pdf-engine builtin), which needs no browser"}
	}
	return p, nil
}

// output writes handouts in the formats and with the engine Options ask for.
type output struct {
	o       Options
	layouts *Layouts
	formats []Format
	engine  string
	printer Printer
	started *chromium.Printer // the browser this output started, to close
}

func newOutput(p *records.Practice, o Options, l *Layouts) (*output, error) {
	out := &output{o: o, layouts: l, formats: o.Formats, engine: o.PDFEngine, printer: o.Printer}
	if out.formats == nil {
		out.formats = []Format{FormatHTML}
	}
	if out.engine == "" {
		out.engine = strings.ToLower(p.Settings.Handouts.PDFEngine)
	}
	if out.engine == "" {
		out.engine = EngineBuiltin
	}
	if err := CheckEngine(out.engine); err != nil {
		return nil, err
	}
	if out.engine == EngineChromium && out.printer == nil && slices.Contains(out.formats, FormatPDF) {
		c, err := StartChromium()
		if err != nil {
			return nil, err
		}
		out.printer, out.started = c, c
	}
	return out, nil
}

func (out *output) close() {
	if out.started != nil {
		_ = out.started.Close()
	}
}

// write makes one handout and writes each of its files atomically, leaving
// any earlier file in place on failure. The files written before a failure
// are reported in the Written.
func (out *output) write(job Job) (Written, error) {
	o := out.o
	if job.Catalogues == nil {
		job.Catalogues = out.layouts.Catalogues
	}
	h, err := Make(job, o.Revisions)
	if err != nil {
		return Written{}, err
	}
	if o.Strict && len(h.Problems) > 0 {
		return Written{}, &StrictError{ID: job.Client.ID + "/" + job.ID, Problems: h.Problems}
	}
	w := Written{Job: job, Problems: h.Problems}
	dir := filepath.Join(o.Dest, job.Client.ID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return w, err
	}
	var page []byte // the HTML, made once for the file and the browser
	html := func() ([]byte, error) {
		if page == nil {
			var b bytes.Buffer
			if err := HTML(&b, h, out.layouts); err != nil {
				return nil, err
			}
			page = b.Bytes()
		}
		return page, nil
	}
	for _, f := range out.formats {
		var data []byte
		switch f {
		case FormatHTML:
			data, err = html()
		case FormatPDF:
			data, err = out.pdf(h, html, &w)
		default:
			err = fmt.Errorf("there is no %q format", f)
		}
		if err != nil {
			return w, fmt.Errorf("%s/%s.%s: %w", job.Client.ID, job.ID, f, err)
		}
		path := filepath.Join(dir, job.ID+"."+string(f))
		if err := records.WriteFile(path, data, 0o644); err != nil {
			return w, fmt.Errorf("writing %s: %w", path, err)
		}
		if w.Path == "" {
			w.Path = path
		}
		w.Paths = append(w.Paths, path)
	}
	return w, nil
}

// pdf lays out the handout with the chosen engine and locks it when a
// password was given.
func (out *output) pdf(h *Handout, html func() ([]byte, error), w *Written) ([]byte, error) {
	var data []byte
	if out.engine == EngineChromium {
		page, err := html()
		if err != nil {
			return nil, err
		}
		if data, err = out.printer.Print(page); err != nil {
			return nil, err
		}
	} else {
		var b bytes.Buffer
		warnings, err := PDF(&b, h)
		if err != nil {
			return nil, err
		}
		w.Warnings = append(w.Warnings, warnings...)
		data = b.Bytes()
	}
	if out.o.Password == "" {
		return data, nil
	}
	return pdf.Encrypt(data, out.o.Password)
}
