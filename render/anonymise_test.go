package render

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/rapport-coach/rapport/records"
)

// anonClients are the clients of the anonymiser's tests: Client 1 with
// every kind of detail, Client 2 whose name is the start of other names,
// Client 3 with accents, Client 4 whose names are everyday words, and a
// client who consented to be named.
func anonClients() ([]*portfolioClient, map[string]string) {
	clients := []*portfolioClient{
		{id: "alice-smith", nameWords: []string{"alice", "smith", "Alice", "Smith", "AliceSmith"},
			emails: []string{"Alice.Smith@Example.org", "alice@work.example"}, phones: []string{"+44 7700 900123"}},
		{id: "ali-khan", nameWords: []string{"ali", "khan", "Ali", "Khan"}, phones: []string{"020 7946 0958"}},
		{id: "zoe-nguyen", nameWords: []string{"zoe", "nguyen", "Zoë", "Nguyễn"}},
		{id: "will-may", nameWords: []string{"will", "may", "Will", "May"}},
		{id: "bea-j", nameWords: []string{"bea", "j", "Beatrice", "Jones"}},
		{id: "nora-named", nameWords: []string{"nora", "named", "Nora", "Named"}, named: true, name: "Nora Named",
			emails: []string{"nora@example.org"}},
	}
	labels := map[string]string{"alice-smith": "Client 1", "ali-khan": "Client 2", "zoe-nguyen": "Client 3", "will-may": "Client 4", "bea-j": "Client 5", "nora-named": "Nora Named"}
	return clients, labels
}

// anonCases are the forms a coach writes a client's details in, and what
// the portfolio must say instead.
var anonCases = []struct{ in, want string }{
	// names, in every case, whole and in part
	{"Alice drew her own conclusions.", "Client 1 drew her own conclusions."},
	{"alice said", "Client 1 said"},
	{"ALICE SMITH said", "Client 1 said"},
	{"alice smith said", "Client 1 said"},
	{"Ms Smith said", "Ms Client 1 said"},
	{"Alice Smith and Ali Khan", "Client 1 and Client 2"},
	{"Smith-Alice, Alice\u00a0Smith", "Client 1, Client 1"},
	{"#AliceSmith and alicesmith", "#Client 1 and Client 1"},
	// possessives
	{"Alice's plan", "Client 1's plan"},
	{"Alice\u2019s plan", "Client 1\u2019s plan"},
	{"Alices' plan", "Client 1' plan"},
	{"Smith's and smiths' plans", "Client 1's and Client 1' plans"},
	// the id, whole or in a path
	{"see alice-smith", "see Client 1"},
	{"clients/alice-smith/sessions/01.md", "clients/Client 1/sessions/01.md"},
	{"ALICE-SMITH", "Client 1"},
	{"notes in bea-j/ and BEA-J.", "notes in Client 5/ and Client 5."},
	// e-mail addresses, in any case, in links
	{"wrote to alice.smith@example.org.", "wrote to Client 1."},
	{"ALICE.SMITH@EXAMPLE.ORG", "Client 1"},
	{"<alice@work.example>", "<Client 1>"},
	{"[mail](mailto:alice@work.example)", "[mail](mailto:Client 1)"},
	{"notalice@work.example", "notalice@work.example"},
	// phone numbers, however written
	{"call +44 7700 900123", "call Client 1"},
	{"call 07700 900123", "call Client 1"},
	{"call 07700900123", "call Client 1"},
	{"call +447700900123", "call Client 1"},
	{"call +44 (0)7700 900123", "call Client 1"},
	{"call 0044 7700 900123", "call Client 1"},
	{"call 07700-900-123", "call Client 1"},
	{"call 07700\u00a0900\u00a0123.", "call Client 1."},
	{"call 7700 900123", "call Client 1"},
	{"call 020 7946 0958 or +44 20 7946 0958", "call Client 2 or Client 2"},
	{"call 07700 900124", "call 07700 900124"},
	{"ref 5 07700 900123", "ref 5 Client 1"},
	{"on 2026-01-07 07700 900123", "on 2026-01-07 Client 1"},
	{"on 2026-01-07 at 10:00, 3 times", "on 2026-01-07 at 10:00, 3 times"},
	{"call 1077009001234", "call 1077009001234"},
	// word boundaries: other words and names are left alone
	{"Ali and Alison", "Client 2 and Alison"},
	{"Alibaba, Smithson, blacksmith, Khaner", "Alibaba, Smithson, blacksmith, Khaner"},
	{"Alicealice", "Alicealice"},
	// Unicode: accents, NFC and NFD, compatibility forms, invisible characters
	{"Zoë Nguyễn", "Client 3"},
	{norm.NFD.String("Zoë Nguyễn"), "Client 3"},
	{"ZOË and zoe and NGUYỄN", "Client 3 and Client 3 and Client 3"},
	{"\uff21\uff4c\uff49\uff43\uff45 said", "Client 1 said"},
	{"Al\u00adice said", "Client 1 said"},
	{"Ali\u200bce said", "Client 1 said"},
	{"Al&shy;ice and Al&#105;ce and Zo&euml;", "Client 1 and Client 1 and Client 3"},
	// everyday words that are names: lower case only when next to the other name
	{"I will ask Will.", "I will ask Client 4."},
	{"in may, will may came", "in may, Client 4 came"},
	{"Smith will ask", "Client 1 will ask"},
	{"Will May will ask", "Client 4 will ask"},
	// a named client keeps their name, but not their e-mail address
	{"Nora Named wrote from nora@example.org", "Nora Named wrote from Nora Named"},
}

