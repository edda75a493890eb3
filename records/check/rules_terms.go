package check

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/body"
)

// termsDrift: an agreement whose prose names a number of sessions, a
// frequency, a length or a fee that its frontmatter contradicts. The client
// signs the prose; rapport works from the frontmatter; after an edit to one,
// the two must not say different things. Private passages are not read: the
// client never sees them.
func termsDrift(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		if len(a.Body) == 0 {
			continue
		}
		private := map[int]bool{}
		for _, p := range body.Parse(a.Body, in.Practice.Settings.PrivacyRule()).Private() {
			for l := p.Line; l <= p.EndLine; l++ {
				private[l] = true
			}
		}
		// A sentence runs over the lines of its paragraph, so a paragraph is
		// read as one line and each finding is put back where it was written.
		lines := strings.Split(string(a.Body), "\n")
		for i := 0; i < len(lines); {
			var para []string
			first := i
			for ; i < len(lines); i++ {
				line := strings.TrimRight(lines[i], "\r")
				if strings.TrimSpace(line) == "" || private[i+1] {
					break
				}
				para = append(para, line)
			}
			i++
			if len(para) == 0 || records.IsPlaceholder(strings.Join(para, " ")) {
				continue
			}
			for _, d := range drifts(strings.Join(para, " "), a) {
				line, col := first, d.col
				for _, l := range para {
					n := utf8.RuneCountInString(l) + 1 // and the space that joined it
					if col <= n {
						break
					}
					col -= n
					line++
				}
				r.Problem(records.Problem{Path: a.Path, Line: a.BodyLine + line, Col: col, Message: d.msg})
			}
		}
	}
}

type drift struct {
	col int // from 1, in characters
	msg string
}

// The phrases terms-drift reads in a sentence. Each looks for what an
// agreement's prose says about the terms, not every number in it: a
// sentence about meeting or sessions for counts, frequencies and lengths,
// any sum of money for the fee, and none about cancelling or notice.
var (
	countRE   = regexp.MustCompile(`(?i)\b(?:(after|first|last|every|each|within|next|previous|other|these|those)\s+)?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty|twenty-four)\s+(?:more\s+|further\s+|coaching\s+|individual\s+|one-to-one\s+)?sessions\b`)
	minutesRE = regexp.MustCompile(`(?i)\b(\d+)[\s-]?(?:minutes?|mins?)\b`)
	momentRE  = regexp.MustCompile(`(?i)^\s+(late|early|before|after|break|beforehand|afterwards)\b`)
	moneyRE   = regexp.MustCompile(`(?i)(?:(£|\$|€|\b(?:GBP|USD|EUR|CHF|CAD|AUD)\s?)(\d[\d,]*(?:\.\d{1,2})?)|\b(\d[\d,]*(?:\.\d{1,2})?)\s?(GBP|USD|EUR|CHF|CAD|AUD|pounds|euros|dollars)\b)`)
	meetRE    = regexp.MustCompile(`(?i)\b(meet|sessions?)\b`)
	asideRE   = regexp.MustCompile(`(?i)\b(cancel\w*|notice|late)\b`)
)

// mayAside reports whether a lower-case sentence could match asideRE.
func mayAside(lower string) bool {
	return strings.Contains(lower, "cancel") || strings.Contains(lower, "notice") || strings.Contains(lower, "late")
}

// frequencies are the ways of saying how often, each with the word the
// frontmatter uses; the longer phrases come first so they win.
var frequencies = []struct{ phrase, canon string }{
	{"every other week", "fortnightly"}, {"every two weeks", "fortnightly"}, {"every 2 weeks", "fortnightly"},
	{"every four weeks", "monthly"}, {"every 4 weeks", "monthly"}, {"once a month", "monthly"}, {"every month", "monthly"},
	{"once a week", "weekly"}, {"every week", "weekly"}, {"twice a month", "fortnightly"},
	{"fortnightly", "fortnightly"}, {"biweekly", "fortnightly"}, {"bi-weekly", "fortnightly"},
	{"weekly", "weekly"}, {"monthly", "monthly"},
}

var wordNumbers = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-four": 24}

// namesFrequency reports whether a lower-case sentence holds one of the
// frequencies' phrases.
func namesFrequency(lower string) bool {
	for _, f := range frequencies {
		if strings.Contains(lower, f.phrase) {
			return true
		}
	}
	return false
}

// canonFrequency is the frontmatter's frequency in the words above, or ""
// when it is written some other way (then nothing is compared).
func canonFrequency(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, f := range frequencies {
		if s == f.phrase {
			return f.canon
		}
	}
	return ""
}

