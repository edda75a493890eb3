package guard

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello,  World!", "hello world"},
		{"don’t “quote” me — please", "don t quote me please"},
		{"don't \"quote\" me - please", "don t quote me please"},
		{"no\u00a0break\u2009thin\u3000ideographic", "no break thin ideographic"},
		{"soft\u00adhyphen zero\u200bwidth join\u200dner", "softhyphen zerowidth joinner"},
		{"ＦＵＬＬ ｗｉｄｔｈ", "full width"},
		{"STRASSE Straße", "strasse strasse"},
		{"ﬁne ligature", "fine ligature"},
		{"alice@example.org", "alice example org"},
		{"tab\there\nnewline\r\nend", "tab here newline end"},
		{"", ""},
		{" ,.; ", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

const secret = "She is worried her manager will find out about the tribunal claim."

func passages(t *testing.T, allow ...string) *Passages {
	t.Helper()
	p := NewPassages(allow...)
	p.Add(secret, Source{Path: "clients/ann/sessions/s.md", Line: 14, What: "a Private section"}, nil)
	p.Add("Too short to matter.", Source{Path: "clients/ann/sessions/s.md", Line: 15}, nil)
	p.Add("I would like to see what we can do with it.", Source{Path: "clients/ann/sessions/s.md", Line: 16}, nil)
	p.AddWhole("https://secret.example/tribunal", Source{Path: "clients/ann/sessions/s.md", Line: 17, What: "a Private section"})
	return p
}

func TestPassages(t *testing.T) {
	p := passages(t)
	tests := []struct {
		name, html string
		hit        bool
	}{
		{"verbatim", "<p>" + secret + "</p>", true},
		{"upper case", "<p>" + strings.ToUpper(secret) + "</p>", true},
		{"other whitespace", "<p>She   is\nworried\u00a0her manager will find out about the tribunal claim</p>", true},
		{"split by inline tags", "<p>She is <em>worried</em> her man<strong>ager</strong> will find out about the tribunal claim.</p>", true},
		{"entities", "<p>She is worried her manager will find out about the &#116;ribunal claim.</p>", true},
		{"soft hyphens", "<p>She is wor\u00adried her manager will find out about the tribunal claim.</p>", true},
		{"inside a longer text", "<p>Notes. " + secret + " More notes.</p>", true},
		{"in an attribute", `<p title="` + secret + `">x</p>`, true},
		{"in a comment", "<!-- " + secret + " -->", true},
		{"in a style sheet", `<STYLE>p::after { content: "` + secret + `" }</style>`, true},
		{"link target", `<a href="https://secret.example/tribunal">a link</a>`, true},
		{"link target with other case", `<a href="HTTPS://Secret.Example/Tribunal">a link</a>`, true},
		{"a part only", "<p>She is worried her manager will find out.</p>", false},
		{"split across blocks", "<p>She is worried her</p><p>manager will find out about the tribunal claim.</p>", true},
		{"joined to a word", "<p>She is worried her manager will find out about the tribunal claimant.</p>", false},
		{"short fragment", "<p>Too short to matter.</p>", false},
		{"common phrase", "<p>I would like to see what we can do with it.</p>", false},
		{"nothing", "<p>Ask one question on Monday.</p>", false},
	}
	for _, tt := range tests {
		var shown, held Text
		HTML([]byte(tt.html), &shown, &held, nil)
		hit := p.Find(shown.Bytes())
		if hit == nil {
			hit = p.Find(held.Bytes())
		}
		if (hit != nil) != tt.hit {
			t.Errorf("%s: hit = %v, want %v (shown %q, held %q)", tt.name, hit, tt.hit, shown.Bytes(), held.Bytes())
			continue
		}
		if hit != nil && (hit.Path != "clients/ann/sessions/s.md" || hit.Line < 14 || hit.Line > 17) {
			t.Errorf("%s: hit names %s:%d", tt.name, hit.Path, hit.Line)
		}
	}
}

func TestPassagesLongSentence(t *testing.T) {
	long := "We spent most of the hour on the restructuring, the redundancy list she has seen, " +
		"her fear of being next, and how little she sleeps since the board meeting in March."
	p := NewPassages()
	p.Add(long, Source{Path: "r.md", Line: 3}, nil)
	if p.Len() < 2 {
		t.Fatalf("a %d-word sentence made %d runs, want it cut into several", len(strings.Fields(long)), p.Len())
	}
	var text Text
	text.Add("her fear of being next, and how little she sleeps since the board meeting in March.")
	if p.Find(text.Bytes()) == nil {
		t.Errorf("the second half of a long sentence was not found")
	}
}

func TestPassagesLines(t *testing.T) {
	p := NewPassages()
	text := "First sentence is long enough to count here.\nSecond sentence names the tribunal claim again."
	p.Add(text, Source{Path: "r.md", Line: 10}, func(off int) int { return 10 + strings.Count(text[:off], "\n") })
	var out Text
	out.Add("Second sentence names the tribunal claim again")
	hit := p.Find(out.Bytes())
	if hit == nil || hit.Line != 11 {
		t.Fatalf("hit = %+v, want line 11", hit)
	}
}

func TestPassagesAllow(t *testing.T) {
	goal := "Speak up with confidence in leadership meetings every week"
	p := NewPassages(goal)
	p.Add(goal+".", Source{Path: "r.md", Line: 1}, nil)
	var out Text
	out.Add(goal)
	if hit := p.Find(out.Bytes()); hit != nil {
		t.Errorf("a private passage that is the client's own goal refused the handout: %+v", hit)
	}
}

func TestNames(t *testing.T) {
	src := func(path string) Source { return Source{Path: path, Line: 3, What: "another client's name"} }
	n, err := NewNames([]Name{
		{Text: "Ann Lee", Owner: "ann", Source: src("clients/ann/agreement.md")},
		{Text: "ann.lee@example.org", Owner: "ann", Source: src("clients/ann/agreement.md")},
		{Text: "Bob Jones", Owner: "bob", Source: src("clients/bob/agreement.md")},
		{Text: "bob@example.com", Owner: "bob", Source: src("clients/bob/agreement.md")},
		{Text: "bob.jones@example.com", Owner: "bob", Source: Source{Path: "clients/bob/agreement.md", Line: 5}},
		{Text: "May", Owner: "may", Source: src("clients/may/agreement.md")},
		{Text: "Mary Ann Lee", Owner: "mary", Source: src("clients/mary/agreement.md")},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, owner, html string
		allow             []string
		want              string // the path named, or "" for no hit
	}{
		{"another client's name", "ann", "<p>I met Bob Jones.</p>", nil, "clients/bob/agreement.md"},
		{"in capitals, across a tag", "ann", "<p>BOB <b>JONES</b></p>", nil, "clients/bob/agreement.md"},
		{"with a no-break space", "ann", "<p>Bob\u00a0Jones</p>", nil, "clients/bob/agreement.md"},
		{"e-mail in a link", "ann", `<a href="mailto:bob@example.com">write</a>`, nil, "clients/bob/agreement.md"},
		{"e-mail with entities", "ann", "<p>bob&#64;example&#46;com</p>", nil, "clients/bob/agreement.md"},
		{"own name", "bob", "<p>Bob Jones, bob@example.com</p>", nil, ""},
		{"given name alone", "ann", "<p>Bob said hello.</p>", nil, ""},
		{"one-word name is a word", "ann", "<p>We may meet in May.</p>", nil, ""},
		{"part of a longer word", "ann", "<p>Bob Jonesy</p>", nil, ""},
		{"within the client's own longer name", "mary", "<p>Mary Ann Lee</p>", []string{"Mary Ann Lee"}, ""},
		{"after the client's own name", "ann", "<p>Ann Lee and then, later, Bob Jones</p>", nil, "clients/bob/agreement.md"},
		{"address holding a name", "ann", "<p>bob.jones@example.com</p>", nil, "clients/bob/agreement.md"},
		{"another client beside it", "mary", "<p>Mary Ann Lee met Ann Lee.</p>", []string{"Mary Ann Lee"}, "clients/ann/agreement.md"},
	}
	for _, tt := range tests {
		var shown, held Text
		HTML([]byte(tt.html), &shown, &held, nil)
		hit := n.Find(shown.Bytes(), tt.owner, tt.allow)
		if hit == nil {
			hit = n.Find(held.Bytes(), tt.owner, tt.allow)
		}
		got := ""
		if hit != nil {
			got = hit.Path
			if strings.Contains(tt.html, "bob.jones@") && hit.Line != 5 {
				t.Errorf("%s: named line %d, the name's, not the address's", tt.name, hit.Line)
			}
		}
		if got != tt.want {
			t.Errorf("%s: hit %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestHTMLText(t *testing.T) {
	var shown, held Text
	HTML([]byte(`<!doctype html><title>T</title><STYLE>p { content: "CSS" }</style><p>wo<em>rd</em> two<br>three</p><img alt="Alt text" src="x.png"><a href="https://a.example/b?c=d" title="Tip">e</a>`), &shown, &held, nil)
	if got, want := string(shown.Bytes()), " t word two three e "; got != want {
		t.Errorf("shown = %q, want %q", got, want)
	}
	if got, want := string(held.Bytes()), " p content css alt text x png https a example b c d tip "; got != want {
		t.Errorf("held = %q, want %q", got, want)
	}
}
