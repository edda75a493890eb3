package records

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestIsHandoverPath(t *testing.T) {
	tests := []struct {
		rel  string
		want bool
	}{
		{"clients/ann/to-hand-over/2026-02-04-03.md", true},
		{"clients/ann/To-Hand-Over/2026-02-04-03.md", true},
		{"coaching/clients/ann/to-hand-over/x.md", true},
		{`clients\ann\to-hand-over\x.md`, true},
		{"clients/ann/sessions/../to-hand-over/x.md", true},
		{"clients/ann/sessions/2026-02-04-03.md", false},
		{"clients/to-hand-over/x.md", false},
		{"to-hand-over/x.md", false},
	}
	for _, tt := range tests {
		if got := IsHandoverPath(tt.rel); got != tt.want {
			t.Errorf("IsHandoverPath(%q) = %v, want %v", tt.rel, got, tt.want)
		}
	}
}

func TestReducedSessionKeepsOnlyWhatIsAllowed(t *testing.T) {
	s := &Session{Number: 3, Date: MustDate("2026-02-04"), Minutes: 60, Billing: "paid", Format: "individual",
		Goals: []string{"speak-up", "x: y"}, Next: MustDate("2026-02-18"),
		Actions: []Action{{Text: "Ask Graham for feedback", Status: "open"}}}
	data, kept, err := ReducedSession(s, MustDate("2026-02-05"))
	if err != nil {
		t.Fatal(err)
	}
	rec, problems := parse("clients/ann/sessions/2026-02-04-03.md", "ann", data, keepAll)
	if len(problems) > 0 {
		t.Fatalf("the reduced record does not read back: %v\n%s", problems, data)
	}
	got := rec.(*Session)
	if !got.IsHandedOver() || got.Number != 3 || got.Minutes != 60 || got.Next != s.Next ||
		got.HandedOver != MustDate("2026-02-05") || got.HandoutGiven != MustDate("2026-02-05") || len(got.Goals) != 2 || got.Goals[1] != "x: y" {
		t.Errorf("reduced session reads back as %+v\n%s", got, data)
	}
	if !strings.Contains(string(data), "\ndate: 2026-02-04\n") || !strings.Contains(string(data), "\nhanded_over: 2026-02-05\n") {
		t.Errorf("dates are not written plain:\n%s", data)
	}
	if strings.Contains(string(data), "Graham") {
		t.Errorf("the reduced record keeps an action:\n%s", data)
	}
	if want := "number 3, date 2026-02-04, 60 minutes, paid, individual, goals speak-up, x: y, next 2026-02-18, handout given 2026-02-05, handed over 2026-02-05"; strings.Join(kept, ", ") != want {
		t.Errorf("kept = %q", strings.Join(kept, ", "))
	}
}

// rapport's own commits never take a client's notes waiting for handover,
// whatever .gitignore says.
func TestCommitRefusesHandoverNotes(t *testing.T) {
	dir := t.TempDir()
	repo, err := InitRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(dir, "clients", "ann", "To-Hand-Over", "2026-01-14-01.md")
	if err := os.MkdirAll(filepath.Dir(notes), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(notes, []byte("---\nkind: session\n---\nSECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = repo.Commit([]string{notes}, "notes", "Jo", "jo@example.org", time.Date(2026, 1, 14, 9, 0, 0, 0, time.UTC))
	if !errors.Is(err, ErrHandoverNotes) {
		t.Fatalf("Commit of notes waiting for handover: %v, want ErrHandoverNotes", err)
	}
	if h, err := repo.Head(); err == nil {
		t.Errorf("a commit was made: %s", h.Hash())
	}
}
