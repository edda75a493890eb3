package render

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// unsafeTags are elements a handout body must never produce: they run code,
// fetch something, or change how the rest of the page is read.
var unsafeTags = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"img": true, "svg": true, "math": true, "link": true, "meta": true, "base": true, "form": true, "button": true,
	"textarea": true, "select": true, "video": true, "audio": true, "source": true, "picture": true, "template": true,
	"noscript": true, "title": true, "html": true, "head": true, "body": true, "plaintext": true, "xmp": true,
}

// FuzzMarkdownHTML checks that, whatever a record's body holds, its HTML
// has no element that could run or fetch anything, no event handler, and no
// link but http, https and mailto: raw HTML and unsafe links are defused
// before any writer sees them.
func FuzzMarkdownHTML(f *testing.F) {
	for _, s := range []string{
		"<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "![a](https://t.example/p.gif)",
		"<a href=\"https://e.example\">x</a>", "- [x] done\n- [ ] open\n", "| a |\n|---|\n| <b>x</b> |\n", "<!-- c -->",
		"[a][r]\n\n[r]: data:text/html,x", "<javascript:alert(1)>", "www.example.org", "`<script>`", "<details open ontoggle=x>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := markdownHTML(Parse([]byte(s)))
		if err != nil {
			t.Fatal(err)
		}
		z := html.NewTokenizer(bytes.NewReader([]byte(out)))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				if z.Err() != io.EOF {
					t.Fatalf("HTML does not parse: %v", z.Err())
				}
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if unsafeTags[tok.Data] {
				t.Fatalf("<%s> in the HTML of %q:\n%s", tok.Data, s, out)
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"), key == "src", key == "srcset", key == "style" && strings.Contains(strings.ToLower(a.Val), "url("):
					t.Fatalf("%s=%q on <%s> in the HTML of %q:\n%s", a.Key, a.Val, tok.Data, s, out)
				case key == "href" && !SafeURL(a.Val):
					t.Fatalf("a link to %q in the HTML of %q:\n%s", a.Val, s, out)
				}
			}
			if tok.Data == "input" {
				// A task item's box is drawn, not a form field: a handout
				// has nothing to submit.
				t.Fatalf("an input in the HTML of %q:\n%s", s, out)
			}
		}
	})
}

// TestLinkifyStillLinks checks that the shortcut is not taken where linkify
// has work to do.
func TestLinkifyStillLinks(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"Notes at https://notes.example/ana today", `href="https://notes.example/ana"`},
		{"Read www.example.org first", `href="http://www.example.org"`},
		{"Write to ana@example.org soon", `href="mailto:ana@example.org"`},
	} {
		out, err := markdownHTML(Parse([]byte(c.src)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), c.want) {
			t.Errorf("%q rendered as %s, want it to contain %s", c.src, out, c.want)
		}
	}
}
