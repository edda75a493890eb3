package guard

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text is the normalised text of one file, or of one passage: its words in
// lower case, separated by single spaces, with a space before the first and
// after the last, so that a pattern " alice smith " matches whole words
// only. Everything that is neither a letter nor a digit separates words:
// spaces of every kind, punctuation, typographic quotes, dashes and
// apostrophes alike, so "don’t" and "don't" are both "don t". Characters
// that draw nothing (soft hyphens, zero-width spaces and joiners) are
// dropped, joining what they split. Text that is not ASCII is first brought
// to Unicode NFKC and case-folded, so full-width and compatibility forms
// read as the letters they stand for.
//
// Add joins its text to what came before, as inline markup does (an <em>
// inside a word does not split it); Break ends a word, as a block or an
// attribute does. The zero Text is ready to use.
type Text struct {
	buf []byte
}

// Bytes is the normalised text, always starting and ending with a space.
func (t *Text) Bytes() []byte {
	t.Break()
	return t.buf
}

// Reset empties t for reuse, keeping its memory.
func (t *Text) Reset() {
	t.buf = t.buf[:0]
}

// Break ends the current word.
func (t *Text) Break() {
	if len(t.buf) == 0 || t.buf[len(t.buf)-1] != ' ' {
		t.buf = append(t.buf, ' ')
	}
}

// Add appends s, joined to the word before it.
func (t *Text) Add(s string) { add(t, s) }

// AddBytes is Add for bytes, such as an HTML tokenizer's.
func (t *Text) AddBytes(b []byte) { add(t, b) }

func add[S string | []byte](t *Text, s S) {
	buf := t.buf
	if len(buf) == 0 {
		buf = append(buf, ' ')
	}
	last := buf[len(buf)-1]
	i := 0
	for ; i < len(s); i++ {
		b := s[i]
		if b >= utf8.RuneSelf {
			break
		}
		switch c := asciiClass[b]; {
		case c > ' ':
			buf = append(buf, c)
			last = c
		case c == ' ' && last != ' ':
			buf = append(buf, ' ')
			last = ' '
		}
	}
	t.buf = buf
	if i == len(s) {
		return
	}
	// The rest holds other characters: bring it to NFKC first (full-width
	// letters, ligatures and the like become the letters they stand for),
	// then fold each rune's case.
	switch rest := any(s[i:]).(type) {
	case string:
		if !norm.NFKC.IsNormalString(rest) {
			rest = norm.NFKC.String(rest)
		}
		for _, r := range rest {
			t.addRune(r)
		}
	case []byte:
		if !norm.NFKC.IsNormal(rest) {
			rest = norm.NFKC.Bytes(rest)
		}
		for j := 0; j < len(rest); {
			if c := rest[j]; c < utf8.RuneSelf {
				t.addByte(asciiClass[c])
				j++
				continue
			}
			r, n := utf8.DecodeRune(rest[j:])
			t.addRune(r)
			j += n
		}
	}
}

func (t *Text) addRune(r rune) {
	switch {
	case r < utf8.RuneSelf:
		t.addByte(asciiClass[r])
	case ignorable(r):
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r), unicode.Is(unicode.Mc, r):
		t.buf = appendFolded(t.buf, r)
	default:
		t.addByte(' ')
	}
}

// appendFolded appends r with its case folded: lower case, and the few
// letters whose folding is longer or differs from it, so "STRASSE" and
// "Straße" are one word.
func appendFolded(b []byte, r rune) []byte {
	switch r {
	case 'ß', 'ẞ':
		return append(b, "ss"...)
	case 'ς':
		r = 'σ'
	}
	return utf8.AppendRune(b, unicode.ToLower(r))
}

func (t *Text) addByte(c byte) {
	switch c {
	case 0:
	case ' ':
		t.Break()
	default:
		t.buf = append(t.buf, c)
	}
}

// ignorable reports whether r draws nothing and so must not split a word:
// format characters such as the soft hyphen and zero-width space, variation
// selectors and the other default-ignorable code points.
func ignorable(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}

// asciiClass maps an ASCII byte to what Text keeps of it: the lower-case
// letter or digit, a space for a separator, or 0 for a control character
// that draws nothing.
var asciiClass = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			t[c] = byte(c)
		case c >= 'A' && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		case c < ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v', c == 0x7f:
			t[c] = 0
		default:
			t[c] = ' '
		}
	}
	return t
}()

// Normalize is s as Text holds it, without the spaces around it.
func Normalize(s string) string {
	var t Text
	t.Add(s)
	b := t.Bytes()
	if len(b) <= 1 {
		return ""
	}
	return string(b[1 : len(b)-1])
}
