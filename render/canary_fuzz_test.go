package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/render/pdf"
)

// Fragments FuzzPrivateCanary builds bodies from: the ways a coach (or
// someone probing) writes a private heading, the containers it may sit in,
// the blocks that may hold a secret under it, and line endings.
var (
	canaryHeadings = []string{
		"Private", "private", "PRIVATE:", "Private notes", "Private: coach only", "PRIVATE (coach only)", "**Private**",
		"*Pri*vate", "_Private_ notes", "`Private`", "[Private](https://e.example/)", "<b>Private</b>", "<!-- x -->Private",
		"Ｐｒｉｖａｔｅ", "ＰＲＩＶＡＴＥ：", "Pri\u00advate", "Pri&shy;vate", "Private\u00a0notes", "Private&nbsp;notes",
		"\u200bPrivate", "&#8203;Private", "\ufeffPrivate", "Priv\u2060ate", "Private\ufe0f", "\u202ePrivate\u202c",
		"&#80;rivate", "&#x50;rivate", "&#112;RIVATE", "\\*Private\\*", "Private ##", "(Private)", "\"Private\" notes",
		"Private…", "Private — do not share", "private-notes",
	}
	canaryContainers = []struct{ first, rest string }{
		{"", ""}, {"> ", "> "}, {"- ", "  "}, {"1. ", "   "}, {"- > ", "  > "}, {"> - ", ">   "}, {"> > ", "> > "},
		{"* ", "  "}, {"   ", "   "},
	}
	canaryBlocks = []string{
		"CANARY in a paragraph",
		"- CANARY in a list\n- more",
		"1. CANARY numbered",
		"| a | b |\n| - | - |\n| CANARY | x |",
		"```\nCANARY in a fence\n```",
		"~~~\nCANARY\n~~~",
		"<div>CANARY in html</div>",
		"> CANARY quoted",
		"**CANARY** _em_ ~~CANARY~~",
		"[link](https://canary.example/CANARY \"CANARY\")",
		"<https://canary.example/CANARY>",
		"https://canary.example/CANARY and canary@CANARY.example",
		"[r]: https://canary.example/CANARY \"CANARY title\"",
		"[r]: <https://canary.example/CANARY>\n[s]: https://canary.example/CANARY2",
		"![CANARY](https://canary.example/CANARY.png)",
		"- [ ] CANARY task",
		"CANARY hard  \nbreak",
		"CANARY before a rule\n\n***\n\nCANARY after it",
		"    CANARY indented code",
	}
	canaryEndings = []string{"\n", "\r\n", "\r"}
)

// FuzzPrivateCanary writes a canary under a private heading (any level,
// ATX or setext, in any container, in any kind of block, with any line
// endings, after shared text that may refer to a definition under it) and
// checks it never reaches the handout's HTML nor the blocks the PDF is drawn
// from, while the shared text after the section does.
func FuzzPrivateCanary(f *testing.F) {
	f.Add(uint8(0), uint8(1), uint8(0), uint8(0), uint8(0), uint8(0), "Notes we share")
	f.Add(uint8(6), uint8(0), uint8(1), uint8(12), uint8(2), uint8(2), "See the [guide][r] and [s]")
	f.Add(uint8(25), uint8(4), uint8(2), uint8(3), uint8(1), uint8(1), "Plenty said")
	f.Add(uint8(13), uint8(5), uint8(3), uint8(16), uint8(0), uint8(2), "x")
	f.Fuzz(func(t *testing.T, hi, level, ci, bi, ei, style uint8, shared string) {
		src, kept := canaryBody(int(hi), int(level), int(ci), int(bi), int(ei), int(style), shared)
		d := Parse([]byte(src))
		out, err := markdownHTML(d)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(string(out)), "canary") {
			t.Fatalf("the canary reached the HTML of %q:\n%s", src, out)
		}
		blocks := fmt.Sprintf("%+v", pdf.FromMarkdown(d.Source, d.Root))
		if strings.Contains(strings.ToLower(blocks), "canary") {
			t.Fatalf("the canary reached the PDF blocks of %q:\n%s", src, blocks)
		}
		if !strings.Contains(string(out), kept) {
			t.Fatalf("the shared text after the section is missing from %q:\n%s", src, out)
		}
	})
}

