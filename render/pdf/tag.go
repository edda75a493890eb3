package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/signintech/gopdf"
)

// A tagged PDF needs two things gopdf cannot write: marked content in the
// page streams (BDC ... EMC around each text, with its MCID) and objects it
// does not know (the structure tree, and entries in the catalog, the pages
// and the link annotations). gopdf has no API for raw content or for its
// catalog, and no other well-kept pure-Go PDF writer can tag either, so
// rapport keeps gopdf for what it does well (fonts, subsetting, text) and
// finishes its output itself:
//
//   - while drawing, a marker is written where a marked-content sequence
//     begins and ends, as the one gopdf operator that takes arbitrary
//     numbers: a dash pattern, [7919 kind id] 0 d, never otherwise used;
//   - finish rewrites the file: each page's content with the markers turned
//     into BDC/BMC/EMC, the catalog, pages and annotations with the entries
//     tagging needs, and the structure tree as new objects, with a new
//     cross-reference table. The gopdf file is uncompressed and regular,
//     and its own cross-reference table says where each object is, so no
//     general PDF parser is needed.

// markerMagic opens every marker's dash array.
const markerMagic = 7919

// Marker kinds.
const (
	markContent  = 1 // a marked-content sequence of a structure element
	markArtifact = 2 // page furniture: rules, boxes, shading, the footer
	markEnd      = 3
)

// mark is one marked-content sequence: a text or a tick box of el.
type mark struct {
	el         *elem
	page, mcid int
	seq        int
}

// tagger collects what draw marks, page by page.
type tagger struct {
	marks  []mark
	mcids  []int     // next MCID per page
	annots [][]*elem // per page, the Link element of each annotation, in order
}

func (t *tagger) marker(pdf *gopdf.GoPdf, kind, id int) {
	pdf.SetCustomLineType([]float64{markerMagic, float64(kind), float64(id)}, 0)
}

// begin marks the start of o's drawing on page p; end must follow.
func (t *tagger) begin(pdf *gopdf.GoPdf, p int, o op) {
	for len(t.mcids) <= p {
		t.mcids = append(t.mcids, 0)
	}
	t.marks = append(t.marks, mark{el: o.el, page: p, mcid: t.mcids[p], seq: o.seq})
	t.mcids[p]++
	t.marker(pdf, markContent, len(t.marks)-1)
}

// link records the next annotation of page p.
func (t *tagger) link(p int, el *elem) {
	for len(t.annots) <= p {
		t.annots = append(t.annots, nil)
	}
	t.annots[p] = append(t.annots[p], el)
}

// object is one "N 0 obj ... endobj" of the file being finished.
type object struct {
	num  int
	data []byte
}

