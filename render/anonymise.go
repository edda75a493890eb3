package render

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/rapport-coach/rapport/records"
)

// The portfolio's anonymiser (a redactor). A coach writes "Eleni drew her own
// conclusions", "eleni's plan", "see alice-smith/notes" or "call her on 07700
// 900123" without thinking; a portfolio sent to a supervisor or an
// accreditation body must say "Client 2" instead. It works on the
// reflection's Markdown, before it is parsed, so that every place the text
// can reach (paragraphs, headings, link targets and titles, HTML and PDF)
// gets the same replaced text.
//
// What it replaces, for each anonymous client:
//   - every word of their name, in any case, accents or script, compared as a
//     slug ("Zoë", "ZOË", "zoe" in NFC or NFD; "Ελένη" for Eleni), with a
//     trailing s ("Alices'"); an apostrophe ends a word, so "Alice's" and
//     "Alice’s" keep their "'s". A word is whole: "Alison" is not "Ali".
//   - their client id, whole ("alice-smith").
//   - their e-mail addresses, in any case.
//   - their phone numbers, however written: digits are compared, not text,
//     so "+44 7700 900123", "07700 900123" and "07700900123" are one number.
//
// Words are read through what a renderer would show as part of a word: soft
// hyphens, zero-width characters and character references (&shy;, &#105;),
// and compared after Unicode compatibility normalisation (full-width letters).
//
// A name word written in lower case that is also an everyday word ("will",
// "may", "hope") or has one or two letters ("an", "jo") is left alone unless
// it stands next to another word of the same client's name ("will smith"):
// "I will ask" must stay readable, and a lower-case everyday word does not
// identify anyone.
type redactor struct {
	words  map[string]string         // name word as a slug → label
	spans  map[string]string         // ids and e-mail addresses, lower case → label
	phones map[string][]phonePattern // by key
	slugs  map[string]string         // token → slug, for non-ASCII tokens
}

type phonePattern struct {
	prefix string // the number's digits before its key, without zeros
	label  string
}

// phoneKey is how many trailing digits identify a phone number: enough to be
// a subscriber's number, few enough to leave out the country code and trunk
// prefix, which coaches write in different ways.
const phoneKey = 9

// minPhoneDigits: a shorter "number" would match dates and counts.
const minPhoneDigits = 6

// ambiguous stands for a name word two anonymous clients share.
const ambiguous = "a client"

// newRedactor prepares the replacements for clients. A named client (who
// consented to be named) keeps their name, but their e-mail address and
// phone number are still replaced, by the name: consent to be named is not
// consent to be contacted.
func newRedactor(clients []*portfolioClient, labels map[string]string) *redactor {
	a := &redactor{words: map[string]string{}, spans: map[string]string{}, phones: map[string][]phonePattern{}, slugs: map[string]string{}}
	for _, pc := range clients {
		label := labels[pc.id]
		for _, e := range pc.emails {
			if e = strings.TrimSpace(e); strings.Contains(e, "@") {
				a.span(string(asciiLower([]byte(e))), label)
			}
		}
		for _, ph := range pc.phones {
			digits := digitsOf(ph)
			if len(digits) < minPhoneDigits {
				continue
			}
			k := max(len(digits)-phoneKey, 0)
			key := digits[k:]
			a.phones[key] = append(a.phones[key], phonePattern{prefix: strings.ReplaceAll(digits[:k], "0", ""), label: label})
		}
		if pc.named {
			continue
		}
		a.span(pc.id, label)
		for _, w := range pc.nameWords {
			slug := a.slugOf([]byte(w))
			if len(slug) < 2 {
				continue
			}
			if prev, seen := a.words[slug]; seen && prev != label {
				a.words[slug] = ambiguous
				continue
			}
			a.words[slug] = label
		}
	}
	return a
}

// span adds an id or address; one two clients share stands for neither.
func (a *redactor) span(text, label string) {
	if prev, seen := a.spans[text]; seen && prev != label {
		label = ambiguous
	}
	a.spans[text] = label
}

// anonymiser returns the replacing function for clients.
func anonymiser(clients []*portfolioClient, labels map[string]string) func([]byte) []byte {
	return newRedactor(clients, labels).apply
}

// apply returns src with every client's name, id, e-mail address and phone
// number replaced by their label.
func (a *redactor) apply(src []byte) []byte {
	if len(a.words) == 0 && len(a.spans) == 0 && len(a.phones) == 0 {
		return src
	}
	lower := asciiLower(src)
	var o redacted
	for i := 0; i < len(src); {
		if end, label, ok := a.spanAt(src, lower, i); ok {
			o.label(label)
			i = end
			continue
		}
		r, n := decodeWordRune(src, i)
		if !isWordRune(r) {
			o.b.Write(src[i : i+n])
			i += n
			continue
		}
		j := i
		for j < len(src) {
			r2, n2 := decodeWordRune(src, j)
			if !isWordRune(r2) {
				break
			}
			j += n2
		}
		word := src[i:j]
		label, ok := a.wordLabel(word)
		switch {
		case !ok:
			o.b.Write(word)
		case !unicode.IsUpper(r) && plainWord(a.slugOf(word)):
			o.weak(word, label)
		default:
			o.label(label)
		}
		i = j
	}
	return o.b.Bytes()
}

