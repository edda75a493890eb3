package body

import "testing"

func TestPrivateHeading(t *testing.T) {
	tests := []struct {
		text  string
		extra []string
		want  bool
	}{
		{"Private", nil, true},
		{"private", nil, true},
		{"Private notes", nil, true},
		{"Private:", nil, true},
		{"private:", nil, true},
		{"PRIVATE (coach only)", nil, true},
		{"Private - coach only", nil, true},
		{"Private-notes", nil, true},
		{"  Private  ", nil, true},
		{"(Private)", nil, true},
		{"[PRIVATE]", nil, true},
		{"\"Private\"", nil, true},
		{"…private…", nil, true},
		{"Ｐｒｉｖａｔｅ", nil, true},                 // full-width letters
		{"Pri\u00advate", nil, true},           // soft hyphen
		{"Private\u00a0notes", nil, true},      // no-break space
		{"\u200bPrivate", nil, true},           // zero-width space
		{"Pri\u200dvate", nil, true},           // zero-width joiner
		{"\ufeffPrivate", nil, true},           // byte-order mark
		{"Priv\u2060ate", nil, true},           // word joiner
		{"Private\ufe0f", nil, true},           // variation selector
		{"\u202ePrivate\u202c", nil, true},     // bidi override
		{"\u2066Private\u2069", nil, true},     // bidi isolate
		{"Pri\u034fvate", nil, true},           // combining grapheme joiner
		{"\u3000Private", nil, true},           // ideographic space
		{"ＰＲＩＶＡＴＥ：", nil, true},                // full-width capitals and colon
		{"PRİVATE", nil, false},                // Turkish dotted İ folds to i + a mark: check flags it
		{"Privately held beliefs", nil, false}, // first word is "privately"
		{"Privacy", nil, false},                // the agreement's privacy section
		{"Notes (private)", nil, false},        // private is not the first word
		{"Рrivate", nil, false},                // Cyrillic Р: check flags it
		{"Privte", nil, false},                 // misspelt: check flags it
		{"", nil, false},                       // empty
		{"###", nil, false},                    // punctuation only
		{"Coach only", nil, false},             // not without the practice's word
		{"Coach only", []string{"coach only"}, true},
		{"COACH-ONLY: notes", []string{"coach only"}, true},
		{"Coach", []string{"coach only"}, false}, // a phrase matches whole
		{"Coaching only", []string{"coach only"}, false},
		{"Coach onlyish", []string{"coach only"}, false}, // whole words
		{"Ｃｏａｃｈ\u00a0only", []string{"Coach Only"}, true},
		{"Vertraulich", []string{"vertraulich"}, true},
		{"Private notes", []string{"coach only"}, true}, // private always stays
		{"Private", []string{""}, true},
	}
	for _, tt := range tests {
		if got := PrivateHeading(tt.text, tt.extra); got != tt.want {
			t.Errorf("PrivateHeading(%q, %q) = %v, want %v (words %q)", tt.text, tt.extra, got, tt.want, Words(tt.text))
		}
	}
}
