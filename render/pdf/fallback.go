package pdf

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/flopp/go-findfont"
	tsfont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
	"golang.org/x/image/font/sfnt"
)

// maxSystemFont bounds the size of a system font read for a missing glyph;
// a full CJK font is 5 to 20 MB.
const maxSystemFont = 64 << 20

// system holds the installed fonts, searched only when a character is
// missing from every embedded face, and the ones taken into use.
var system struct {
	mu      sync.Mutex
	scanned bool
	files   []string        // candidate font files, the preferred first
	parsed  map[string]bool // files taken into use
	covers  map[string][]runeRange
	faces   []*metrics // in use: face numFaces+i is faces[i]
	byRune  map[runeKey]face
}

// runeKey is a character sought in a regular or a bold face.
type runeKey struct {
	r    rune
	bold bool
}

// noFace marks a character no system font draws.
const noFace = face(255)

// systemFace gives the metrics of a system font in use.
func systemFace(f face) *metrics {
	system.mu.Lock()
	defer system.mu.Unlock()
	return system.faces[f-numFaces]
}

// fallback finds an installed font that draws r, preferring a bold one for
// a bold face and a serif one for a serif face. Fonts are read only when
// first needed, and a file that is not a TrueType font gopdf can embed is
// skipped.
func fallback(f face, r rune) (face, bool) {
	isBold := f == bold || f == boldItalic || f == sansBold || f == sansBoldItalic
	k := runeKey{r, isBold}
	system.mu.Lock()
	defer system.mu.Unlock()
	if g, ok := system.byRune[k]; ok {
		return g, g != noFace
	}
	if system.byRune == nil {
		system.byRune = map[runeKey]face{}
		system.parsed = map[string]bool{}
		system.covers = map[string][]runeRange{}
	}
	if !system.scanned {
		system.files = candidates(findfont.List())
		system.scanned = true
	}
	g := noFace
	for _, m := range preferred(system.faces, isBold) {
		if m.has(r) {
			g = faceIndex(m)
			break
		}
	}
	if g == noFace {
		for _, path := range orderFiles(system.files, isBold) {
			if system.parsed[path] || len(system.faces) >= int(noFace-numFaces) {
				continue
			}
			cov, ok := system.covers[path]
			if !ok {
				cov = coverage(path)
				system.covers[path] = cov
			}
			if !inRanges(cov, r) {
				continue
			}
			m := loadSystem(path)
			if m == nil || !m.has(r) {
				continue
			}
			system.parsed[path] = true
			system.faces = append(system.faces, m)
			g = face(int(numFaces) + len(system.faces) - 1)
			break
		}
	}
	system.byRune[k] = g
	return g, g != noFace
}

// faceIndex is the face of a system font in use; the lock is held.
func faceIndex(m *metrics) face {
	return face(int(numFaces) + slices.Index(system.faces, m))
}

// preferred orders the fonts in use by weight: bold first for a bold face.
func preferred(ms []*metrics, isBold bool) []*metrics {
	out := slices.Clone(ms)
	slices.SortStableFunc(out, func(a, b *metrics) int {
		return boolRank(isBoldName(a.name) != isBold) - boolRank(isBoldName(b.name) != isBold)
	})
	return out
}

func orderFiles(files []string, isBold bool) []string {
	out := slices.Clone(files)
	slices.SortStableFunc(out, func(a, b string) int {
		return boolRank(isBoldName(a) != isBold) - boolRank(isBoldName(b) != isBold)
	})
	return out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isBoldName(s string) bool { return strings.Contains(strings.ToLower(filepath.Base(s)), "bold") }

// candidates keeps the TrueType files among the installed fonts, upright
// and of normal width first, in a stable order so that the same machine
// always picks the same font.
func candidates(paths []string) []string {
	var out []string
	for _, p := range paths {
		if strings.EqualFold(filepath.Ext(p), ".ttf") {
			out = append(out, p)
		}
	}
	rank := func(p string) int {
		n := strings.ToLower(filepath.Base(p))
		k := 0
		for _, w := range []string{"italic", "oblique", "condensed", "narrow", "mono", "math", "light", "thin", "black"} {
			if strings.Contains(n, w) {
				k++
			}
		}
		return k
	}
	slices.Sort(out)
	slices.SortStableFunc(out, func(a, b string) int { return rank(a) - rank(b) })
	return out
}

// runeRange is a run of characters a font maps to glyphs, both ends in.
type runeRange struct{ lo, hi rune }

// coverage reads which characters an installed font draws, kept as a few
// ranges so that a font is read once however many characters are sought,
// and only the fonts taken into use stay in memory. A font that cannot be
// used covers nothing.
func coverage(path string) []runeRange {
	data, ok := readSystem(path)
	if !ok {
		return nil
	}
	// Only the cmap table is read: parsing the whole font would read every
	// glyph of a CJK font.
	ld, err := ot.NewLoader(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	raw, err := ld.RawTable(ot.MustNewTag("cmap"))
	if err != nil {
		return nil
	}
	table, _, err := tables.ParseCmap(raw)
	if err != nil {
		return nil
	}
	cmap, _, err := tsfont.ProcessCmap(table, 0)
	if err != nil {
		return nil
	}
	var rs []rune
	it := cmap.Iter()
	for it.Next() {
		if r, g := it.Char(); g != 0 {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	var out []runeRange
	for _, r := range rs {
		if n := len(out); n > 0 && r <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, r)
			continue
		}
		out = append(out, runeRange{r, r})
	}
	return out
}

func inRanges(rs []runeRange, r rune) bool {
	i, _ := slices.BinarySearchFunc(rs, r, func(x runeRange, r rune) int {
		switch {
		case x.hi < r:
			return -1
		case x.lo > r:
			return 1
		}
		return 0
	})
	return i < len(rs) && rs[i].lo <= r && r <= rs[i].hi
}

// readSystem reads an installed font file if it is a TrueType font of a
// sensible size.
func readSystem(path string) ([]byte, bool) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxSystemFont {
		return nil, false
	}
	data, err := os.ReadFile(path)
	if err != nil || !hasTables(data, "glyf", "loca", "cmap", "hmtx") {
		return nil, false
	}
	return data, true
}

// loadSystem reads one installed font, or nil if it cannot be used.
func loadSystem(path string) *metrics {
	data, ok := readSystem(path)
	if !ok {
		return nil
	}
	if _, err := sfnt.Parse(data); err != nil {
		return nil
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	m, err := newMetrics(name, data)
	if err != nil {
		return nil
	}
	return m
}

// hasTables reports whether a font file is a single TrueType font with
// every named table: gopdf embeds glyf outlines, not CFF nor collections.
func hasTables(font []byte, tags ...string) bool {
	if len(font) < 12 {
		return false
	}
	be := binary.BigEndian
	if v := be.Uint32(font); v != 0x00010000 && v != 0x74727565 { // TrueType, "true"
		return false
	}
	n := int(be.Uint16(font[4:]))
	if len(font) < 12+16*n {
		return false
	}
	found := 0
	for _, want := range tags {
		for i := range n {
			if string(font[12+16*i:12+16*i+4]) == want {
				found++
				break
			}
		}
	}
	return found == len(tags)
}
