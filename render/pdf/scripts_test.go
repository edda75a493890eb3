package pdf

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// scripts are names and notes a coach writes for clients the world over.
// Their notes avoid brackets: pdftotext reads mirrored brackets in
// right-to-left text as it sees them on the page.
var scripts = []struct {
	lang, name, note string
}{
	{"vi", "Nguyễn Thị Minh Khai", "Chị ấy muốn nói rõ hơn trong các cuộc họp."},
	{"el", "Ελένη Παπαδοπούλου", "Θέλει να μιλά με σιγουριά στις συναντήσεις."},
	{"ru", "Анна Каренина", "Хочет говорить увереннее на собраниях."},
	{"pl", "Zoë Łukasiewicz", "Zażółć gęślą jaźń: pół-dnia, e-mail jo@north-field.example."},
	{"he", "דנה כהן", "היא רוצה לדבר בביטחון בפגישות."},
	{"ar", "ليلى حسن", "تريد أن تتحدث بثقة في الاجتماعات."},
	{"ja", "山田太郎", "会議で自信を持って話したいと考えています。"},
}

// TestScripts sets a client's name and notes in each script: every
// character is drawn by some embedded font, pdftotext reads back the same
// text in the same order, and no font is left out of the file.
func TestScripts(t *testing.T) {
	for _, sc := range scripts {
		t.Run(sc.lang, func(t *testing.T) {
			var missing []rune
			for _, f := range []face{regular, sansBold} {
				fit(f, sc.name+sc.note, func(r rune) { missing = append(missing, r) })
			}
			if len(missing) > 0 {
				if sc.lang == "ja" || sc.lang == "ar" {
					t.Skipf("no installed font draws %q: install fonts-ipafont-gothic and fonts-dejavu-core (CI does)", missing)
				}
				t.Fatalf("the embedded fonts cannot draw %q", missing)
			}
			d := &Document{
				Lang:   sc.lang,
				Footer: Footer{Left: "North Field Coaching", Centre: sc.name},
				Blocks: []Block{
					Heading{Level: 1, Text: Plain("Session 3 " + sc.name)},
					Paragraph{Text: Plain(sc.note)},
					Table{Header: []Text{Plain("Action"), Plain("Due")}, Rows: [][]Text{{Plain(sc.note), Plain("4 Feb")}}},
				},
			}
			data := render(t, d, "script-"+sc.lang+".pdf")
			if len(d.Missing) > 0 {
				t.Errorf("missing %q", d.Missing)
			}
			got := squash(plainText(t, data))
			for _, want := range []string{"Session 3", sc.name, sc.note, "North Field Coaching", "Action"} {
				if !strings.Contains(got, squash(want)) {
					t.Errorf("pdftotext lost %q:\n%s", want, got)
				}
			}
			out, err := poppler(t, "pdffonts", data)
			if err != nil {
				t.Fatalf("pdffonts: %v\n%s", err, out)
			}
			for _, ln := range strings.Split(strings.TrimSpace(out), "\n")[2:] {
				if f := strings.Fields(ln); len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" {
					t.Errorf("font not embedded as a subset: %s", ln)
				}
			}
		})
	}
}

// squash compares text as read: compatibility forms (Arabic presentation
// forms) made plain, bidi marks and white space dropped.
func squash(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}

// TestHyphenIsNarrow: a text face's hyphen is narrower than its "n" and
// its en dash, so "half-days" does not read "half–days".
func TestHyphenIsNarrow(t *testing.T) {
	for f := range mono {
		h, n, dash := measure(f, 10, "-"), measure(f, 10, "n"), measure(f, 10, "–")
		if h >= n || h >= dash {
			t.Errorf("%s: hyphen %.2f, n %.2f, en dash %.2f", fontFamily[f], h, n, dash)
		}
	}
}

// TestBidiOrder: right-to-left words are drawn right to left, a base
// letter keeps its marks, and brackets are mirrored.
func TestBidiOrder(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"Notes with דנה כהן today", "Notes with ןהכ הנד today"},
		{"with (שלום) ok", "with (םולש) ok"},
		{"שָׁלוֹם", "ם" + "וֹ" + "ל" + "שָׁ"},
		{"דנה 2026 כהן", "ןהכ 2026 הנד"},
		{"היא רוצה.", ".הצור איה"},           // a right-to-left paragraph ends at the left
		{"bad \xff byte", "bad \uFFFD byte"}, // invalid UTF-8 is shown as such
	}
	l := &layouter{missing: map[rune]bool{}}
	for _, tt := range tests {
		lines := l.wrap(Plain(tt.in), textStyle{size: 10}, 1000)
		var b strings.Builder
		end := 0.0
		for _, p := range lines[0].pieces {
			if p.x > end+0.1 {
				b.WriteString(" ") // a space between pieces of two faces
			}
			b.WriteString(p.text)
			end = p.x + p.w
		}
		if got := b.String(); got != norm.NFC.String(tt.want) {
			t.Errorf("%q drawn as %q, want %q", tt.in, got, tt.want)
		}
	}
}