// finish rewrites gopdf's output as a tagged PDF.
// root is the document's structure tree, made by the layout.
func (t *tagger) finish(in []byte, d *Document, root *elem, npages int) ([]byte, error) {
	objs, trailer, header, err := splitObjects(in)
	if err != nil {
		return nil, fmt.Errorf("tag pdf: %w", err)
	}
	get := func(n int) []byte {
		if n > 0 && n < len(objs) {
			return objs[n]
		}
		return nil
	}
	catalogNum := refIn(trailer, "Root")
	catalog := get(catalogNum)
	pagesObj := get(refIn(catalog, "Pages"))
	if catalog == nil || pagesObj == nil {
		return nil, errors.New("tag pdf: no catalog or page tree")
	}
	kids := refsIn(pagesObj, "Kids")
	if len(kids) != npages {
		return nil, fmt.Errorf("tag pdf: %d pages in the file, %d laid out", len(kids), npages)
	}

	// Number the structure elements that hold something, in reading order.
	next := len(objs)
	alloc := func() int { next++; return next - 1 }
	treeRoot := alloc()
	parentTree := alloc()
	metadata := alloc()
	for _, m := range t.marks {
		m.el.content = append(m.el.content, kid{seq: m.seq, pg: kids[m.page], mcr: fmt.Sprintf("<< /Type /MCR /Pg %d 0 R /MCID %d >>", kids[m.page], m.mcid)})
	}
	annotKey := map[int]int{}  // annotation object -> parent tree key
	annotEl := map[int]*elem{} // annotation object -> its Link element
	key := npages
	for p, els := range t.annots {
		if p >= len(kids) {
			break
		}
		refs := refsIn(get(kids[p]), "Annots")
		for i, el := range els {
			if i >= len(refs) || el == nil {
				continue
			}
			el.content = append(el.content, kid{seq: lastSeq(el.content) + 1, pg: kids[p], mcr: fmt.Sprintf("<< /Type /OBJR /Pg %d 0 R /Obj %d 0 R >>", kids[p], refs[i])})
			annotKey[refs[i]] = key
			annotEl[refs[i]] = el
			objs[refs[i]] = withEntries(objs[refs[i]], fmt.Sprintf("/StructParent %d /Contents %s", key, pdfText("link to "+el.url)))
			key++
		}
	}
	var number func(e *elem) bool
	number = func(e *elem) bool {
		keep := len(e.content) > 0
		for _, k := range e.kids {
			if number(k) {
				keep = true
			}
		}
		if keep || e.parent == nil {
			e.num = alloc()
		}
		return keep
	}
	number(root)

	var extra []object
	var write func(e *elem, parent int)
	write = func(e *elem, parent int) {
		ks := e.content
		for _, k := range e.kids {
			if k.num != 0 {
				ks = append(ks, kid{seq: k.seq, mcr: strconv.Itoa(k.num) + " 0 R"})
				write(k, e.num)
			}
		}
		slices.SortStableFunc(ks, func(a, b kid) int { return a.seq - b.seq })
		var b strings.Builder
		fmt.Fprintf(&b, "<< /Type /StructElem /S /%s /P %d 0 R", e.role, parent)
		for _, k := range ks {
			if k.pg != 0 {
				// The page of the element's first content: readers look
				// for an element's content there first.
				fmt.Fprintf(&b, " /Pg %d 0 R", k.pg)
				break
			}
		}
		b.WriteString(" /K [")
		for i, k := range ks {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(k.mcr)
		}
		b.WriteString("]")
		if e.alt != "" {
			fmt.Fprintf(&b, " /ActualText %s", pdfText(e.alt))
		}
		if e.scope != "" {
			fmt.Fprintf(&b, " /A << /O /Table /Scope /%s >>", e.scope)
		}
		b.WriteString(" >>")
		extra = append(extra, object{e.num, []byte(b.String())})
	}
	write(root, treeRoot)

	// The parent tree: for each page the element of each MCID, then the
	// Link element of each annotation.
	var pt strings.Builder
	pt.WriteString("<< /Nums [")
	byPage := make([][]string, npages)
	for _, m := range t.marks {
		for len(byPage[m.page]) <= m.mcid {
			byPage[m.page] = append(byPage[m.page], "null")
		}
		byPage[m.page][m.mcid] = strconv.Itoa(m.el.num) + " 0 R"
	}
	for p, refs := range byPage {
		fmt.Fprintf(&pt, " %d [%s]", p, strings.Join(refs, " "))
	}
	annotRefs := make([]int, 0, len(annotKey))
	for ref := range annotKey {
		annotRefs = append(annotRefs, ref)
	}
	slices.SortFunc(annotRefs, func(a, b int) int { return annotKey[a] - annotKey[b] })
	for _, ref := range annotRefs {
		fmt.Fprintf(&pt, " %d %d 0 R", annotKey[ref], annotEl[ref].num)
	}
	pt.WriteString(" ] >>")
	extra = append(extra,
		object{treeRoot, fmt.Appendf(nil, "<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>", root.num, parentTree, key)},
		object{parentTree, []byte(pt.String())},
		object{metadata, xmpObject(d.Title)},
	)

	// Pages: their content with marked content, and where they sit in the
	// parent tree; annotations are visited in the order of the structure.
	for p, ref := range kids {
		page := get(ref)
		cref := refIn(page, "Contents")
		stream, err := streamOf(get(cref))
		if err != nil {
			return nil, fmt.Errorf("tag pdf: page %d: %w", p+1, err)
		}
		objs[cref] = streamObject(cref, t.resolve(stream))
		objs[ref] = withEntries(page, fmt.Sprintf("/StructParents %d /Tabs /S", p))
	}
	lang := d.Lang
	if !validLang(lang) {
		lang = "en"
	}
	objs[catalogNum] = withEntries(catalog, fmt.Sprintf("/Lang (%s) /MarkInfo << /Marked true >> /StructTreeRoot %d 0 R /ViewerPreferences << /DisplayDocTitle true >> /Metadata %d 0 R",
		lang, treeRoot, metadata))

	// Write the file again: the objects by number, a new cross-reference
	// table, and the trailer with the new size.
	slices.SortFunc(extra, func(a, b object) int { return a.num - b.num })
	var out bytes.Buffer
	out.Grow(len(in) + len(in)/4)
	out.Write(header)
	offsets := make([]int, next)
	for n := 1; n < len(objs); n++ {
		offsets[n] = out.Len()
		out.Write(objs[n])
	}
	for _, o := range extra {
		offsets[o.num] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", o.num, o.data)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", next)
	for n := 1; n < next; n++ {
		fmt.Fprintf(&out, "%010d 00000 n \n", offsets[n])
	}
	trailer = trailerRE.ReplaceAll(trailer, fmt.Appendf(nil, "/Size %d", next))
	out.WriteString("trailer\n")
	out.Write(trailer)
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", xref)
	return out.Bytes(), nil
}

