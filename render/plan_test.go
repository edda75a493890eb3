package render

import (
	"errors"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
)

func TestPlanAndSelect(t *testing.T) {
	p := openPractice(t, copyPractice(t, "../example-practice"))
	c, err := p.LoadClient("eleni-papadopoulou", records.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	jobs := Plan(p, c, exampleToday)
	var ids []string
	for _, j := range jobs {
		ids = append(ids, j.ID)
	}
	want := "agreement session-01 session-02 session-03 session-04 reflection-01 reflection-02 reflection-03 reflection-04 progress privacy"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("Plan = %s\nwant   %s", got, want)
	}
	for _, j := range jobs {
		if j.Reflection != nil && j.Reflection.IsPrivate() {
			t.Errorf("%s plans a coach reflection", j.ID)
		}
		if j.Kind == KindProgress && j.Today != exampleToday {
			t.Errorf("progress does not depend on today")
		}
		if j.Kind == KindSession && !strings.Contains(strings.Join(j.Sources, " "), "agreement.md") {
			t.Errorf("%s does not depend on the agreement: %v", j.ID, j.Sources)
		}
	}

	tests := []struct {
		what    Kind
		n       int
		want    string
		wantErr string
	}{
		{"", 0, "agreement", ""},
		{KindSession, 0, "session-04", ""},
		{KindSession, 2, "session-02", ""},
		{KindReflection, 0, "reflection-04", ""},
		{KindReflection, 3, "reflection-03", ""},
		{KindPrivacy, 0, "privacy", ""},
		{KindSession, 9, "", "no session for session 9"},
	}
	for _, tt := range tests {
		got, err := Select(c, jobs, tt.what, tt.n)
		if tt.wantErr != "" {
			var nf *NotFoundError
			if !errors.As(err, &nf) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Select(%s, %d) err = %v, want %q", tt.what, tt.n, err, tt.wantErr)
			}
			continue
		}
		if err != nil || len(got) == 0 || got[0].ID != tt.want {
			t.Errorf("Select(%s, %d) = %v, %v; want %s first", tt.what, tt.n, got, err, tt.want)
		}
	}
}
