package cmd

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEraseConfirmation covers the question asked on a terminal, which the
// scripts cannot reach: only the client's id, typed out, erases.
func TestEraseConfirmation(t *testing.T) {
	tests := []struct {
		typed  string
		erased bool
	}{
		{"alice-smith\n", true},
		{"  alice-smith  \n", true},
		{"alice\n", false},
		{"yes\n", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSpace(tt.typed), func(t *testing.T) {
			dir := t.TempDir()
			write := func(rel, data string) {
				full := filepath.Join(dir, rel)
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("practice.yaml", "name: Test\n")
			write("clients/alice-smith/agreement.md", "---\nkind: agreement\n---\n")
			var out, errs bytes.Buffer
			a := &App{Stdin: strings.NewReader(tt.typed), Stdout: &out, Stderr: &errs,
				Getenv: func(string) string { return "" }, Getwd: func() (string, error) { return dir, nil }}
			err := runErase(a, &eraseOptions{client: "alice-smith", interactive: func(io.Reader) bool { return true }})
			if !strings.Contains(errs.String(), "type the client's id (alice-smith) to confirm") {
				t.Errorf("no question asked: %q", errs.String())
			}
			_, statErr := os.Stat(filepath.Join(dir, "clients/alice-smith"))
			gone := errors.Is(statErr, fs.ErrNotExist)
			if gone != tt.erased {
				t.Errorf("erased = %v, want %v (err %v)", gone, tt.erased, err)
			}
			if !tt.erased && (err == nil || !strings.Contains(err.Error(), "not confirmed")) {
				t.Errorf("err = %v, want not confirmed", err)
			}
			if tt.erased && !strings.Contains(out.String(), "the practice is not in git, so no history holds the records") {
				t.Errorf("output: %q", out.String())
			}
		})
	}
}