// spanAt matches an id, an e-mail address or a phone number starting at i.
func (a *redactor) spanAt(src, lower []byte, i int) (int, string, bool) {
	c := lower[i]
	if i > 0 && (isAddressByte(lower[i-1]) || lower[i-1] >= utf8.RuneSelf) {
		return 0, "", false // inside a word or an address
	}
	if len(a.spans) > 0 && isAddressByte(c) {
		// The longest id or address that is all of the run or ends where
		// a part of it does ("alice-smith" in "alice-smith-notes.md").
		k := i
		for k < len(lower) && isAddressByte(lower[k]) {
			k++
		}
		for j := k; j > i; j-- {
			if j < k && !isAddressBreak(lower[j]) {
				continue
			}
			if label, ok := a.spans[string(lower[i:j])]; ok && addressEnds(lower, j) {
				return j, label, true
			}
		}
	}
	if len(a.phones) > 0 && (c == '+' || c == '(' || isDigit(c)) {
		return a.phoneAt(src, i)
	}
	return 0, "", false
}

// phoneAt reads the run of digits and separators starting at i and matches
// a phone number that starts there: its last digits (the key) ending a group
// of digits, and before them only what a way of writing the same number
// puts there. Digits are compared without zeros, which come and go with
// trunk and international prefixes: "+44 (0)7700", "0044 7700", "07700" and
// "7700" all fit a number stored as "+44 7700 900123".
func (a *redactor) phoneAt(src []byte, i int) (int, string, bool) {
	var digits []byte
	j := i
	for j < len(src) {
		c := src[j]
		if isDigit(c) {
			k := j
			for k < len(src) && isDigit(src[k]) {
				k++
			}
			digits = append(digits, src[j:k]...)
			j = k
			if len(digits) >= minPhoneDigits {
				if end, label, ok := a.phoneEndingAt(digits, k); ok {
					return end, label, true
				}
			}
			continue
		}
		if c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '+' {
			j++
			continue
		}
		if r, n := utf8.DecodeRune(src[j:]); r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\u2011' {
			j += n
			continue
		}
		break
	}
	return 0, "", false
}

// phoneEndingAt matches the digits read so far, which end at byte end.
func (a *redactor) phoneEndingAt(digits []byte, end int) (int, string, bool) {
	for key, ps := range a.phones {
		if len(digits) < len(key) || string(digits[len(digits)-len(key):]) != key {
			continue
		}
		before := strings.ReplaceAll(string(digits[:len(digits)-len(key)]), "0", "")
		for _, p := range ps {
			switch {
			case strings.HasSuffix(p.prefix, before),
				strings.HasSuffix(before, p.prefix) && len(before)-len(p.prefix) <= 3: // a country code added
				return end, p.label, true
			}
		}
	}
	return 0, "", false
}

// wordLabel is the label for a word of an anonymous client's name, bare or
// with an s after it ("Alices'").
func (a *redactor) wordLabel(word []byte) (string, bool) {
	if len(a.words) == 0 {
		return "", false
	}
	slug := a.slugOf(word)
	if label, ok := a.words[slug]; ok {
		return label, true
	}
	if base, ok := strings.CutSuffix(slug, "s"); ok && len(base) >= 2 {
		label, ok := a.words[base]
		return label, ok
	}
	return "", false
}

// slugOf compares words as records.Slug spells names. Slug is costly; most
// words are ASCII, and the others repeat.
func (a *redactor) slugOf(word []byte) string {
	ascii := true
	for _, c := range word {
		ascii = ascii && c < utf8.RuneSelf && c != '&'
	}
	if ascii {
		return strings.ToLower(string(word))
	}
	s, ok := a.slugs[string(word)]
	if !ok {
		s = records.Slug(norm.NFKC.String(wordText(word)))
		a.slugs[string(word)] = s
	}
	return s
}

