package body

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// FuzzUnlinked holds the shortcut of parsing without linkify to its promise:
// for any body mayLink clears, both configurations give the same HTML, but
// for spaces just before a line break. Linkify splits text at spaces, and
// goldmark then keeps one space before a hard break (two spaces at the end
// of a line) that it otherwise drops, as CommonMark says. A space at the end
// of a line shows neither on screen nor on paper.
func FuzzUnlinked(f *testing.F) {
	for _, s := range []string{
		"Plain notes.\n\n- one\n- two\n", "*emphasis* and (brackets) ~strike~", "| a | b |\n|---|---|\n| 1 | 2 |\n",
		"- [ ] draft the email\n", "He said \"it's done\" -- finally...", "ftp.example.org and wwwexample", "x@y", "see https://e.example",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// As tree reads a body: after Parse has normalised its line endings.
		src := normalize([]byte(s))
		if mayLink(src) {
			return
		}
		render := func(root ast.Node) string {
			var b bytes.Buffer
			if err := Markdown().Renderer().Render(&b, src, root); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
		full := render(Markdown().Parser().Parse(text.NewReader(src)))
		plain := render(unlinked().Parser().Parse(text.NewReader(src)))
		if spaceBeforeBreak.ReplaceAllString(full, "$1") != spaceBeforeBreak.ReplaceAllString(plain, "$1") {
			t.Fatalf("linkify changed %q although mayLink cleared it:\nwith:    %s\nwithout: %s", s, full, plain)
		}
	})
}

var spaceBeforeBreak = regexp.MustCompile(`[ \t]+(<br>|\n)`)