// canaryBody composes a body from the fragments, and returns it with the
// shared text written after the private section.
func canaryBody(hi, level, ci, bi, ei, style int, shared string) (string, string) {
	heading := canaryHeadings[hi%len(canaryHeadings)]
	c := canaryContainers[ci%len(canaryContainers)]
	block := canaryBlocks[bi%len(canaryBlocks)]
	nl := canaryEndings[ei%len(canaryEndings)]
	lvl := 1 + level%6
	// Shared text is a plain paragraph: no mark that could open a block
	// and swallow the heading (a fence, an HTML block, a table).
	shared = strings.Map(func(r rune) rune {
		if r == ' ' || r == '[' || r == ']' || r == ',' || r == '.' || (r > ' ' && r < 0x7f && (r|0x20 >= 'a' && r|0x20 <= 'z')) {
			return r
		}
		return -1
	}, shared)
	if strings.Contains(strings.ToLower(shared), "canary") || strings.TrimSpace(shared) == "" {
		shared = "Shared words"
	}
	var lines []string
	add := func(prefix, text string) {
		for _, l := range strings.Split(text, "\n") {
			lines = append(lines, strings.TrimRight(prefix+l, " "))
		}
	}
	lines = append(lines, "# Session", "", shared, "")
	switch {
	case style%3 == 1 && lvl <= 2 && !strings.HasPrefix(heading, "<"): // setext
		// (A line starting with an HTML comment opens an HTML block, so
		// it cannot be a setext heading's text.)
		add(c.first, heading)
		add(c.rest, map[int]string{1: "======", 2: "------"}[lvl])
	case style%3 == 2: // closing hashes
		add(c.first, strings.Repeat("#", lvl)+" "+heading+" "+strings.Repeat("#", lvl))
	default:
		add(c.first, strings.Repeat("#", lvl)+" "+heading)
	}
	add(c.rest, "")
	add(c.rest, block)
	add(c.rest, "")
	if lvl < 6 {
		add(c.rest, strings.Repeat("#", lvl+1)+" Deeper CANARY heading")
		add(c.rest, "")
		add(c.rest, "CANARY under the deeper heading")
		add(c.rest, "")
	}
	kept := "KEPT after the section"
	lines = append(lines, "")
	if strings.TrimSpace(c.first) == "" {
		// Not in a container: a heading of the same or a higher level
		// ends the section.
		lines = append(lines, strings.Repeat("#", 1+style%lvl)+" Next", "")
	}
	lines = append(lines, kept, "")
	return strings.Join(lines, nl), kept
}

// TestCanaryBodies runs every heading through every container and block,
// as the fuzz target's seed corpus would take long to.
func TestCanaryBodies(t *testing.T) {
	for hi := range canaryHeadings {
		for ci := range canaryContainers {
			for bi := range canaryBlocks {
				ei, level, style := (hi+bi)%3, (hi+ci)%6, (ci+bi)%3
				src, kept := canaryBody(hi, level, ci, bi, ei, style, "See [r] and [s][] and [guide][r]")
				d := Parse([]byte(src))
				out, err := markdownHTML(d)
				if err != nil {
					t.Fatal(err)
				}
				blocks := fmt.Sprintf("%+v", pdf.FromMarkdown(d.Source, d.Root))
				if strings.Contains(strings.ToLower(string(out)+blocks), "canary") || !strings.Contains(string(out), kept) {
					t.Fatalf("body %q:\nHTML %s\nPDF blocks %s", src, out, blocks)
				}
			}
		}
	}
}
