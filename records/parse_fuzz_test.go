package records

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds Parse arbitrary files. Whatever the bytes, it must not
// panic, and every problem must say where it is, what rule it breaks and
// what is wrong. Seeds are in testdata/fuzz/FuzzParse; run with
// go test -fuzz FuzzParse ./records.
func FuzzParse(f *testing.F) {
	f.Add([]byte("---\nkind: session\nnumber: 1\ndate: 2026-01-14\n---\nNotes.\n"))
	f.Add([]byte("---\nkind: agreement\ngoals:\n  - {id: a, text: b}\nrecords: {consent: 2026-01-07}\n---\n"))
	f.Add([]byte("\ufeff---\r\nkind: reflection\r\nauthor: client\r\n---\r\n"))
	f.Add([]byte("---\nkind: session\n\tnumber: 1\n---\n"))
	f.Add([]byte("---\nkind: session\nnumber: 1\nnumber: 2\n---\n"))
	f.Add([]byte("---\nkind: session\nnext: &a 2026-01-01\ndate: *a\n---\n"))
	f.Add([]byte("---\n"))
	f.Add([]byte(""))
	f.Add([]byte("\xff\xfe"))
	f.Add([]byte("---\rkind: session\rnumber: 1\r---\rNotes.\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, keep := range []bool{false, true} {
			rec, problems := Parse("clients/alice-smith/x.md", "alice-smith", data, keep)
			if rec == nil && len(problems) == 0 {
				t.Fatalf("no record and no problem for %q", data)
			}
			// Lines end at LF, CRLF or a CR alone, as an editor shows them.
			lines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") +
				strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r") + 1
			for _, p := range problems {
				if p.Rule == "" || p.Message == "" || p.Severity == "" {
					t.Errorf("incomplete problem %+v", p)
				}
				if p.Line < 1 || p.Line > lines+1 || p.Col < 1 {
					t.Errorf("problem out of the file (%d lines): %s", lines, p)
				}
				if !utf8.ValidString(p.Message) && utf8.Valid(data) {
					t.Errorf("message is not UTF-8: %q", p.Message)
				}
			}
		}
	})
}
