package check_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRobust: every kind of broken file gets a clear finding of its own and
// never stops the other records being checked.
func TestRobust(t *testing.T) {
	s1 := base["s1"]
	tests := []struct {
		name string
		data string
		rule string // "" for a file that must read cleanly
		line int
	}{
		{"not utf-8", strings.Replace(s1, "Notes.", "Caf\xe9 au lait", 1), "file-unreadable", 13},
		{"no frontmatter", "Notes from the session, no frontmatter.\n", "frontmatter-missing", 1},
		{"unclosed frontmatter", "---\nkind: session\nnumber: 3\n", "frontmatter-missing", 1},
		{"yaml syntax error", strings.Replace(s1, "minutes: 60", "minutes: [60", 1), "frontmatter-syntax", 0},
		{"tab indentation", strings.Replace(s1, "  - {text", "\t- {text", 1), "frontmatter-syntax", 10},
		{"duplicate key", strings.Replace(s1, "minutes: 60", "minutes: 60\nminutes: 90", 1), "frontmatter-syntax", 6},
		{"empty", "", "frontmatter-missing", 1},
		{"only blank lines", "\n\n  \n", "frontmatter-missing", 1},
		{"byte-order mark", "\ufeff" + s1, "", 0},
		{"crlf line endings", strings.ReplaceAll(s1, "\n", "\r\n"), "", 0},
		{"bom and crlf", "\ufeff" + strings.ReplaceAll(s1, "\n", "\r\n"), "", 0},
		{"frontmatter is a list", "---\n- kind\n- session\n---\n", "field-type", 0},
		{"yaml alias", strings.Replace(s1, "next: 2026-01-28", "next: *x", 1), "frontmatter-syntax", 0},
		{"huge", s1 + strings.Repeat("All work and no play makes a long session.\n", 30<<20/43), "file-unreadable", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// the broken record replaces session 1; session 2 has a
			// problem of its own that must still be found
			dir := writePractice(t, edit{"s1", "", tt.data}, edit{"s2", "set_by: client", "set_by: coach"})
			got := checkAll(t, dir, "2026-02-04")
			var mine []string
			for _, p := range got {
				if p.Path == paths["s1"] {
					mine = append(mine, p.String())
					if p.Rule == tt.rule && tt.line > 0 && p.Line != tt.line {
						t.Errorf("%s reported on line %d, want %d: %s", tt.rule, p.Line, tt.line, p)
					}
				}
			}
			if !strings.Contains(list(got), paths["s2"]) || !strings.Contains(list(got), "action-set-by-coach") {
				t.Errorf("the other records were not checked:\n%s", list(got))
			}
			switch {
			case tt.rule == "" && len(mine) > 0:
				t.Errorf("the record should read cleanly, got:\n%s", strings.Join(mine, "\n"))
			case tt.rule != "" && !strings.Contains(strings.Join(mine, "\n"), "["+tt.rule+"]"):
				t.Errorf("want a %s finding for the record, got:\n%s", tt.rule, list(got))
			}
		})
	}
}

// TestSymlinkOutside: a record linked from outside the practice is refused
// with a finding, and the rest is checked.
func TestSymlinkOutside(t *testing.T) {
	dir := writePractice(t, edit{"s2", "set_by: client", "set_by: coach"})
	outside := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outside, []byte(base["s1"]), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, filepath.FromSlash("clients/alice-smith/sessions/2026-01-21-03.md"))
	if err := os.Symlink(outside, link); err != nil {
		t.Skip("symlinks not available:", err)
	}
	clientLink := filepath.Join(dir, "clients", "bob-jones")
	if err := os.Symlink(filepath.Dir(outside), clientLink); err != nil {
		t.Fatal(err)
	}
	got := list(checkAll(t, dir, "2026-02-04"))
	for _, want := range []string{
		"clients/alice-smith/sessions/2026-01-21-03.md:1:1: error: record is a link to " + filepath.ToSlash(outside) + " and is not read",
		"clients/bob-jones:1:1: error: client folder is a link to " + filepath.ToSlash(filepath.Dir(outside)) + " and is not read",
		"action-set-by-coach",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	}
}