// wordText is a word as a reader sees it: character references decoded,
// invisible characters removed.
func wordText(word []byte) string {
	var b strings.Builder
	for i := 0; i < len(word); {
		r, n := decodeWordRune(word, i)
		if !unicode.Is(unicode.Cf, r) {
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// decodeWordRune decodes the rune at i, reading a character reference
// (&eacute; &#233; &#xE9;) as the character it stands for.
func decodeWordRune(src []byte, i int) (rune, int) {
	if src[i] == '&' {
		if end := bytes.IndexByte(src[i:min(len(src), i+34)], ';'); end > 1 {
			ref := string(src[i : i+end+1])
			if s := html.UnescapeString(ref); s != ref {
				if r, n := utf8.DecodeRuneInString(s); n == len(s) {
					return r, end + 1
				}
			}
		}
	}
	return utf8.DecodeRune(src[i:])
}

// isWordRune: letters, combining marks, and the invisible format characters
// (soft hyphen, zero-width space and joiners) that copy and paste leaves
// inside words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || (unicode.Is(unicode.Cf, r) && r != '\u200e' && r != '\u200f')
}

// redacted builds the anonymised text, merging a full name ("Eleni
// Papadopoulou", "alice-smith") into one label rather than two.
type redacted struct {
	b                   bytes.Buffer
	lastStart, lastEnd  int // the label last written, when started
	lastLabel           string
	weakStart, weakEnd  int // a lower-case everyday word that may be a name
	weakLabel           string
	started, weakActive bool
}

// label writes label, merged with a label or a weak word of the same client
// just before it, across spaces and hyphens only.
func (o *redacted) label(label string) {
	if o.weakActive && o.joined(o.weakEnd) && (label == o.weakLabel || label == ambiguous || o.weakLabel == ambiguous) {
		if label == ambiguous {
			label = o.weakLabel
		}
		o.b.Truncate(o.weakStart)
		o.weakActive = false
	}
	if o.started && o.joined(o.lastEnd) && (label == o.lastLabel || label == ambiguous || o.lastLabel == ambiguous) {
		if label == ambiguous {
			label = o.lastLabel
		}
		o.b.Truncate(o.lastStart)
	}
	o.lastStart = o.b.Len()
	o.b.WriteString(label)
	o.lastEnd, o.lastLabel, o.started = o.b.Len(), label, true
	o.weakActive = false
}

// weak writes a lower-case everyday word that spells part of a name: it is
// replaced only when another word of the same name follows ("will smith";
// but "Smith will ask" keeps its verb).
func (o *redacted) weak(word []byte, label string) {
	if o.weakActive && o.joined(o.weakEnd) && label == o.weakLabel {
		o.label(label) // two of them: "will may"
		return
	}
	o.weakStart = o.b.Len()
	o.b.Write(word)
	o.weakEnd, o.weakLabel, o.weakActive = o.b.Len(), label, true
}

// joined reports whether only spaces and hyphens were written since end.
func (o *redacted) joined(end int) bool {
	gap := o.b.Bytes()[end:]
	if len(gap) == 0 {
		return false
	}
	return len(bytes.TrimFunc(gap, func(r rune) bool {
		return r == ' ' || r == '-' || r == '\u00a0' || r == '\u2011' || r == '\u202f'
	})) == 0
}

// plainWord reports whether a lower-case name word reads as an everyday
// word: one or two letters, or a common English word that is also a name.
func plainWord(slug string) bool {
	if len(slug) <= 2 {
		return true
	}
	if commonWords[slug] {
		return true
	}
	base, ok := strings.CutSuffix(slug, "s")
	return ok && commonWords[base]
}

// commonWords are everyday English words that are also given names or
// family names.
var commonWords = setOf(`
	will may mark bill hope grace joy faith rose june april august pat sue art
	ray dawn rob sky summer max bob jack frank sean carol chase hunter ivy lily
	daisy holly heather amber ruby pearl iris violet autumn rain river stone
	young long white black brown green gray grey king page hall wood little cook
	baker rich hunt price lane hill day fisher miller bird fox wolf bush bell
	ward park field north south west church bishop knight love gay sweet noble
	moody hardy wise strong small short sharp gold silver banks marsh lake brook
	storm snow frost winter spring early late more best good law lord cross
	ash bay cliff dale dean drew gene glen grant guy hank jean lance miles nick
	norm penny pierce reed rod russell sandy sterling victor wade warren wren
	did said can won own just met
`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func asciiLower(s []byte) []byte {
	out := make([]byte, len(s))
	for i, c := range s {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isLetterByte(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// isAddressBreak: where a part of an id or address ends.
func isAddressBreak(c byte) bool { return c == '-' || c == '_' || c == '.' || c == '@' || c == '+' }

// isAddressByte: bytes that continue an id or an e-mail address, so a
// match next to one is part of a longer one.
func isAddressByte(c byte) bool {
	return isDigit(c) || isLetterByte(c) || c == '-' || c == '_' || c == '.' || c == '+' || c == '%' || c == '@'
}

// addressEnds reports whether an id or address may end at i: at the end of
// the text, or before something that cannot continue it. A full stop ends
// it when what follows is not more of a domain name.
func addressEnds(lower []byte, i int) bool {
	if i >= len(lower) {
		return true
	}
	c := lower[i]
	if c == '.' || c == '-' || c == '_' {
		return i+1 >= len(lower) || !(isDigit(lower[i+1]) || isLetterByte(lower[i+1]))
	}
	return !isAddressByte(c)
}
