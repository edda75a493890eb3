package render

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rapport-coach/rapport/records"
)

// Options say which of a client's handouts to write, and where.
type Options struct {
	Dest   string // the folder handouts go to; each client gets a sub-folder
	What   Kind   // one kind of handout, or "" for all of them
	N      int    // the session number for session and reflection handouts; 0 for the latest
	Strict bool   // refuse handouts made from records with errors
	Today  records.Date

	Layouts   *Layouts           // nil for the practice's own or the embedded layouts
	Revisions *records.Revisions // nil when the practice is not in git

	// Formats are the files each handout is written as; nil means HTML
	// only, as before PDFs existed. `rapport render` asks for
	// DefaultFormats, HTML and PDF.
	Formats []Format
	// PDFEngine lays out the PDF: EngineBuiltin or EngineChromium; "" means
	// the practice's handouts.pdf_engine.
	PDFEngine string
	// Printer is the browser the chromium engine prints through. A caller
	// writing many clients' handouts starts one (StartChromium) and passes
	// it to every call; when nil, a browser is started for this call only.
	Printer Printer
	// Password, when set, locks every PDF with it (AES-256). It never comes
	// from practice.yaml and is never written anywhere.
	Password string
	// LargePrint sets every handout in large print, whatever the
	// agreement's large_print says.
	LargePrint bool
}

// Written is one handout written to disk, in one or more formats.
type Written struct {
	Job      Job
	Path     string            // the first file written, usually the .html
	Paths    []string          // every file written, in the order of Options.Formats
	Problems []records.Problem // shown on screen in the handout; empty when clean
	// Warnings are about the PDF: characters its fonts could not draw.
	Warnings []string
}

// StrictError is a handout refused under Options.Strict because its records
// have errors.
type StrictError struct {
	ID       string
	Problems []records.Problem
}

// Error says which handout was refused and why.
func (e *StrictError) Error() string {
	return fmt.Sprintf("%s not written: its records have %s", e.ID, records.CountWords(len(e.Problems), "error"))
}

// Report is what ClientHandouts did.
type Report struct {
	Written []Written
	// Unread are errors in files that could not be read as records at all,
	// so no handout was made from them. The coach needs to hear about them:
	// a session that fails to parse would otherwise just be missing.
	Unread []records.Problem
}

// ClientHandouts writes one client's handouts in Dest/<client-id>/ as
// <id>.html and, when Options.Formats asks, <id>.pdf. It is what `rapport render`
// runs and what a whole-practice build runs per client. Only that client's
// folder is read. A handout that cannot be made does not stop the others;
// every error is returned, joined.
func ClientHandouts(p *records.Practice, id string, o Options) (Report, error) {
	var rep Report
	c, err := p.LoadClient(id, records.LoadOptions{Bodies: true})
	if err != nil {
		return rep, err
	}
	rep.Unread = Unread(c)
	jobs, err := Select(c, Plan(p, c, o.Today), o.What, o.N)
	if err != nil {
		return rep, err
	}
	g := NewGuard(p)
	for i := range jobs {
		jobs[i].Guard = g
		jobs[i].LargePrint = o.LargePrint
	}
	l := o.Layouts
	if l == nil {
		if l, err = LoadLayouts(p.Root); err != nil {
			return rep, err
		}
	}
	for i := range jobs {
		jobs[i].Catalogues = l.Catalogues
	}
	out, err := newOutput(p, o, l)
	if err != nil {
		return rep, err
	}
	defer out.close()
	var errs []error
	for _, job := range jobs {
		w, err := out.write(job)
		if len(w.Paths) > 0 {
			rep.Written = append(rep.Written, w)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return rep, errors.Join(errs...)
}

// Unread are the client's problems in files that did not become a record.
func Unread(c *records.Client) []records.Problem {
	known := map[string]bool{}
	for _, a := range c.Agreements {
		known[a.Path] = true
	}
	for _, s := range c.Sessions {
		known[s.Path] = true
	}
	for _, r := range c.Reflections {
		// A reflection whose author cannot be read is kept out of handouts
		// as if it were the coach's; the coach must hear of it, or the
		// client's own reflection would just go missing.
		known[r.Path] = r.Author == "client" || r.Author == "coach" || !r.Has("author")
	}
	var out []records.Problem
	for _, pr := range c.Problems {
		if pr.Severity == records.Error && !known[pr.Path] {
			out = append(out, pr)
		}
	}
	return out
}

// WriteHTML makes one handout and writes it atomically to
// dest/<client-id>/<id>.html, leaving any earlier file in place on failure.
func WriteHTML(job Job, l *Layouts, revs *records.Revisions, dest string, strict bool) (Written, error) {
	if job.Catalogues == nil {
		job.Catalogues = l.Catalogues
	}
	h, err := Make(job, revs)
	if err != nil {
		return Written{}, err
	}
	if strict && len(h.Problems) > 0 {
		return Written{}, &StrictError{ID: job.Client.ID + "/" + job.ID, Problems: h.Problems}
	}
	var b bytes.Buffer
	if err := HTML(&b, h, l); err != nil {
		return Written{}, err
	}
	dir := filepath.Join(dest, job.Client.ID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Written{}, err
	}
	path := filepath.Join(dir, job.ID+".html")
	if err := records.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return Written{}, fmt.Errorf("writing %s: %w", path, err)
	}
	return Written{Job: job, Path: path, Problems: h.Problems}, nil
}