// drifts are the places in one line of prose where it contradicts a's terms.
func drifts(line string, a *records.Agreement) []drift {
	var out []drift
	col := func(off int) int { return utf8.RuneCountInString(line[:off]) + 1 }
	t := a.Sessions
	freq := canonFrequency(t.Frequency)
	for _, sm := range sentences(line) {
		s := line[sm[0]:sm[1]]
		// The expressions are slow on long prose; most sentences are
		// passed over by the plain words each one needs. Only ASCII is
		// lower-cased, so lower's positions are s's: the phrases are ASCII,
		// and lower-casing İ or Ⱥ would change their length.
		lower := asciiLower(s)
		if mayAside(lower) && asideRE.MatchString(s) {
			continue
		}
		digits := strings.ContainsAny(s, "0123456789")
		// Whether the sentence is about meeting is asked only of one that
		// names a frequency or minutes: the expression is the slowest here.
		meetingKnown, isMeeting := false, false
		meeting := func() bool {
			if !meetingKnown {
				meetingKnown = true
				isMeeting = (strings.Contains(lower, "meet") || strings.Contains(lower, "session")) && meetRE.MatchString(s)
			}
			return isMeeting
		}
		if t.Count > 0 && strings.Contains(lower, "sessions") {
			for _, m := range countRE.FindAllStringSubmatchIndex(s, -1) {
				if m[2] >= 0 {
					continue // "after two sessions" is a moment, not the count
				}
				word := strings.ToLower(s[m[4]:m[5]])
				n, ok := wordNumbers[word]
				if !ok {
					n, _ = strconv.Atoi(word)
				}
				if n > 0 && n != t.Count {
					out = append(out, drift{col(sm[0] + m[4]), fmt.Sprintf("the prose says %s, but the frontmatter agrees %s (sessions.count: %d)",
						s[m[4]:m[1]], records.CountWords(t.Count, "session"), t.Count)})
				}
			}
		}
		if freq != "" && namesFrequency(lower) && meeting() {
			for _, f := range frequencies {
				i := strings.Index(lower, f.phrase)
				if i < 0 {
					continue
				}
				if f.canon != freq {
					out = append(out, drift{col(sm[0] + i), fmt.Sprintf("the prose says %s, but the frontmatter agrees %s (sessions.frequency)", s[i:i+len(f.phrase)], t.Frequency)})
				}
				break
			}
		}
		if t.Minutes > 0 && digits && strings.Contains(lower, "min") && meeting() {
			for _, m := range minutesRE.FindAllStringSubmatchIndex(s, -1) {
				if momentRE.MatchString(s[m[1]:]) {
					continue // "15 minutes late" is not how long a session is
				}
				n, _ := strconv.Atoi(s[m[2]:m[3]])
				if n != t.Minutes {
					out = append(out, drift{col(sm[0] + m[0]), fmt.Sprintf("the prose says %s, but the frontmatter agrees sessions of %d minutes (sessions.minutes)",
						s[m[0]:m[1]], t.Minutes)})
				}
			}
		}
		if a.Fees.Amount > 0 && !a.IsProBono() && digits {
			for _, m := range moneyRE.FindAllStringSubmatchIndex(s, -1) {
				num := m[4]
				if num < 0 {
					num = m[6]
				}
				end := m[5]
				if m[4] < 0 {
					end = m[7]
				}
				v, err := strconv.ParseFloat(strings.ReplaceAll(s[num:end], ",", ""), 64)
				if err != nil || feeAgrees(v, a) {
					continue
				}
				out = append(out, drift{col(sm[0] + m[0]), fmt.Sprintf("the prose names a fee of %s, but the frontmatter agrees %s",
					strings.TrimSpace(s[m[0]:m[1]]), records.Money(a.Fees.Amount, a.Fees.Currency))})
			}
		}
	}
	return out
}

// asciiLower is s with its ASCII capitals lower-cased and every other byte
// as it is: the same length, so a position in it is one in s.
func asciiLower(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' })
	if i < 0 {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// sentences are the byte ranges of line's sentences: each ends at a full
// stop, question or exclamation mark or semicolon followed by a space, so
// the point in £112.50 ends nothing.
func sentences(line string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(line); i++ {
		if c := line[i]; (c == '.' || c == '!' || c == '?' || c == ';') && (i+1 == len(line) || line[i+1] == ' ') {
			out = append(out, [2]int{start, i + 1})
			start = i + 1
		}
	}
	if start < len(line) {
		out = append(out, [2]int{start, len(line)})
	}
	return out
}

// feeAgrees reports whether v is the agreed fee, or the same fee put per
// session or for the whole package.
func feeAgrees(v float64, a *records.Agreement) bool {
	same := func(x float64) bool { return math.Abs(x-v) < 0.005 }
	f := a.Fees.Amount
	if same(f) {
		return true
	}
	if n := float64(a.Sessions.Count); n > 0 {
		return same(f/n) || same(math.Round(f/n*100)/100) || same(f*n)
	}
	return false
}
