package records

import (
	"os"
	"strings"
	"testing"
)

func TestSetFields(t *testing.T) {
	ended := []Field{{"status", "ended"}, {"ended", "2026-05-13"}}
	tests := []struct {
		name, in, want, err string
	}{
		{
			name: "replaces in place and keeps comments",
			in:   "---\nkind: agreement\nstatus: active   # since the meeting\ngoals:\n  - {id: a, text: A}\nended: 2026-01-01 # wrong\n---\nbody: status: active\n",
			want: "---\nkind: agreement\nstatus: ended   # since the meeting\ngoals:\n  - {id: a, text: A}\nended: 2026-05-13 # wrong\n---\nbody: status: active\n",
		},
		{
			name: "adds missing keys after the last one",
			in:   "---\nkind: agreement\nrecords:\n  retention: 6y\n  consent: 2026-01-07\n# a closing comment\n---\n\n## Body\n",
			want: "---\nkind: agreement\nrecords:\n  retention: 6y\n  consent: 2026-01-07\n# a closing comment\nstatus: ended\nended: 2026-05-13\n---\n\n## Body\n",
		},
		{
			name: "quoted values keep what follows them",
			in:   "---\nkind: agreement\nstatus: \"act\\\"ive\" # q\nended: 'it''s' # s\n---\n",
			want: "---\nkind: agreement\nstatus: ended # q\nended: 2026-05-13 # s\n---\n",
		},
		{
			name: "an empty value is filled",
			in:   "---\nkind: agreement\nstatus:\nended:   # later\n---\n",
			want: "---\nkind: agreement\nstatus: ended\nended: 2026-05-13   # later\n---\n",
		},
		{
			name: "old Mac line endings",
			in:   "---\rkind: agreement\rstatus: active # since\rgoals:\r  - {id: a, text: A}\r---\rbody\r",
			want: "---\rkind: agreement\rstatus: ended # since\rgoals:\r  - {id: a, text: A}\rended: 2026-05-13\r---\rbody\r",
		},
		{
			name: "windows line endings and unicode before the value",
			in:   "\ufeff---\r\nclient_name: Zoë\r\nstatus: active\r\n---\r\nbody\r\n",
			want: "\ufeff---\r\nclient_name: Zoë\r\nstatus: ended\r\nended: 2026-05-13\r\n---\r\nbody\r\n",
		},
		{
			name: "a nested key of the same name is not touched",
			in:   "---\ngoals:\n  - id: a\n    status: open\n---\n",
			want: "---\ngoals:\n  - id: a\n    status: open\nstatus: ended\nended: 2026-05-13\n---\n",
		},
		{name: "a list is not a scalar", in: "---\nstatus: [a, b]\n---\n", err: "edit it by hand"},
		{name: "a block is not one line", in: "---\nstatus: |\n  active\n---\n", err: "edit it by hand"},
		{name: "no frontmatter", in: "# notes\n", err: "no frontmatter"},
		{name: "unclosed", in: "---\nstatus: active\n", err: "no closing"},
		{name: "flow root", in: "---\n{status: active}\n---\n", err: "key: value lines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SetFields([]byte(tt.in), ended)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestCloseAgreement(t *testing.T) {
	data, err := os.ReadFile("../example-practice/clients/zoe-lukasiewicz/agreement.md")
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := Parse("clients/zoe-lukasiewicz/agreement.md", "zoe-lukasiewicz", data, false)
	a := rec.(*Agreement)

	out, err := CloseAgreement(a, data, MustDate("2027-05-27"))
	if err != nil {
		t.Fatal(err)
	}
	// Exactly one line changes and one is added; all else is byte for byte.
	in, got := splitLines(data), splitLines(out)
	if len(got) != len(in)+1 {
		t.Fatalf("got %d lines, want %d", len(got), len(in)+1)
	}
	changed := 0
	for i, j := 0, 0; i < len(in); i, j = i+1, j+1 {
		if string(got[j]) == "ended: 2027-05-27\n" {
			j++
		}
		if string(in[i]) != string(got[j]) {
			changed++
			if string(got[j]) != "status: ended\n" {
				t.Errorf("line %d changed to %q", j+1, got[j])
			}
		}
	}
	if changed != 1 {
		t.Errorf("%d lines changed, want 1", changed)
	}

	if _, err := CloseAgreement(a, data, MustDate("2026-11-19")); err == nil || !strings.Contains(err.Error(), "before the agreement's date 2026-11-20") {
		t.Errorf("early date: err = %v", err)
	}
	rec, _ = Parse(a.Path, a.Client, out, false)
	if _, err := CloseAgreement(rec.(*Agreement), out, MustDate("2027-06-01")); err == nil || !strings.Contains(err.Error(), "already ended on 2027-05-27") {
		t.Errorf("closing twice: err = %v", err)
	}
}
