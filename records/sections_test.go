package records

import (
	"reflect"
	"testing"
)

func TestBodySections(t *testing.T) {
	type sec struct {
		level   int
		heading string
		text    string
		private bool
	}
	for _, c := range []struct {
		name string
		body string
		want []sec
	}{
		{"intro and headings", "Hello.\n\n## What we discussed\n\nA lot.\n\n## Next time\nSoon\n",
			[]sec{{0, "", "Hello.", false}, {2, "What we discussed", "A lot.", false}, {2, "Next time", "Soon", false}}},
		{"private runs to the next heading of its level", "## Notes\nshared\n## Private\nmine\n### Detail\nstill mine\n## Next time\nshared again\n",
			[]sec{{2, "Notes", "shared", false}, {2, "Private", "mine", true}, {3, "Detail", "still mine", true}, {2, "Next time", "shared again", false}}},
		{"private at any level, any case", "# Session\n### PRIVATE ###\nmine\n## Actions\nyours\n",
			[]sec{{1, "Session", "", false}, {3, "PRIVATE", "mine", true}, {2, "Actions", "yours", false}}},
		{"a higher heading ends private", "### Private\nmine\n# Top\nyours\n",
			[]sec{{3, "Private", "mine", true}, {1, "Top", "yours", false}}},
		{"headings in code are text", "## Code\n```\n# not a heading\n```\n",
			[]sec{{2, "Code", "```\n# not a heading\n```", false}}},
		{"not headings", "#hashtag\n    # indented code\n", []sec{{0, "", "#hashtag\n    # indented code", false}}},
		{"empty", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []sec
			for _, s := range BodySections([]byte(c.body)) {
				got = append(got, sec{s.Level, s.Heading, s.Text, s.Private})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestSectionNamed(t *testing.T) {
	secs := BodySections([]byte("## What I learned\na\n## My targets before next time\n- b\n"))
	if s := SectionNamed(secs, "my targets before NEXT time"); s == nil || s.Text != "- b" {
		t.Errorf("SectionNamed = %+v, want the targets", s)
	}
	if s := SectionNamed(secs, "Private"); s != nil {
		t.Errorf("SectionNamed(Private) = %+v, want nil", s)
	}
}
