package body

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Lookalike says why a heading the rule does not mark private looks as if
// it was meant to be, or "" when it does not: its first word is "private"
// written with a look-alike letter (Cyrillic Р, Greek ρ, an accent, a digit
// for a letter), a misspelling of it (within two edits: "Privte",
// "Pirvate", "Privat"), "private" split in two ("Pri vate"), or wording such
// as "Confidential" or "Coach only" that the practice has not made a
// private word, first or later in the heading ("Coach's private notes",
// "Notes (confidential)"). Real words near "private" ("Privacy",
// "Privately") are not flagged.
func (r Rule) Lookalike(heading string) string {
	if r.Private(heading) {
		return ""
	}
	w := Words(heading)
	if len(w) == 0 {
		return ""
	}
	second := ""
	if len(w) > 1 {
		second = w[1]
	}
	why := lookalike(w[0], second)
	if why == "" {
		why = laterWord(w[1:])
	}
	if why == lookalikeLetter {
		// Name the character as written, not as folded.
		for _, c := range heading {
			if (c >= utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsMark(c))) || unicode.IsDigit(c) {
				return fmt.Sprintf("its first word is written with %q (U+%04X) for a letter of Private", c, c)
			}
		}
	}
	return why
}

// laterWord judges a heading's other words: "Coach's private notes" and
// "Notes (confidential)" read as private to the coach who wrote them, but
// only the first word makes a heading private.
func laterWord(words []string) string {
	for i, w := range words {
		switch {
		case skeleton(w) == "private":
			return "it says private, but not as its first word"
		case w == "confidential":
			return "it says confidential"
		case (w == "coach" || w == "coaches") && i+1 < len(words) && words[i+1] == "only":
			return "it says coach only"
		}
	}
	return ""
}

const lookalikeLetter = "its first word is written with a look-alike letter"

// lookalike judges a heading by its first two normalised words.
func lookalike(first, second string) string {
	if first == "private" {
		return ""
	}
	sk := skeleton(first)
	switch {
	case sk == "private":
		return lookalikeLetter
	case second != "" && skeleton(first+second) == "private":
		return "its first word is Private split in two"
	case first == "confidential":
		return "it says confidential"
	case first == "coach" && second == "only", first == "coaches" && second == "only":
		return "it says coach only"
	case notNearPrivate[sk]:
		return ""
	}
	if n := utf8.RuneCountInString(sk); n >= 5 && n <= 9 && osa(sk, "private") <= 2 {
		return fmt.Sprintf("its first word %q looks like a misspelling of Private", first)
	}
	return ""
}

// notNearPrivate are real words within two edits of "private".
var notNearPrivate = map[string]bool{
	"privacy": true, "privately": true, "privatise": true, "privatize": true, "privation": true,
	"pirate": true, "pirates": true, "primate": true, "primates": true, "derivate": true,
}

// confusables maps letters and digits that are read as a letter of
// "private" to it: Cyrillic and Greek look-alikes (lower case, as folding
// leaves them) and digits.
var confusables = map[rune]rune{
	'р': 'p', 'ρ': 'p', 'ϱ': 'p', 'г': 'r', 'ř': 'r', 'і': 'i', 'ї': 'i', 'ı': 'i', 'ι': 'i', 'ɩ': 'i', 'ӏ': 'i',
	'1': 'i', 'ν': 'v', 'ѵ': 'v', 'υ': 'v', 'а': 'a', 'α': 'a', 'ɑ': 'a', '4': 'a',
	'т': 't', 'τ': 't', '7': 't', 'е': 'e', 'ё': 'e', 'ε': 'e', 'є': 'e', '3': 'e', 'ℯ': 'e',
}

// skeleton is a word with accents dropped and look-alike characters
// replaced by the Latin letter they pass for.
func skeleton(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || (c >= '0' && c <= '9') {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	for _, c := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if m, ok := confusables[c]; ok {
			c = m
		}
		b.WriteRune(c)
	}
	return b.String()
}

