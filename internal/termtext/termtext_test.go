package termtext

import (
	"bytes"
	"testing"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"Alice Smith", 11},
		{"王秀英", 6},
		{"山田 太郎", 9},
		{"Ελένη", 5},
		{"Zoe\u0308", 3}, // e and a combining diaeresis
		{"김민준", 6},
		{"", 0},
	}
	for _, tt := range tests {
		if got := Width(tt.s); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"Alice Smith", 22, "Alice Smith"},
		{"Alexandra Konstantinopoulou-Smythe", 10, "Alexandra…"},
		{"王秀英王秀英王秀英", 7, "王秀英…"},
		{"王秀英", 6, "王秀英"},
	}
	for _, tt := range tests {
		got := Clip(tt.s, tt.n)
		if got != tt.want || Width(got) > tt.n {
			t.Errorf("Clip(%q, %d) = %q (%d columns), want %q", tt.s, tt.n, got, Width(got), tt.want)
		}
	}
}

func TestColumns(t *testing.T) {
	var b bytes.Buffer
	rows := [][]string{{"CLIENT", "NAME", "STATE"}, {"wang-xiuying", "王秀英", "active"}, {"al", "Alice Smith", "draft"}}
	if err := Columns(&b, rows, 2); err != nil {
		t.Fatal(err)
	}
	want := "CLIENT        NAME         STATE\n" +
		"wang-xiuying  王秀英       active\n" +
		"al            Alice Smith  draft\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestTerminalWidth(t *testing.T) {
	env := func(cols string) func(string) string {
		return func(k string) string {
			if k == "COLUMNS" {
				return cols
			}
			return ""
		}
	}
	tests := []struct {
		cols string
		want int
	}{
		{"", 80}, // not a terminal: the fallback
		{"60", 60},
		{"200", MaxWidth},
		{"10", MinWidth},
		{"wide", 80},
	}
	for _, tt := range tests {
		if got := TerminalWidth(env(tt.cols), &bytes.Buffer{}, 80); got != tt.want {
			t.Errorf("COLUMNS=%q: %d, want %d", tt.cols, got, tt.want)
		}
	}
}