// resolve turns the markers of a page's content into marked content. It
// scans for the marker's fixed prefix rather than running a regular
// expression: a long handout has tens of thousands of them.
func (t *tagger) resolve(stream []byte) []byte {
	prefix := []byte("[7919.00 ")
	out := make([]byte, 0, len(stream)+len(stream)/8)
	for {
		i := bytes.Index(stream, prefix)
		if i < 0 {
			return append(out, stream...)
		}
		out = append(out, stream[:i]...)
		rest := stream[i+len(prefix):]
		end := bytes.Index(rest, []byte("] 0.00 d\n"))
		f := strings.Fields(string(rest[:max(end, 0)]))
		var kind, id int
		var err error
		if end >= 0 && len(f) == 2 {
			kind, err = strconv.Atoi(strings.TrimSuffix(f[0], ".00"))
			if err == nil {
				id, err = strconv.Atoi(strings.TrimSuffix(f[1], ".00"))
			}
		}
		switch {
		case end < 0 || len(f) != 2 || err != nil:
			// Not a marker after all: keep it as it is.
			out = append(out, prefix...)
			stream = rest
			continue
		case kind == markContent && id < len(t.marks):
			mk := t.marks[id]
			out = fmt.Appendf(out, "/%s <</MCID %d>> BDC\n", mk.el.role, mk.mcid)
		case kind == markArtifact:
			out = append(out, "/Artifact BMC\n"...)
		case kind == markEnd:
			out = append(out, "EMC\n"...)
		}
		stream = rest[end+len("] 0.00 d\n"):]
	}
}

// kid is an entry of a structure element's /K: an element, a marked-content
// reference or an annotation, at its place in reading order.
type kid struct {
	seq int
	pg  int // the page of marked content or an annotation; 0 for an element
	mcr string
}

func lastSeq(ks []kid) int {
	s := 0
	for _, k := range ks {
		s = max(s, k.seq)
	}
	return s
}

// splitObjects cuts gopdf's file into its objects by the offsets of its
// cross-reference table, and returns them by number with the trailer's
// dictionary and the header before the first object.
func splitObjects(in []byte) (objs [][]byte, trailer, header []byte, err error) {
	sx := bytes.LastIndex(in, []byte("startxref"))
	if sx < 0 {
		return nil, nil, nil, errors.New("no startxref")
	}
	xref, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(in[sx+len("startxref"):]), "%%EOF", 2)[0]))
	if err != nil || xref <= 0 || xref >= sx {
		return nil, nil, nil, errors.New("bad startxref")
	}
	lines := strings.Split(string(in[xref:sx]), "\n")
	if len(lines) < 3 || strings.TrimSpace(lines[0]) != "xref" {
		return nil, nil, nil, errors.New("no cross-reference table")
	}
	f := strings.Fields(lines[1])
	if len(f) != 2 || f[0] != "0" {
		return nil, nil, nil, errors.New("unexpected cross-reference section")
	}
	n, err := strconv.Atoi(f[1])
	if err != nil || n < 2 || len(lines) < 2+n {
		return nil, nil, nil, errors.New("bad cross-reference size")
	}
	offs := make([]int, n)
	for i := 1; i < n; i++ {
		fs := strings.Fields(lines[2+i])
		if len(fs) != 3 || fs[2] != "n" {
			return nil, nil, nil, fmt.Errorf("object %d is not in use", i)
		}
		if offs[i], err = strconv.Atoi(fs[0]); err != nil || offs[i] <= 0 || offs[i] >= xref {
			return nil, nil, nil, fmt.Errorf("bad offset of object %d", i)
		}
	}
	sorted := slices.Clone(offs[1:])
	slices.Sort(sorted)
	objs = make([][]byte, n)
	for i := 1; i < n; i++ {
		j, _ := slices.BinarySearch(sorted, offs[i])
		end := xref
		if j+1 < len(sorted) {
			end = sorted[j+1]
		}
		objs[i] = in[offs[i]:end]
		if !bytes.HasPrefix(objs[i], fmt.Appendf(nil, "%d 0 obj", i)) {
			return nil, nil, nil, fmt.Errorf("object %d is not where the table says", i)
		}
	}
	t := bytes.Index(in[xref:sx], []byte("trailer"))
	if t < 0 {
		return nil, nil, nil, errors.New("no trailer")
	}
	return objs, bytes.TrimLeft(in[xref+t+len("trailer"):sx], "\r\n"), in[:sorted[0]], nil
}