// osa is the optimal string alignment distance between two short words:
// insertions, deletions, substitutions and swaps of neighbours each count
// one, so "Pirvate" is one from "private".
func osa(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := len(rb) + 1
	rows := make([]int, 3*n)
	return osaRows(ra, rb, rows[:n], rows[n:2*n], rows[2*n:])
}

// MayHaveLookalike reports, cheaply, whether src could hold a heading
// Lookalike flags, so that check parses only the bodies it cannot clear. It
// reads only lines that could be headings: those whose first mark, after
// block quote and list markers, is a #, and the lines of a paragraph
// followed by a line of = or - (a setext heading). Finding them takes a few
// passes of the SIMD byte search, not a look at every line.
func MayHaveLookalike(src []byte) bool {
	src = normalize(src) // as Parse reads it: a copy only when there is a CR or an invisible character starting a line
	for at := 0; at < len(src); {
		i := bytes.IndexByte(src[at:], '#')
		if i < 0 {
			break
		}
		i += at
		ls, le := lineStart(src, i), lineEnd(src, i)
		line := bytes.TrimRight(src[ls:le], "\n")
		if rest := afterMarkers(line); len(rest) > 0 && ls+len(line)-len(rest) == i && lineMayLookAlike(rest) {
			return true
		}
		at = le
	}
	// A line that may be an underline ends in -, =, a space or a tab; one
	// pass over the line ends finds them all, and where each line starts.
	for start := 0; start < len(src); {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			break
		}
		end := start + i
		if i > 0 {
			if c := src[end-1]; (c == '-' || c == '=' || c == ' ' || c == '\t') && underlinedMayLookAlike(src, start) {
				return true
			}
		}
		start = end + 1
	}
	// The last line may be an underline without a line break.
	return underlinedMayLookAlike(src, lineStart(src, len(src)))
}

// underlinedMayLookAlike: when the line at start is a setext underline, may
// the paragraph above it be a look-alike heading? Markdown joins all the
// lines of the paragraph into the heading, back to a blank line or one of
// = or - alone (which ends a paragraph or holds no word).
func underlinedMayLookAlike(src []byte, start int) bool {
	// "- " under a paragraph is an underline, not an empty list item (one
	// cannot interrupt a paragraph): judged with and without list markers.
	if ul := lineAt(src, start); !underline(afterMarkers(ul)) && !underline(bytes.TrimLeft(ul, " \t>")) {
		return false
	}
	first := start
	for first > 0 {
		l := lineStart(src, first-1)
		line := afterMarkers(lineAt(src, l))
		if asciiBlank(line) || underline(line) {
			break
		}
		first = l
	}
	switch {
	case first == start:
		return false
	case lineEnd(src, first) == start:
		return lineMayLookAlike(afterMarkers(lineAt(src, first)))
	}
	// Several lines, the heading's words. Which line the paragraph starts
	// on is not certain (a block above may or may not end where the scan
	// stopped), so each line is judged as if it were the first, with the
	// words that follow it.
	var text []byte
	var starts []int
	for l := first; l < start; l = lineEnd(src, l) {
		starts = append(starts, len(text))
		text = append(text, afterMarkers(lineAt(src, l))...)
		text = append(text, ' ')
	}
	if mayHaveLaterWord(text) {
		return true
	}
	for i, at := range starts {
		// The first two words are in the first two lines that have any.
		end, lines := len(text), 0
		for j := i; j < len(starts) && lines < 2; j++ {
			e := len(text)
			if j+1 < len(starts) {
				e = starts[j+1]
			}
			if hasWord(text[starts[j]:e]) {
				end, lines = e, lines+1
			}
		}
		if lineMayLookAlike(text[at:end]) {
			return true
		}
	}
	return false
}

// hasWord reports whether s holds a letter, a digit, a character beyond
// ASCII or a character reference.
func hasWord(s []byte) bool {
	for _, c := range s {
		if isWordByte(c) || c >= utf8.RuneSelf || c == '&' {
			return true
		}
	}
	return false
}

