package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
)

// TestPortfolioGolden compiles the example practice's coach reflections with
// a fixed clock and compares the HTML with testdata/portfolio; go test
// -update rewrites the files.
func TestPortfolioGolden(t *testing.T) {
	p := openPractice(t, copyPractice(t, "../example-practice"))
	layouts, err := LoadLayouts("")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		golden string
		opts   PortfolioOptions
	}{
		{"portfolio.html", PortfolioOptions{Today: exampleToday}},
		{"portfolio-named-autumn.html", PortfolioOptions{Today: exampleToday, Named: true, Private: true,
			From: records.MustDate("2026-09-01"), To: records.MustDate("2026-12-31")}},
		{"portfolio-empty.html", PortfolioOptions{Today: exampleToday, From: records.MustDate("2027-01-01")}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			h, err := Portfolio(p, c.opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := HTML(&b, h, layouts); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "portfolio", c.golden)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("the portfolio differs from %s (go test -update rewrites it)\n%s", path, b.String())
			}
		})
	}
}

// TestPortfolioFacts checks what a portfolio says, in order and in sum, and
// that it names nobody by default.
func TestPortfolioFacts(t *testing.T) {
	p := openPractice(t, copyPractice(t, "../example-practice"))
	layouts, err := LoadLayouts("")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		opts    PortfolioOptions
		entries []string // date and label of each entry, in order
		cpd     int
		topics  int
		clients int
		absent  []string
		present []string
	}{
		{
			name:    "everything, anonymous",
			opts:    PortfolioOptions{Today: exampleToday},
			entries: []string{"2026-04-09 Client 1", "2026-05-07 Client 1", "2026-09-04 Client 2", "2026-10-02 Client 2"},
			cpd:     150, topics: 7, clients: 2,
			absent: []string{"Eleni", "Ελένη", "Papadopoulou", "Łukasz", "Lukasz", "Nowak", "eleni-papadopoulou", "lukasz-nowak",
				"corvell-freight.example", "Zoë", "dreading Tuesdays", "discomfort with silence", "Corvell's?"},
			present: []string{"Client 1&rsquo;s bridge sentence", "the quieter participants, Client 1 among them",
				"Client 2 seemed clear", "2 hours 30 minutes", "Three-way contracting", "Sections I marked Private are left out"},
		},
		{
			name:    "named where consented, as the hours log does",
			opts:    PortfolioOptions{Today: exampleToday, Named: true},
			entries: []string{"2026-04-09 Client 1", "2026-05-07 Client 1", "2026-09-04 Ελένη Παπαδοπούλου", "2026-10-02 Ελένη Παπαδοπούλου"},
			cpd:     150, topics: 7, clients: 2,
			absent:  []string{"Łukasz", "Nowak"},
			present: []string{"Eleni seemed clear", "Clients who agreed to be named"},
		},
		{
			name:    "a range",
			opts:    PortfolioOptions{Today: exampleToday, From: records.MustDate("2026-05-01"), To: records.MustDate("2026-09-30")},
			entries: []string{"2026-05-07 Client 1", "2026-09-04 Client 2"},
			cpd:     60, topics: 3, clients: 2,
			absent: []string{"Balancing airtime", "stress signs"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, err := Portfolio(p, c.opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			part := h.Portfolio
			var got []string
			for _, e := range part.Entries {
				got = append(got, e.Date.String()+" "+e.Label)
			}
			if strings.Join(got, "; ") != strings.Join(c.entries, "; ") {
				t.Errorf("entries %q, want %q", got, c.entries)
			}
			if part.CPDMinutes != c.cpd || part.Topics != c.topics || part.Clients != c.clients {
				t.Errorf("cpd %d, topics %d, clients %d; want %d, %d, %d", part.CPDMinutes, part.Topics, part.Clients, c.cpd, c.topics, c.clients)
			}
			var b bytes.Buffer
			if err := HTML(&b, h, layouts); err != nil {
				t.Fatal(err)
			}
			html := b.String()
			for _, s := range c.absent {
				if strings.Contains(html, s) {
					t.Errorf("the portfolio holds %q", s)
				}
			}
			for _, s := range c.present {
				if !strings.Contains(html, s) {
					t.Errorf("the portfolio lacks %q", s)
				}
			}
		})
	}
}

