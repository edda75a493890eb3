package cmd

import (
	"strings"
	"testing"
	"time"

	"github.com/rapport-coach/rapport/records"
)

// TestWriteLogShowsControlCharacters checks that what a repository holds
// (authors, messages, paths) cannot drive the coach's terminal: escape
// sequences and carriage returns print as what they are.
func TestWriteLogShowsControlCharacters(t *testing.T) {
	e := records.HistoryEntry{
		Hash:    "0123456789abcdef",
		When:    time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		Author:  "Jo\x1b[2J Bloggs",
		Email:   "jo@example.org\r",
		Message: "Session 3\x1b]0;owned\x07\n\nfake line\rover it",
		Changes: []records.RecordChange{{Action: "added", Path: "clients/a/sessions/x\x1b[31m.md"}},
	}
	var b strings.Builder
	if err := writeLog(&b, []records.HistoryEntry{e}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, c := range []string{"\x1b", "\x07", "\r"} {
		if strings.Contains(out, c) {
			t.Errorf("the log prints %q raw:\n%q", c, out)
		}
	}
	for _, want := range []string{"Jo", "Session 3", "fake line", "x", ".md"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lost %q:\n%s", want, out)
		}
	}
}
