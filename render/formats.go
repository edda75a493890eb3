package render

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rapport-coach/rapport/records"
)

// Formats are the formats this renderer can write a document in. The
// portfolio and the export ask for what is here, so a new writer is one
// more name here and one more case in writeAs.
func Formats() []string { return []string{"html", "pdf"} }

// writeAs writes h in one format. PDFs come from the builtin engine; a
// character its fonts lack is printed as "?" (ClientHandouts reports them).
func writeAs(format string, w *bytes.Buffer, h *Handout, l *Layouts) error {
	switch format {
	case "html":
		return HTML(w, h, l)
	case "pdf":
		_, err := PDF(w, h)
		return err
	}
	return fmt.Errorf("rapport cannot write %s documents yet; it can write %s", format, strings.Join(Formats(), " and "))
}

// WriteAlso writes the handouts a report lists again in each of formats
// other than HTML, beside their HTML files, so that a command asking for
// "every format there is" gets each without knowing which exist. It is a
// no-op while HTML is the only format.
func WriteAlso(rep Report, l *Layouts, revs *records.Revisions, formats []string) ([]string, error) {
	var written []string
	var errs []error
	for _, f := range formats {
		if f == "html" {
			continue
		}
		for _, w := range rep.Written {
			h, err := Make(w.Job, revs)
			if err != nil {
				return written, err
			}
			var b bytes.Buffer
			if err := writeAs(f, &b, h, l); err != nil {
				// One handout refused (by the leak guard, say) does not
				// keep the others from being written.
				errs = append(errs, fmt.Errorf("%s/%s.%s: %w", w.Job.Client.ID, w.Job.ID, f, err))
				continue
			}
			path := strings.TrimSuffix(w.Path, filepath.Ext(w.Path)) + "." + f
			if _, err := os.Stat(path); err == nil {
				continue // the renderer wrote this format itself
			}
			if err := records.WriteFile(path, b.Bytes(), 0o644); err != nil {
				return written, fmt.Errorf("writing %s: %w", path, err)
			}
			written = append(written, path)
		}
	}
	return written, errors.Join(errs...)
}