// TestPortfolioLabelsMatchHoursLog: "Client N" in the portfolio is "Client
// N" in the hours log, so an assessor can read the two side by side.
func TestPortfolioLabelsMatchHoursLog(t *testing.T) {
	dir := copyPractice(t, "../example-practice")
	// Nobody consents to be named, so every label is a number.
	agreement := filepath.Join(dir, "clients", "eleni-papadopoulou", "agreement.md")
	data, err := os.ReadFile(agreement)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("named_in_hours_log: true"), []byte("named_in_hours_log: false"), 1)
	if err := os.WriteFile(agreement, data, 0o644); err != nil {
		t.Fatal(err)
	}
	p := openPractice(t, dir)
	clients, _, err := p.LoadAll(records.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b := records.NewHoursBuilder(records.Date{}, records.Date{})
	for _, c := range clients {
		b.Add(c)
	}
	// The hours log's rows are in client order; a client's first row
	// carries the label, its dates say whose it is.
	hours := map[string]string{}
	for _, row := range b.Log().Rows {
		for _, c := range clients {
			if len(c.Sessions) > 0 && c.Sessions[0].Date == row.First {
				hours[c.ID] = row.Label
			}
		}
	}
	h, err := Portfolio(p, PortfolioOptions{Today: exampleToday, Named: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"2026-04-09": hours["lukasz-nowak"], "2026-09-04": hours["eleni-papadopoulou"]}
	if want["2026-04-09"] == "" || want["2026-09-04"] == "" || want["2026-04-09"] == want["2026-09-04"] {
		t.Fatalf("hours log labels %v", hours)
	}
	for _, e := range h.Portfolio.Entries {
		if w, ok := want[e.Date.String()]; ok && e.Label != w {
			t.Errorf("the reflection of %s is labelled %q, the hours log says %q", e.Date, e.Label, w)
		}
	}
}

// TestPortfolioPrivateAndUnsafe: Private sections are left out unless asked
// for; raw HTML is escaped either way.
func TestPortfolioPrivateAndUnsafe(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"practice.yaml":              "name: Test Coaching\ncoach: {name: Test Coach}\n",
		"clients/ann/agreement.md":   "---\nkind: agreement\nclient_name: Ann Example\ndate: 2026-01-05\nstatus: active\n---\n",
		"clients/ann/sessions/01.md": "---\nkind: session\nnumber: 1\ndate: 2026-01-06\n---\n\nNotes.\n",
		"clients/ann/reflections/01-coach.md": "---\nkind: reflection\nauthor: coach\nsession: 1\ndate: 2026-01-07\ncpd_minutes: 20\n---\n\n" +
			"## What went well\n\nAnn found her voice. <script>alert('x')</script> [link](javascript:alert(1))\n\n" +
			"## Private\n\nsecret-private-note\n\n" +
			"## Supervision topics\n\n- Staying with <b>silence</b>.\n",
		"clients/ann/reflections/01-client.md": "---\nkind: reflection\nauthor: client\nsession: 1\ndate: 2026-01-08\n---\n\nclient-own-words\n",
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
		html := b.String()
		if strings.Contains(html, "secret-private-note") != private {
			t.Errorf("Private: %v, but the private note is there: %v", private, !private)
		}
		for _, s := range []string{"<script>alert", "<b>silence</b>", "javascript:", "client-own-words", "Ann found"} {
			if strings.Contains(html, s) {
				t.Errorf("Private: %v: the portfolio holds %q", private, s)
			}
		}
		for _, s := range []string{"&lt;script&gt;", "&lt;b&gt;silence&lt;/b&gt;", "Client 1 found her voice"} {
			if !strings.Contains(html, s) {
				t.Errorf("Private: %v: the portfolio lacks %q", private, s)
			}
		}
	}
}

// TestAnonymiser replaces the words of an anonymous client's name, in any
// script, and only when written as a name.
func TestAnonymiser(t *testing.T) {
	clients := []*portfolioClient{
		{id: "eleni-papadopoulou", nameWords: []string{"eleni", "papadopoulou", "Ελένη", "Παπαδοπούλου"}},
		{id: "will-smith", nameWords: []string{"will", "smith", "Will", "Smith"}},
		{id: "anna-jones", nameWords: []string{"anna", "jones"}},
		{id: "anna-berg", nameWords: []string{"anna", "berg"}},
		{id: "zoe-named", nameWords: []string{"zoe", "named"}, named: true, name: "Zoë Named"},
	}
	labels := map[string]string{"eleni-papadopoulou": "Client 1", "will-smith": "Client 2", "anna-jones": "Client 3", "anna-berg": "Client 4", "zoe-named": "Zoë Named"}
	anon := anonymiser(clients, labels)
	for _, c := range []struct{ in, want string }{
		{"Eleni drew her own conclusions.", "Client 1 drew her own conclusions."},
		{"Ελένη and Ms Papadopoulou's plan", "Client 1 and Ms Client 1's plan"},
		{"I will ask Will.", "I will ask Client 2."},
		{"Anna Jones and Anna Berg", "Client 3 and Client 4"},
		{"Anna said", "a client said"},
		{"Eleni Papadopoulou, Will Smith", "Client 1, Client 2"},
		{"Eleni  Will", "Client 1  Client 2"},
		{"Zoë said so", "Zoë said so"},
		{"**Eleni**: `code`", "**Client 1**: `code`"},
		{"Elenisa", "Elenisa"},
		{"Elenis' plan", "Client 1' plan"},
	} {
		if got := string(anon([]byte(c.in))); got != c.want {
			t.Errorf("anon(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestWriteCoach writes under coach/ only, and refuses a client's handout.
func TestWriteCoach(t *testing.T) {
	dest := t.TempDir()
	layouts, err := LoadLayouts("")
	if err != nil {
		t.Fatal(err)
	}
	h := &Handout{ID: "portfolio", Kind: KindPortfolio, Portfolio: &PortfolioPart{}}
	got, err := WriteCoach(h, layouts, dest, []string{"html"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != filepath.Join(dest, "coach", "portfolio.html") {
		t.Errorf("wrote %v", got)
	}
	if _, err := WriteCoach(&Handout{ID: "session-01", Kind: KindSession, ClientID: "ann"}, layouts, dest, []string{"html"}); err == nil {
		t.Errorf("a client's handout was written as a coach document")
	}
	if _, err := WriteCoach(h, layouts, dest, []string{"docx"}); err == nil {
		t.Errorf("an unknown format was written")
	}
}

func TestCPD(t *testing.T) {
	for m, want := range map[int]string{0: "0 minutes", 1: "1 minute", 45: "45 minutes", 60: "1 hour", 61: "1 hour 1 minute", 150: "2 hours 30 minutes"} {
		if got := CPD(m); got != want {
			t.Errorf("CPD(%d) = %q, want %q", m, got, want)
		}
	}
}