func TestAnonymiserForms(t *testing.T) {
	anon := anonymiser(anonClients())
	for _, c := range anonCases {
		if got := string(anon([]byte(c.in))); got != c.want {
			t.Errorf("anon(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// identifying is what must not reach the portfolio of the practice that
// TestPortfolioAnonymous writes, in HTML bytes or PDF text, in any case.
var identifying = []string{
	"alice", "smith", "alice-smith", "example.org", "work.example", "900123", "900 123", "7700",
	"ali ", "khan", "zoë", "zoe", "nguy",
}

// TestPortfolioAnonymous writes every form of anonCases into a coach
// reflection and checks the portfolio, HTML and PDF, holds none of them.
func TestPortfolioAnonymous(t *testing.T) {
	var body strings.Builder
	body.WriteString("## What went well\n\n")
	for _, c := range anonCases {
		if c.in == c.want || strings.Contains(c.in, "Nora") {
			continue
		}
		body.WriteString("- " + c.in + "\n")
	}
	body.WriteString("\n## Supervision topics\n\n- How alice-smith (ALICE) and Zoë reacted\n")
	dir := t.TempDir()
	agreement := func(name, contact string) string {
		return "---\nkind: agreement\nclient_name: " + name + "\ndate: 2026-01-05\nstatus: active\ncontact: " + contact + "\n---\n"
	}
	writeFiles(t, dir, map[string]string{
		"practice.yaml":                    "name: Test Coaching\ncoach: {name: Test Coach}\n",
		"clients/alice-smith/agreement.md": agreement("Alice Smith", `{email: Alice.Smith@Example.org, phone: "+44 7700 900123"}`),
		"clients/alice-smith/agreement-2026-06-01.md": "---\nkind: agreement\nclient_name: Alice Smith\ndate: 2026-06-01\nstatus: draft\n" +
			"contact: {email: alice@work.example}\n---\n",
		"clients/alice-smith/sessions/01.md": "---\nkind: session\nnumber: 1\ndate: 2026-01-06\n---\n\nNotes.\n",
		"clients/alice-smith/reflections/01-coach.md": "---\nkind: reflection\nauthor: coach\nsession: 1\ndate: 2026-01-07\ncpd_minutes: 20\n---\n\n" +
			body.String(),
		"clients/alice-smith/reflections/02-coach.md": "---\nkind: reflection\nauthor: coach\nsession: 1\ndate: 2026-01-08\ncolour: blue\n---\n\nMore.\n",
		"clients/ali-khan/agreement.md":               agreement("Ali Khan", `{phone: "020 7946 0958"}`),
		"clients/zoe-nguyen/agreement.md":             agreement(norm.NFC.String("Zoë Nguyễn"), "{}"),
		"clients/will-may/agreement.md":               agreement("Will May", "{}"),
	})
	p := openPractice(t, dir)
	layouts, err := LoadLayouts("")
	if err != nil {
		t.Fatal(err)
	}
	h, err := Portfolio(p, PortfolioOptions{Today: records.MustDate("2026-02-01")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Problems) == 0 || len(h.Portfolio.Problems) == 0 || !strings.Contains(h.Portfolio.Problems[0].Path, "alice-smith") {
		t.Errorf("want the broken reflection reported, by its path for the coach: %v", h.Portfolio.Problems)
	}
	var b bytes.Buffer
	if err := HTML(&b, h, layouts); err != nil {
		t.Fatal(err)
	}
	html := strings.ToLower(norm.NFC.String(b.String()))
	for _, s := range identifying {
		if strings.Contains(html, s) {
			i := strings.Index(html, s)
			t.Errorf("the portfolio's HTML holds %q: ...%s...", s, html[max(0, i-60):min(len(html), i+60)])
		}
	}
	if !strings.Contains(html, "client 1 drew her own conclusions") || !strings.Contains(html, "client 2 and alison") {
		t.Errorf("the portfolio's HTML lacks the anonymised text")
	}

	needPoppler(t)
	var pdf bytes.Buffer
	if _, err := PDF(&pdf, h); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "portfolio.pdf")
	if err := os.WriteFile(path, pdf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	text := strings.ToLower(norm.NFC.String(pdfText(t, path, 1, 0)))
	for _, s := range identifying {
		if strings.Contains(text, s) {
			i := strings.Index(text, s)
			t.Errorf("the portfolio's PDF text holds %q: ...%s...", s, text[max(0, i-60):min(len(text), i+60)])
		}
	}
	if !strings.Contains(text, "client 1 drew her own conclusions") {
		t.Errorf("the portfolio's PDF lacks the anonymised text:\n%s", text)
	}
}

// TestPortfolioPrivateHeadings: what a coach writes under a private heading
// stays out of the portfolio (HTML and PDF), in the body and in the
// supervision topics table, unless the coach's own copy is asked for. The
// portfolio decides nothing itself: it asks the shared private-heading rule.
func TestPortfolioPrivateHeadings(t *testing.T) {
	const canary = "CANARY-supervisor-must-not-see"
	for _, tt := range []struct {
		name, body string
	}{
		{"Private", "## Private\n\n" + canary + "\n"},
		{"private in lower case", "## private\n\n" + canary + "\n"},
		{"topics under Private", "## Private\n\n### Supervision topics\n\n- " + canary + "\n"},
		{"Private:", "## Private:\n\n" + canary + "\n"},
		{"topics under Private:", "## Private:\n\n### Supervision topics\n\n- " + canary + "\n"},
		{"Private notes", "## Private notes\n\n" + canary + "\n"},
		{"PRIVATE (coach only)", "### PRIVATE (coach only)\n\n" + canary + "\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				"practice.yaml":              "name: Test Coaching\ncoach: {name: Test Coach}\n",
				"clients/ann/agreement.md":   "---\nkind: agreement\nclient_name: Ann Example\ndate: 2026-01-05\nstatus: active\n---\n",
				"clients/ann/sessions/01.md": "---\nkind: session\nnumber: 1\ndate: 2026-01-06\n---\n\nNotes.\n",
				"clients/ann/reflections/01-coach.md": "---\nkind: reflection\nauthor: coach\nsession: 1\ndate: 2026-01-07\ncpd_minutes: 20\n---\n\n" +
					"## What went well\n\nShared words.\n\n" + tt.body + "\n## Supervision topics\n\n- Shared topic\n",
			})
			p := openPractice(t, dir)
			layouts, err := LoadLayouts("")
			if err != nil {
				t.Fatal(err)
			}
			for _, private := range []bool{false, true} {
				h, err := Portfolio(p, PortfolioOptions{Today: records.MustDate("2026-02-01"), Private: private}, nil)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := HTML(&b, h, layouts); err != nil {
					t.Fatal(err)
				}
				leaked := strings.Contains(b.String(), canary)
				if private {
					if !leaked {
						t.Errorf("the coach's own copy (--include-private) lacks the private section")
					}
					continue
				}
				if leaked {
					t.Errorf("the portfolio's HTML holds the private section")
				}
				if !strings.Contains(b.String(), "Shared words") || !strings.Contains(b.String(), "Shared topic") {
					t.Errorf("the portfolio lost what is not private")
				}
				if _, err := exec.LookPath("pdftotext"); err != nil {
					continue
				}
				var pdf bytes.Buffer
				if _, err := PDF(&pdf, h); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(t.TempDir(), "portfolio.pdf")
				if err := os.WriteFile(path, pdf.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}
				if text := pdfText(t, path, 1, 0); strings.Contains(text, canary) || !strings.Contains(text, "Shared topic") {
					t.Errorf("the portfolio's PDF text is wrong: private section there: %v", strings.Contains(text, canary))
				}
			}
		})
	}
}
