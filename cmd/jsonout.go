package cmd

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/rapport-coach/rapport/records"
)

// writeJSON prints v as indented JSON for scripts and other tools, the way
// check --format json does: bidi and zero-width characters from the records
// come out as \u escapes, which read the same to a program and cannot
// disguise a name on screen.
func writeJSON(w io.Writer, v any) error {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", records.Visible(string(out)))
	return err
}

// jsonDate is a date as JSON: "YYYY-MM-DD", or null when it is not known.
func jsonDate(d records.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}
