package body

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Rule decides which headings open a private section. Its zero value is
// the rule every practice starts with: a heading whose first word is
// "private". A practice may add words and phrases (practice.yaml's
// privacy.headings); "private" always stays.
type Rule struct {
	phrases [][]string // normalised words of each extra phrase
}

// NewRule returns the rule with a practice's extra words and phrases, such
// as "coach only". Each is normalised as headings are; empty ones are
// ignored.
func NewRule(extra []string) Rule {
	var r Rule
	for _, p := range extra {
		if w := Words(p); len(w) > 0 && !(len(w) == 1 && w[0] == "private") {
			r.phrases = append(r.phrases, w)
		}
	}
	return r
}

// Equal reports whether two rules decide alike.
func (r Rule) Equal(o Rule) bool {
	return slices.EqualFunc(r.phrases, o.phrases, slices.Equal[[]string])
}

// PrivateHeading reports whether a heading's text opens a private section
// under the default rule plus a practice's extra words: see Rule.Private.
func PrivateHeading(text string, extra []string) bool {
	return NewRule(extra).Private(text)
}

// Private reports whether a heading whose plain text is text opens a
// private section: after normalising (see Words), its first word is
// "private", or its words start with one of the practice's extra phrases.
// So "Private notes", "Private:", "PRIVATE (coach only)" and "Ｐｒｉｖａｔｅ"
// are private, and "Privately held beliefs" is not: its first word is
// "privately".
func (r Rule) Private(text string) bool {
	if len(r.phrases) == 0 && isASCII(text) {
		// The common case, without allocating: the first run of letters
		// and digits is the first word.
		i := strings.IndexFunc(text, isWordRune)
		if i < 0 {
			return false
		}
		j := strings.IndexFunc(text[i:], notWordRune)
		if j < 0 {
			j = len(text) - i
		}
		return strings.EqualFold(text[i:i+j], "private")
	}
	w := Words(text)
	if len(w) == 0 {
		return false
	}
	if w[0] == "private" {
		return true
	}
	for _, p := range r.phrases {
		if hasPrefix(w, p) {
			return true
		}
	}
	return false
}

func hasPrefix(words, phrase []string) bool {
	if len(phrase) > len(words) {
		return false
	}
	for i, p := range phrase {
		if words[i] != p {
			return false
		}
	}
	return true
}

// Words are the words of a heading as the privacy rule reads them: the
// text with default-ignorable and other invisible format characters
// (zero-width spaces and joiners, soft hyphens, byte-order marks, variation
// selectors, bidirectional controls) removed, in Unicode NFKC (full-width
// letters become plain ones, no-break spaces become spaces), case-folded,
// then split into runs of letters, digits and combining marks. Punctuation
// and spaces separate words, so they are trimmed from both ends as well.
func Words(text string) []string {
	return strings.FieldsFunc(Normalize(text), notWordRune)
}

// Normalize is the text the rule reads: invisible characters removed,
// NFKC, case-folded. ASCII text is only lower-cased, which is the same.
func Normalize(text string) string {
	if isASCII(text) {
		return strings.ToLower(text)
	}
	text = strings.Map(func(r rune) rune {
		if Ignorable(r) {
			return -1
		}
		return r
	}, text)
	text = norm.NFKC.String(text)
	// A Caser keeps state, so each call has its own.
	text = cases.Fold().String(text)
	return norm.NFKC.String(text)
}

// Ignorable reports whether r is a character a reader does not see:
// Unicode's default-ignorable code points (which include the variation
// selectors and the Hangul fillers) and every format character (Cf: soft
// hyphen, zero-width space and joiners, word joiner, BOM, bidi controls,
// tags).
func Ignorable(r rune) bool {
	if r < 0x80 {
		return false
	}
	return unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

func isWordRune(r rune) bool { return !notWordRune(r) }

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
