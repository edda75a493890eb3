package check

import (
	"bufio"
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/records"
	"golang.org/x/text/unicode/norm"
)

// glyphMissing: a character in a record the client is given that no font
// of the builtin PDF engine draws, so the PDF handout would print it as
// "?". Each character is named once per record, at its first line.
func glyphMissing(in *In, r Report) {
	if in.Config.Drawable == nil {
		return
	}
	for _, rec := range clientFacing(in.Client) {
		if rec == nil || !mayLackGlyph(rec.NonASCII, in.Config.Drawable) {
			continue
		}
		data, _, err := in.Practice.ReadClientFile(rec.Path)
		if err != nil {
			continue // file-unreadable says so
		}
		missingGlyphs(rec.Path, data, in.Config.Drawable, r)
	}
}

// mayLackGlyph reports whether a record holding these characters could
// print one as "?": one no font draws, or one that NFC, as missingGlyphs
// and the PDF engine read text, may turn into another: a combining mark or
// a Hangul vowel, composed with the letter before it, or a character NFC
// replaces (the Ohm sign by Omega). Only such a record is read again to
// find the lines.
func mayLackGlyph(runes []rune, drawable func(rune) bool) bool {
	var buf [utf8.UTFMax]byte
	for _, ch := range runes {
		if unicode.Is(unicode.M, ch) || !(unicode.IsControl(ch) || unicode.IsSpace(ch) || drawable(ch)) {
			return true
		}
		if b := buf[:utf8.EncodeRune(buf[:], ch)]; !norm.NFC.IsNormal(b) || !norm.NFC.Properties(b).BoundaryBefore() {
			return true
		}
	}
	return false
}

func missingGlyphs(path string, data []byte, drawable func(rune) bool, r Report) {
	seen := map[rune]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), len(data)+1)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if ascii(line) {
			continue
		}
		col := 0
		for _, ch := range norm.NFC.String(string(line)) {
			col++
			if ch < 0x80 || seen[ch] || unicode.IsControl(ch) || unicode.IsSpace(ch) || drawable(ch) {
				continue
			}
			seen[ch] = true
			r.Problem(records.Problem{Path: path, Line: n, Col: col,
				Message: fmt.Sprintf("no font of the builtin PDF engine draws %q (U+%04X): the PDF handout prints it as ?", string(ch), ch)})
		}
	}
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