var (
	refREs    = map[string]*regexp.Regexp{}
	listREs   = map[string]*regexp.Regexp{}
	refRE     = regexp.MustCompile(`(\d+)\s+0\s+R`)
	lengthRE  = regexp.MustCompile(`/Length (\d+)`)
	trailerRE = regexp.MustCompile(`/Size \d+`)
)

func init() {
	for _, k := range []string{"Root", "Pages", "Contents"} {
		refREs[k] = regexp.MustCompile(`/` + k + `\s+(\d+)\s+0\s+R`)
	}
	for _, k := range []string{"Kids", "Annots"} {
		listREs[k] = regexp.MustCompile(`/` + k + `\s*\[([^\]]*)\]`)
	}
}

// refIn is the object number of the dictionary entry key, or 0.
func refIn(obj []byte, key string) int {
	m := refREs[key].FindSubmatch(obj)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// refsIn are the object numbers of the array entry key, in order.
func refsIn(obj []byte, key string) []int {
	m := listREs[key].FindSubmatch(obj)
	if m == nil {
		return nil
	}
	var out []int
	for _, r := range refRE.FindAllSubmatch(m[1], -1) {
		n, _ := strconv.Atoi(string(r[1]))
		out = append(out, n)
	}
	return out
}

// withEntries adds entries to an object's dictionary, before its last ">>".
func withEntries(obj []byte, entries string) []byte {
	end := bytes.LastIndex(obj, []byte(">>"))
	if end < 0 {
		return obj
	}
	out := make([]byte, 0, len(obj)+len(entries)+4)
	out = append(out, obj[:end]...)
	out = append(out, ' ')
	out = append(out, entries...)
	out = append(out, '\n')
	return append(out, obj[end:]...)
}

// streamOf is the data of a stream object as gopdf writes it.
func streamOf(obj []byte) ([]byte, error) {
	m := lengthRE.FindSubmatch(obj)
	s := bytes.Index(obj, []byte("stream\n"))
	if m == nil || s < 0 {
		return nil, errors.New("no content stream")
	}
	n, _ := strconv.Atoi(string(m[1]))
	s += len("stream\n")
	if s+n > len(obj) {
		return nil, errors.New("content stream shorter than its length")
	}
	return obj[s : s+n], nil
}

// streamObject is object n holding a stream without filters.
func streamObject(n int, data []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d 0 obj\n<<\n/Length %d\n>>\nstream\n", n, len(data))
	b.Write(data)
	b.WriteString("\nendstream\nendobj\n\n")
	return b.Bytes()
}

// pdfText is a text string: UTF-16 with a byte-order mark, in hex.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// validLang accepts a BCP 47 tag's letters, digits and hyphens only.
func validLang(s string) bool {
	if s == "" || len(s) > 35 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// xmpObject is the document's XMP metadata, with its title: PDF/UA asks
// for the title there as well as in the document information.
func xmpObject(title string) []byte {
	var esc strings.Builder
	for _, r := range title {
		switch r {
		case '<':
			esc.WriteString("&lt;")
		case '>':
			esc.WriteString("&gt;")
		case '&':
			esc.WriteString("&amp;")
		case '\t', '\n', '\r':
			esc.WriteByte(' ')
		default:
			if r < 0x20 || r == 0xFFFE || r == 0xFFFF {
				continue // not allowed in XML, even escaped
			}
			esc.WriteRune(r)
		}
	}
	xmp := `<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">` +
		esc.String() + `</rdf:li></rdf:Alt></dc:title></rdf:Description>
</rdf:RDF></x:xmpmeta>
<?xpacket end="r"?>`
	var b bytes.Buffer
	fmt.Fprintf(&b, "<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream", len(xmp), xmp)
	return b.Bytes()
}
