package pdf

import (
	"bytes"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// taggedDoc is the session handout with every block type, a checklist and
// a table long enough to run onto a second page, so that its header is
// drawn twice.
func taggedDoc(t *testing.T) *Document {
	d := sessionDoc(t, "A4")
	d.Lang = "pl"
	check := Table{Header: []Text{Plain("What you will do"), Plain("By")}, Checklist: true,
		Rows:   [][]Text{{Plain("Ask one question"), Plain("11 Feb")}, {Plain("Book the room"), Plain("18 Feb")}},
		Ticked: []bool{false, true}}
	long := Table{Header: []Text{Plain("Meeting"), Plain("When")}}
	for range 60 {
		long.Rows = append(long.Rows, []Text{Plain("row"), Plain("4 Feb")})
	}
	d.Blocks = append(d.Blocks, Paragraph{Text: Text{{Text: "Date  ", Style: Bold}, {Text: "______________"}}},
		Heading{Level: 2, Text: Plain("Your checklist")}, check,
		Heading{Level: 3, Outline: 2, Text: Plain("Sessions so far")}, long)
	return d
}

// TestTaggedStructure reads the structure tree of a handout back with
// pdfcpu, as a screen reader would walk it: the document's language and
// title, its headings, paragraphs, lists, tables with header cells and tick
// boxes that say whether they are ticked, in the order they are read, with
// every page's marked content accounted for and the footer left out.
func TestTaggedStructure(t *testing.T) {
	data := render(t, taggedDoc(t), "tagged.pdf")
	ctx, err := api.ReadContext(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	if err := api.ValidateContext(ctx); err != nil {
		t.Fatalf("pdfcpu finds the tagged file invalid: %v", err)
	}
	x := ctx.XRefTable
	cat, err := x.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if lang, _ := x.Dereference(cat["Lang"]); !sameString(lang, "pl") {
		t.Errorf("/Lang = %v, want pl", lang)
	}
	mark, _ := x.DereferenceDict(cat["MarkInfo"])
	if v, _ := mark["Marked"].(types.Boolean); !bool(v) {
		t.Errorf("/MarkInfo = %v, want /Marked true", mark)
	}
	prefs, _ := x.DereferenceDict(cat["ViewerPreferences"])
	if v, _ := prefs["DisplayDocTitle"].(types.Boolean); !bool(v) {
		t.Errorf("/ViewerPreferences = %v, want /DisplayDocTitle true: the title, not the file name, in the window", prefs)
	}
	if _, ok := cat["Metadata"]; !ok {
		t.Error("no XMP metadata with the title")
	}
	root, err := x.DereferenceDict(cat["StructTreeRoot"])
	if err != nil || root == nil {
		t.Fatalf("no structure tree: %v", err)
	}

	// Walk the tree in reading order.
	var roles []string
	var boxes []string
	mcids := map[[2]int]int{} // page object, MCID -> times referenced
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		if depth > 50 {
			t.Fatal("structure tree deeper than 50")
		}
		if ref, ok := o.(types.IndirectRef); ok {
			o, _ = x.Dereference(ref)
		}
		switch v := o.(type) {
		case types.Array:
			for _, k := range v {
				walk(k, depth)
			}
		case types.Dict:
			switch v.NameEntry("Type") {
			case nil:
			default:
				if *v.NameEntry("Type") == "MCR" {
					pg, _ := v["Pg"].(types.IndirectRef)
					n, _ := v["MCID"].(types.Integer)
					mcids[[2]int{pg.ObjectNumber.Value(), int(n)}]++
					return
				}
				if *v.NameEntry("Type") == "OBJR" {
					return
				}
			}
			s := v.NameEntry("S")
			if s == nil {
				t.Fatalf("a structure element without /S: %v", v)
			}
			roles = append(roles, strings.Repeat(" ", depth)+*s)
			if *s == "Lbl" {
				if at, ok := v["ActualText"]; ok {
					txt, _ := types.StringOrHexLiteral(at)
					if txt != nil {
						boxes = append(boxes, *txt)
					}
				}
			}
			if *s == "TH" {
				a, _ := x.DereferenceDict(v["A"])
				if a.NameEntry("Scope") == nil {
					t.Errorf("a header cell without /Scope")
				}
			}
			walk(v["K"], depth+1)
		}
	}
	walk(root["K"], 0)
	tree := strings.Join(roles, "\n")
	for _, want := range []string{
		"Document\n H1\n Table\n  TR\n   TH\n   TD", // the title, then the terms
		"H2\n P",                                                                    // a heading of the notes and its text
		"BlockQuote\n  P",                                                           // the quote
		"L\n  LI\n   Lbl\n   LBody\n    P\n  LI", "   LBody\n    P\n    L\n     LI", // a task list with a nested list
		"Code", "Link", "Div\n  H3\n  P", // code, links, the reflection form
		"H2\n Table\n  TR\n   TH\n   TH\n  TR\n   TD\n    Lbl\n   TD", // the checklist: a tick box read first
	} {
		if !strings.Contains(tree, want) {
			t.Errorf("the structure tree has no\n%s\nin\n%s", want, tree)
		}
	}
	if strings.Contains(tree, "H3\n Table") {
		t.Error("a heading drawn small is read as level 3, not as the second level it is")
	}
	if got := strings.Count(tree, "TH"); got != 4+3+2+2 {
		t.Errorf("%d header cells, want 11: the terms' 4 labels, the notes' table's 3 columns and two tables' 2 (a header repeated on a new page is read once)", got)
	}
	// The notes' task list, then the checklist.
	if want := []string{"to do", "done", "to do", "to do", "done"}; !slices.Equal(boxes, want) {
		t.Errorf("tick boxes read as %q, want %q", boxes, want)
	}

	// Every MCID of every page's parent-tree array is referenced once.
	pages, _ := x.DereferenceDict(root["ParentTree"])
	nums, _ := x.DereferenceArray(pages["Nums"])
	if len(nums) == 0 {
		t.Fatal("an empty parent tree")
	}
	for i := 1; i <= ctx.PageCount; i++ {
		pd, ref, _, err := x.PageDict(i, false)
		if err != nil {
			t.Fatal(err)
		}
		if sp, ok := pd["StructParents"].(types.Integer); !ok || int(sp) != i-1 {
			t.Errorf("page %d: /StructParents %v, want %d", i, pd["StructParents"], i-1)
		}
		if tabs := pd.NameEntry("Tabs"); tabs == nil || *tabs != "S" {
			t.Errorf("page %d: links are not visited in structure order (/Tabs /S)", i)
		}
		n := 0
		for k, c := range mcids {
			if k[0] == ref.ObjectNumber.Value() {
				n++
				if c != 1 {
					t.Errorf("page %d: MCID %d referenced %d times", i, k[1], c)
				}
			}
		}
		if n == 0 {
			t.Errorf("page %d has no tagged content", i)
		}
	}
}

// sameString reports whether a PDF string object reads s.
func sameString(o types.Object, s string) bool {
	v, err := types.StringOrHexLiteral(o)
	return err == nil && v != nil && *v == s
}

// TestTaggedPoppler asks poppler what a reader sees: a tagged file, its
// structure with the words in reading order, no footer among them, and the
// title in the window; qpdf, when installed, finds the file sound.
func TestTaggedPoppler(t *testing.T) {
	d := taggedDoc(t)
	data := render(t, d, "tagged.pdf")
	if got := info(t, data)["Tagged"]; got != "yes" {
		t.Errorf("pdfinfo says Tagged: %q", got)
	}
	out, err := poppler(t, "pdfinfo", data, "-struct-text")
	if err != nil {
		t.Fatalf("pdfinfo -struct-text: %v\n%s", err, out)
	}
	text := regexp.MustCompile(`"[^"\n]*"`).FindAllString(out, -1)
	joined := strings.Join(text, " ")
	order := []string{"Session 3", "What we worked on", "preparing one question", "What would you say", "Your actions",
		"Ask one question in Monday", "Notice the moment", "Speak up with confidence", "code block", "Reflection log",
		"What I learned", "Your checklist", "Ask one question", "Sessions so far"}
	at := 0
	for _, w := range order {
		i := strings.Index(joined[at:], w)
		if i < 0 {
			t.Fatalf("%q is not read after what comes before it; the structure reads:\n%s", w, out)
		}
		at += i
	}
	for _, furniture := range []string{"page 1 of", "Northfield Coaching", "___"} {
		if strings.Contains(joined, furniture) {
			t.Errorf("the footer's %q is read as content; it is an artifact", furniture)
		}
	}
	if n := strings.Count(joined, `"Meeting"`); n != 1 {
		t.Errorf("the long table's header is read %d times, want once", n)
	}
	if _, err := exec.LookPath("qpdf"); err == nil {
		if out, err := poppler(t, "qpdf", data, "--check"); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}
}

// TestTaggedHostileTitle: a title with what XML and PDF strings cannot hold
// as they are still makes a file poppler and pdfcpu read, with the title.
func TestTaggedHostileTitle(t *testing.T) {
	title := "Zoë <b>&amp;</b> (\x00\x01\u202e) \\ ]>"
	d := &Document{Title: title, Lang: "en) /Lang (x", Blocks: []Block{Paragraph{Text: Plain("x")}}}
	data := render(t, d, "hostile-title.pdf")
	if _, err := api.ReadContext(bytes.NewReader(data), model.NewDefaultConfiguration()); err != nil {
		t.Fatalf("pdfcpu cannot read it: %v", err)
	}
	if bytes.Contains(data, []byte("/Lang (x")) || !bytes.Contains(data, []byte("/Lang (en)")) {
		t.Error("a language that is not a language tag reached the catalog")
	}
	if !bytes.Contains(data, []byte("Zoë &lt;b&gt;&amp;amp;&lt;/b&gt; (\u202e)")) {
		t.Error("the title is not in the XMP metadata, escaped")
	}
}
