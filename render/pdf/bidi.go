package pdf

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/bidi"
)

// bidiLevels gives the embedding level of every byte of s by the Unicode
// bidirectional algorithm, and whether the text reads right to left.
// Each line of s is a paragraph of its own whose direction is that of its
// first letter, as HTML's dir="auto": a note written in Hebrew reads right
// to left and ends at the left, while a Hebrew name in an English sentence
// reads right to left inside it.
func bidiLevels(s string) ([]bidi.Level, bool) {
	if !hasRTL(s) {
		if len(s) <= len(noLevels) {
			return noLevels[:len(s)], false // read only
		}
		return make([]bidi.Level, len(s)), false
	}
	levels := make([]bidi.Level, len(s))
	rtl := false
	var p bidi.Paragraph
	off := 0
	for _, para := range strings.SplitAfter(s, "\n") {
		runes := []rune(para)
		runs := p.Segment(runes, bidi.Neutral)
		if off == 0 && runs.NumRuns() > 0 {
			rtl = baseRTL(runes)
		}
		// byteAt[i] is where rune i starts in para.
		byteAt := make([]int, len(runes)+1)
		i, b := 0, 0
		for _, r := range para {
			byteAt[i] = b
			b += utf8.RuneLen(r)
			i++
		}
		byteAt[len(runes)] = b
		for k := range runs.NumRuns() {
			run := runs.Run(k)
			for j := byteAt[run.Start]; j < byteAt[run.End]; j++ {
				levels[off+j] = run.Level
			}
		}
		off += len(para)
	}
	return levels, rtl
}

// baseRTL reports whether the first strong letter of a paragraph is a
// right-to-left one (rules P2 and P3, without isolates).
func baseRTL(runes []rune) bool {
	for _, r := range runes {
		switch {
		case isRTLRune(r):
			return true
		case unicode.IsLetter(r):
			return false
		}
	}
	return false
}

func isRTLRune(r rune) bool {
	return unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko) ||
		r >= 0x10800 && r <= 0x10fff || r >= 0x1e800 && r <= 0x1efff
}

// noLevels are the levels of left-to-right text, shared.
var noLevels [4096]bidi.Level

// hasRTL reports whether s holds a right-to-left character or control;
// without one every level is 0 and the algorithm need not run.
func hasRTL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0xd6 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i:])
		if isRTLRune(r) || r >= 0x200e && r <= 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			return true
		}
	}
	return false
}

// reorder puts a line's pieces, given in logical order, in visual order
// (rule L2 of the bidi algorithm): from the highest level down to the
// lowest odd one, every run of pieces at that level or above is reversed,
// and so is the text of each right-to-left piece, a character with its
// accents kept together and brackets mirrored.
func reorder(ps []piece) {
	hi, lowOdd := bidi.Level(0), bidi.Level(127)
	for _, p := range ps {
		hi = max(hi, p.level)
		if p.level%2 == 1 {
			lowOdd = min(lowOdd, p.level)
		}
	}
	if lowOdd == 127 {
		return
	}
	for lvl := hi; lvl >= lowOdd; lvl-- {
		for i := 0; i < len(ps); {
			if ps[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(ps) && ps[j].level >= lvl {
				j++
			}
			slices.Reverse(ps[i:j])
			i = j
		}
	}
	for i := range ps {
		if ps[i].level%2 == 1 && !ps[i].space {
			ps[i].text = reverseText(ps[i].text)
		}
	}
}

// reverseText reverses s by clusters: a base character and the marks
// that follow it stay in that order, and a bracket becomes its mirror.
func reverseText(s string) string {
	var clusters []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		for j < len(s) {
			m, k := utf8.DecodeRuneInString(s[j:])
			if !unicode.In(m, unicode.Mn, unicode.Me, unicode.Mc) {
				break
			}
			j += k
		}
		c := s[i:j]
		if mr, ok := mirror[r]; ok {
			c = string(mr) + s[i+n:j]
		}
		clusters = append(clusters, c)
		i = j
	}
	slices.Reverse(clusters)
	return strings.Join(clusters, "")
}

// mirror pairs the brackets that are drawn mirrored in right-to-left text.
var mirror = map[rune]rune{
	'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
	'«': '»', '»': '«', '‹': '›', '›': '‹', '⁅': '⁆', '⁆': '⁅', '⁽': '⁾', '⁾': '⁽',
	'₍': '₎', '₎': '₍', '≤': '≥', '≥': '≤', '〈': '〉', '〉': '〈',
}
