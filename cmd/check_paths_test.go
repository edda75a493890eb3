package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestCheckShowsPathsOnOneLine names records with a new line and with an
// escape sequence and expects check to show each path escaped, on the line
// of its problem, in every format, and JSON to give the real path back.
func TestCheckShowsPathsOnOneLine(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file names cannot hold control characters")
	}
	dir := newPractice(t)
	if code, _, stderr := run(t, dir, "new", "client", "Ann"); code != 0 {
		t.Fatalf("new client: %s", stderr)
	}
	names := []string{
		"x\nagreement.md:1:1: error: forged [goals-missing].md",
		"\x1b[2J\x1b]0;pwned\a.md",
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, "clients", "ann", n), []byte("---\nkind: session\nbogus: 1\n---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	line := regexp.MustCompile(`^clients/ann/[^\n]*:\d+:\d+: (error|warning|note): .* \[[a-z-]+\]$`)
	for _, args := range [][]string{{"check"}, {"check", "--explain"}} {
		_, stdout, _ := run(t, dir, args...)
		if strings.ContainsAny(stdout, "\x1b\a\r") {
			t.Errorf("%v printed a control character: %q", args, stdout)
		}
		if strings.Contains(stdout, "\nagreement.md:1:1: error: forged") {
			t.Errorf("%v printed a forged line:\n%s", args, stdout)
		}
		shown := map[string]bool{}
		for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
			if strings.HasPrefix(l, " ") || l == "" {
				continue // --explain's source lines and hints
			}
			if !line.MatchString(l) {
				t.Errorf("%v: not a problem line: %q", args, l)
			}
			for _, want := range []string{`clients/ann/x\nagreement.md:1:1: error: forged [goals-missing].md:`, `clients/ann/\u001b[2J\u001b]0;pwned\u0007.md:`} {
				if strings.HasPrefix(l, want) {
					shown[want] = true
				}
			}
		}
		if len(shown) != 2 {
			t.Errorf("%v does not show both escaped paths:\n%s", args, stdout)
		}
	}
	_, stdout, _ := run(t, dir, "check", "--format", "json")
	if strings.ContainsAny(stdout, "\x1b\a\r") {
		t.Errorf("json printed a control character: %q", stdout)
	}
	var ps []struct{ Path string }
	if err := json.Unmarshal([]byte(stdout), &ps); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	found := 0
	for _, p := range ps {
		for _, n := range names {
			if p.Path == "clients/ann/"+n {
				found++
			}
		}
	}
	if found < 2 {
		t.Errorf("json does not give both paths back exactly:\n%s", stdout)
	}
}

// TestStoredCase: a path typed in other capitals is named as stored, as a
// file system that ignores case opens it.
func TestStoredCase(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "clients", "alice-smith", "sessions"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, want string }{
		{"clients/alice-smith/sessions", "clients/alice-smith/sessions"},
		{"Clients/Alice-Smith/Sessions", "clients/alice-smith/sessions"},
		{"CLIENTS", "clients"},
		{".", "."},
		{"clients/nobody/x.md", "clients/nobody/x.md"},
	} {
		if got := storedCase(root, tt.in); got != tt.want {
			t.Errorf("storedCase(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