// asciiBlank reports whether a line holds only spaces, tabs and a CR, as a
// blank line does for Markdown; a no-break space is text.
func asciiBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// afterMarkers is a line without the spaces, block quote and list markers
// in front of its text.
func afterMarkers(line []byte) []byte {
	for {
		i := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '>') {
			i++
		}
		line = line[i:]
		j := 0
		for j < len(line) && j < 9 && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		switch {
		case len(line) > 1 && (line[0] == '-' || line[0] == '+' || line[0] == '*') && (line[1] == ' ' || line[1] == '\t'):
			line = line[1:]
		case j > 0 && j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t'):
			line = line[j+1:]
		default:
			return line
		}
	}
}

// underline reports whether a line is all = or all - (a setext underline,
// or a rule: either may follow a heading's text).
func underline(line []byte) bool {
	line = bytes.TrimRight(line, " \t\r")
	if len(line) == 0 || (line[0] != '=' && line[0] != '-') {
		return false
	}
	for _, c := range line {
		if c != line[0] {
			return false
		}
	}
	return true
}

func lineAt(src []byte, start int) []byte {
	line := src[start:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return line
}

// lineMayLookAlike reports whether a heading written as line may be one
// Lookalike flags.
func lineMayLookAlike(line []byte) bool {
	if wordsMayLookAlike(line) {
		return true
	}
	// Emphasis and code marks may or may not be in a heading's text, as
	// they pair up ("Pri*v*te" reads "Privte", "00*1vA7e**00*" keeps two of
	// its four): a heading line holding one is left to the full rule.
	// Coaches seldom mark up headings, so this costs little.
	return bytes.ContainsAny(line, inlineMarks)
}

// inlineMarks are the characters of emphasis, strike-through, code spans
// and escapes.
const inlineMarks = "*_`~\\"

// wordsMayLookAlike is lineMayLookAlike with every mark read as written.
func wordsMayLookAlike(line []byte) bool {
	// Leading marks (#, *, [) are not part of a heading's words; digits are
	// ("00Private").
	i := 0
	for i < len(line) && line[i] < utf8.RuneSelf && line[i] != '&' && !isWordByte(line[i]) {
		i++
	}
	line = line[i:]
	if len(line) == 0 {
		return false
	}
	// ASCII words, lower-cased without allocating; any other character
	// or a character reference among the first two words needs the full
	// rule.
	var buf [24]byte
	first, rest := asciiWord(line, buf[:0])
	j := 0
	for j < len(rest) && rest[j] < utf8.RuneSelf && rest[j] != '&' && !isWordByte(rest[j]) {
		j++
	}
	second, after := asciiWord(rest[j:], buf[len(first):len(first)])
	if slow(rest) || (len(second) > 0 && slow(after)) || (len(second) == 0 && slow(rest[j:])) {
		return slowLookalike(line)
	}
	if len(first) <= 12 && (len(first) >= 2 || len(second) > 0) && asciiLookalike(first, second, buf[:len(first)+len(second)]) {
		return true
	}
	// A later word may say private, confidential or coach only.
	return mayHaveLaterWord(line) && slowLookalike(line)
}

// mayHaveLaterWord reports whether a line holds a word laterWord could
// flag: private (in any case, or with a digit for a letter), confidential
// or coach only, or a character the ASCII words cannot judge (a non-ASCII
// one or a character reference). It does not allocate.
func mayHaveLaterWord(line []byte) bool {
	var buf [16]byte
	coach := false
	for rest := line; len(rest) > 0; {
		if slow(rest) {
			n := typographic(rest)
			if n == 0 {
				return true
			}
			rest = rest[n:] // between words, as an ASCII mark would be
			continue
		}
		if !isWordByte(rest[0]) {
			rest = rest[1:]
			continue
		}
		// Only words of the lengths below can matter: the rest are
		// passed over without being lower-cased.
		n := 0
		for n < len(rest) && isWordByte(rest[n]) {
			n++
		}
		if n != 4 && n != 5 && n != 7 && n != 12 {
			coach = false
			rest = rest[n:]
			continue
		}
		var w []byte
		w, rest = asciiWord(rest, buf[:0])
		switch string(w) {
		case "private", "confidential":
			return true
		case "only":
			if coach {
				return true
			}
		}
		coach = string(w) == "coach" || string(w) == "coaches"
		if len(w) == 7 && bytes.ContainsAny(w, "0123456789") {
			return true // Pr1vate
		}
	}
	return false
}

// typographic is the length of the dash, curly quote, ellipsis or bullet
// s starts with, or 0. Headings use them ("Session 7 — 30 December"), and
// they only ever separate words: Words keeps them as they are and splits
// there, as the ASCII path does at a hyphen or a quote.
func typographic(s []byte) int {
	r, n := utf8.DecodeRune(s)
	switch r {
	case '–', '—', '‘', '’', '“', '”', '…', '•', '·', '«', '»':
		return n
	}
	return 0
}

// slow reports whether s starts with a character the ASCII path cannot
// judge: a non-ASCII one or a character reference.
func slow(s []byte) bool { return len(s) > 0 && (s[0] >= utf8.RuneSelf || s[0] == '&') }

// slowLookalike judges a line by the full rule.
func slowLookalike(line []byte) bool {
	// The whole line: a later word may say private however long it is.
	s := html.UnescapeString(string(line))
	w := Words(s)
	if len(w) == 0 {
		return false
	}
	second := ""
	if len(w) > 1 {
		second = w[1]
	}
	return lookalike(w[0], second) != "" || laterWord(w[1:]) != ""
}

// asciiWord lower-cases the word at the start of s into dst.
func asciiWord(s, dst []byte) ([]byte, []byte) {
	i := 0
	for i < len(s) && isWordByte(s[i]) {
		if len(dst) < cap(dst) {
			dst = append(dst, s[i]|0x20*byte(boolInt(s[i] >= 'A' && s[i] <= 'Z')))
		}
		i++
	}
	return dst, s[i:]
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isLetter(c byte) bool   { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isWordByte(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' }

// asciiLookalike is lookalike for lower-case ASCII words, without
// allocating; joined is first and second written together.
func asciiLookalike(first, second, joined []byte) bool {
	var sk, jk [24]byte
	far := 0 // letters that are in no spelling of "private"
	for i, c := range first {
		c = asciiConfusable(c)
		switch c {
		case 'p', 'r', 'i', 'v', 'a', 't', 'e':
		default:
			far++
		}
		sk[i] = c
	}
	w := sk[:len(first)]
	// The two words joined are read as skeleton reads them: "Pr1v A7e".
	for i, c := range joined {
		jk[i] = asciiConfusable(c)
	}
	switch {
	case string(first) == "private":
		return false
	case string(w) == "private", len(second) > 0 && string(jk[:len(joined)]) == "private":
		return true
	case string(first) == "confidential", (string(first) == "coach" || string(first) == "coaches") && string(second) == "only":
		return true
	case far > 2 || len(w) < 5 || len(w) > 9 || notNearPrivate[string(w)]:
		// Two edits change at most two letters.
		return false
	}
	return osaPrivate(w) <= 2
}

// asciiConfusable is the letter of "private" a digit passes for (see
// confusables), or c.
func asciiConfusable(c byte) byte {
	switch c {
	case '1':
		return 'i'
	case '4':
		return 'a'
	case '7':
		return 't'
	case '3':
		return 'e'
	}
	return c
}

// osaPrivate is osa(w, "private") for a short ASCII word.
func osaPrivate(a []byte) int {
	var rows [3][len("private") + 1]int
	return osaRows(a, []byte("private"), rows[0][:], rows[1][:], rows[2][:])
}

// osaRows is the optimal string alignment distance of a and b, computed in
// three rows of len(b)+1 that the caller provides, so that the scan over
// every heading of a practice allocates nothing.
func osaRows[T byte | rune](a, b []T, prev2, prev, cur []int) int {
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
