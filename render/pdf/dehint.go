package pdf

import (
	"encoding/binary"
	"errors"
	"sort"
)

// dehint returns a copy of a TrueType font without glyph hinting
// instructions. PDF viewers render embedded fonts unhinted or auto-hinted,
// so the instructions (a third or more of the Go fonts' glyph data) would
// only make every handout bigger and slower to write.
func dehint(font []byte) ([]byte, error) {
	be := binary.BigEndian
	if len(font) < 12 {
		return nil, errors.New("font too short")
	}
	type table struct {
		tag         string
		data        []byte
		off, length uint32
	}
	n := int(be.Uint16(font[4:]))
	if len(font) < 12+16*n {
		return nil, errors.New("truncated table directory")
	}
	tables := make([]table, n)
	byTag := map[string]int{}
	for i := range n {
		e := font[12+16*i:]
		t := table{tag: string(e[:4]), off: be.Uint32(e[8:]), length: be.Uint32(e[12:])}
		if uint64(t.off)+uint64(t.length) > uint64(len(font)) {
			return nil, errors.New("table " + t.tag + " out of range")
		}
		t.data = font[t.off : t.off+t.length]
		tables[i] = t
		byTag[t.tag] = i
	}
	hi, li, gi, mi := byTag["head"], byTag["loca"], byTag["glyf"], byTag["maxp"]
	for _, tag := range []string{"head", "loca", "glyf", "maxp"} {
		if _, ok := byTag[tag]; !ok {
			return nil, errors.New("no " + tag + " table")
		}
	}
	head := append([]byte(nil), tables[hi].data...)
	long := be.Uint16(head[50:]) == 1
	numGlyphs := int(be.Uint16(tables[mi].data[4:]))
	loca, glyf := tables[li].data, tables[gi].data
	offset := func(i int) int {
		if long {
			return int(be.Uint32(loca[4*i:]))
		}
		return 2 * int(be.Uint16(loca[2*i:]))
	}
	if need := (numGlyphs + 1) * 2; !long && len(loca) < need || long && len(loca) < 2*need {
		return nil, errors.New("loca table too short")
	}

	var newGlyf []byte
	offsets := make([]int, 0, numGlyphs+1)
	for g := range numGlyphs {
		offsets = append(offsets, len(newGlyf))
		a, b := offset(g), offset(g+1)
		if a > b || b > len(glyf) {
			return nil, errors.New("glyph out of range")
		}
		newGlyf = append(newGlyf, stripGlyph(glyf[a:b])...)
		if len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, make([]byte, 4-len(newGlyf)%4)...)
		}
	}
	offsets = append(offsets, len(newGlyf))
	// Short offsets (halved, 16 bits) when the glyph data is small enough.
	var newLoca []byte
	if len(newGlyf) < 0x20000 {
		newLoca = make([]byte, 2*len(offsets))
		for i, o := range offsets {
			be.PutUint16(newLoca[2*i:], uint16(o/2))
		}
		be.PutUint16(head[50:], 0)
	} else {
		newLoca = make([]byte, 4*len(offsets))
		for i, o := range offsets {
			be.PutUint32(newLoca[4*i:], uint32(o))
		}
		be.PutUint16(head[50:], 1)
	}
	tables[hi].data, tables[li].data, tables[gi].data = head, newLoca, newGlyf

	// Write the font again, tables in tag order, each 4-byte aligned.
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	out := make([]byte, 12+16*n)
	copy(out, font[:12])
	for i, t := range tables {
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		e := out[12+16*i:]
		copy(e[:4], t.tag)
		be.PutUint32(e[4:], checksum(t.data))
		be.PutUint32(e[8:], uint32(len(out)))
		be.PutUint32(e[12:], uint32(len(t.data)))
		out = append(out, t.data...)
	}
	return out, nil
}

// stripGlyph drops the instructions of one glyph's data.
func stripGlyph(g []byte) []byte {
	be := binary.BigEndian
	if len(g) < 10 {
		return g
	}
	contours := int16(be.Uint16(g))
	if contours >= 0 {
		p := 10 + 2*int(contours)
		if len(g) < p+2 {
			return g
		}
		ilen := int(be.Uint16(g[p:]))
		if len(g) < p+2+ilen {
			return g
		}
		out := make([]byte, 0, len(g)-ilen)
		out = append(out, g[:p]...)
		out = append(out, 0, 0)
		return append(out, g[p+2+ilen:]...)
	}
	// A composite glyph: walk its components, clear "we have instructions"
	// and cut what follows the last component.
	out := append([]byte(nil), g...)
	p := 10
	for {
		if len(out) < p+4 {
			return g
		}
		flags := be.Uint16(out[p:])
		be.PutUint16(out[p:], flags&^0x0100)
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // no MORE_COMPONENTS
			break
		}
	}
	if p > len(out) {
		return g
	}
	return out[:p]
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
