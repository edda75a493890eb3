package cmd

import (
	"slices"
	"testing"
)

// TestEditorCommand: $EDITOR is split as a shell splits words, without a
// shell's expansions or operators.
func TestEditorCommand(t *testing.T) {
	tests := []struct {
		value, goos string
		want        []string
		fails       bool
	}{
		{"vim", "linux", []string{"vim"}, false},
		{"code --wait", "linux", []string{"code", "--wait"}, false},
		{"  nano  ", "linux", []string{"nano"}, false},
		{`"/opt/My Editor/edit" --wait`, "linux", []string{"/opt/My Editor/edit", "--wait"}, false},
		{`'/opt/My Editor/edit' -n`, "darwin", []string{"/opt/My Editor/edit", "-n"}, false},
		{`/opt/My\ Editor/edit`, "linux", []string{"/opt/My Editor/edit"}, false},
		{`subl -n -w --title "Client notes"`, "darwin", []string{"subl", "-n", "-w", "--title", "Client notes"}, false},
		{`$HOME/bin/ed`, "linux", []string{"$HOME/bin/ed"}, false},
		{"`rm -rf x`", "linux", nil, true},
		{"vim $(rm -rf x)", "linux", nil, true},
		{`"C:\Program Files\Notepad++\notepad++.exe" -multiInst`, "windows", []string{`C:\Program Files\Notepad++\notepad++.exe`, "-multiInst"}, false},
		{`C:\Windows\notepad.exe`, "windows", []string{`C:\Windows\notepad.exe`}, false},
		{"", "linux", []string{}, false},
		{`"/opt/unclosed --wait`, "linux", nil, true},
		{"vim; rm -rf ~", "linux", nil, true},
		{"vim | tee x", "linux", nil, true},
		{"vim > out", "linux", nil, true},
	}
	for _, tt := range tests {
		got, err := editorCommand(tt.value, tt.goos)
		if (err != nil) != tt.fails {
			t.Errorf("editorCommand(%q, %s) error = %v, want failure %v", tt.value, tt.goos, err, tt.fails)
			continue
		}
		if !tt.fails && !slices.Equal(got, tt.want) {
			t.Errorf("editorCommand(%q, %s) = %q, want %q", tt.value, tt.goos, got, tt.want)
		}
	}
}
