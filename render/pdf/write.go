package pdf

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/signintech/gopdf"
)

// papers are the paper sizes in points, by lower-case name.
var papers = map[string]gopdf.Rect{
	"":       {W: 595, H: 842},
	"a4":     {W: 595, H: 842},
	"letter": {W: 612, H: 792},
}

// DefaultMargins suit both A4 and Letter: about 20 mm at the top and 22 mm
// at the sides, with the footer inside the bottom margin.
var DefaultMargins = Margins{Top: 56, Right: 62, Bottom: 68, Left: 62}

// page is the drawing of one page, in absolute coordinates.
type page struct {
	ops []op
}

// paginate places chunks on pages of the given content height.
func paginate(chunks []chunk, top, bottom float64) []page {
	pages := []page{{}}
	y := top
	empty := true
	place := func(c *chunk, repeat bool) {
		if !empty {
			y += c.before
		}
		top := empty
		for _, o := range c.ops {
			if repeat {
				// A table's header repeated on a new page is read once.
				o.el = nil
			}
			if top && o.y < 0 && o.kind == opLine {
				// A quote's bar reaching up into the dropped gap.
				o.h += o.y
				o.y = 0
			}
			o.y += y
			pages[len(pages)-1].ops = append(pages[len(pages)-1].ops, o)
		}
		y += c.h
		empty = false
	}
	newPage := func() {
		pages = append(pages, page{})
		y = top
		empty = true
	}
	for i := 0; i < len(chunks); i++ {
		c := &chunks[i]
		if c.brk {
			if !empty {
				newPage()
			}
			continue
		}
		if !empty {
			// A group of chunks kept together moves as one if it fits a page.
			need := c.before + c.h
			for j := i; chunks[j].keep && j+1 < len(chunks) && !chunks[j+1].brk; j++ {
				need += chunks[j+1].before + chunks[j+1].h
			}
			fits := need-c.before <= bottom-top
			if y+need > bottom && fits || y+c.before+c.h > bottom {
				newPage()
			}
		}
		if empty && c.header != nil && i > 0 && chunks[i-1].header == c.header {
			place(c.header, true)
		}
		place(c, false)
	}
	return pages
}

// Write lays out the document and writes it as PDF to w. Characters that
// no font can draw are printed as "?" and listed in d.Missing.
func Write(w io.Writer, d *Document) error {
	pages, size, root, err := layoutTree(d)
	if err != nil {
		return err
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: size, Unit: gopdf.UnitPT})
	// Page content stays uncompressed: a handout grows by about 10 KB, but
	// each compressor costs more to set up than the whole page layout, and
	// the fonts, the bulk of the file, are compressed anyway.
	pdf.SetNoCompression()
	pdf.SetInfo(gopdf.PdfInfo{
		Title: d.Title, Author: d.Author, Subject: d.Subject,
		Creator: d.Creator, Producer: "rapport", CreationDate: d.Created,
	})
	var used [256]bool
	for _, p := range pages {
		for _, o := range p.ops {
			if o.kind == opText {
				used[o.face] = true
			}
		}
	}
	for f, u := range used {
		if u {
			if err := embed(pdf, face(f)); err != nil {
				return fmt.Errorf("embed font %s: %w", metricsOf(face(f)).name, err)
			}
		}
	}
	tg := &tagger{}
	for i, p := range pages {
		pdf.AddPage()
		if err := draw(pdf, p.ops, tg, i); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	out, err := tg.finish(buf.Bytes(), d, root, len(pages))
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// parsed holds every font a document has embedded, parsed once for the
// run: parsing a face's TrueType file took longer than laying out and
// drawing a whole handout. Each document takes its own copy, with its own
// subset (gopdf.FontContainer).
var parsed struct {
	mu    sync.Mutex
	fonts gopdf.FontContainer
	err   map[string]error // by PDF font name: loaded, or why not
}

// embed adds face f to the document, subset to what it draws.
func embed(pdf *gopdf.GoPdf, f face) error {
	name := pdfFontName(f)
	parsed.mu.Lock()
	err, ok := parsed.err[name]
	if !ok {
		if parsed.err == nil {
			parsed.err = map[string]error{}
		}
		err = parsed.fonts.AddTTFFontData(name, metricsOf(f).data)
		parsed.err[name] = err
	}
	parsed.mu.Unlock()
	if err != nil {
		return err
	}
	return pdf.AddTTFFontFromFontContainer(name, &parsed.fonts)
}

// layout breaks the document into pages, footers included, and records the
// characters no font could draw in d.Missing.
func layout(d *Document) ([]page, gopdf.Rect, error) {
	pages, size, _, err := layoutTree(d)
	return pages, size, err
}

// layoutTree is layout that also returns the document's structure tree,
// whose root is the whole document.
func layoutTree(d *Document) ([]page, gopdf.Rect, *elem, error) {
	size, ok := papers[strings.ToLower(d.Paper)]
	if !ok {
		return nil, size, nil, fmt.Errorf("unknown paper size %q (want A4 or Letter)", d.Paper)
	}
	m := d.Margins
	if m == (Margins{}) {
		m = DefaultMargins
	}
	// Large print is the same layout on a smaller page, magnified to the
	// paper: every size and distance grows alike, so nothing is left at
	// the small size, while the margins stay those of the paper.
	scale := 1.0
	if d.LargePrint {
		scale = LargeBodySize / bodySize
	}
	vsize := gopdf.Rect{W: size.W / scale, H: size.H / scale}
	vm := Margins{Top: m.Top / scale, Right: m.Right / scale, Bottom: m.Bottom / scale, Left: m.Left / scale}
	l := &layouter{missing: map[rune]bool{}, room: vsize.H - vm.Bottom - vm.Top, large: d.LargePrint}
	root := &elem{role: "Document"}
	l.parent = root
	width := vsize.W - vm.Left - vm.Right
	chunks := l.blocks(d.Blocks, vm.Left, width)
	pages := paginate(chunks, vm.Top, vsize.H-vm.Bottom)
	for i := range pages {
		pages[i].ops = append(pages[i].ops, l.footer(d.Footer, i+1, len(pages), vsize, vm)...)
		if scale != 1 {
			for j := range pages[i].ops {
				o := &pages[i].ops[j]
				o.x, o.y, o.w, o.h, o.size = o.x*scale, o.y*scale, o.w*scale, o.h*scale, o.size*scale
			}
		}
	}
	d.Missing = nil
	for r := range l.missing {
		d.Missing = append(d.Missing, r)
	}
	slices.Sort(d.Missing)
	return pages, size, root, nil
}

// footer draws a hairline and the footer texts below the content area.
func (l *layouter) footer(f Footer, i, n int, size gopdf.Rect, m Margins) []op {
	const fs = 8.0
	x, w := m.Left, size.W-m.Left-m.Right
	// Large print's footer holds fewer letters: the trace line, which lets
	// a printed copy be matched to its records, then takes a line of its
	// own below rather than losing its revision, and the footer moves up.
	ts := textStyle{size: fs, base: Sans, color: mutedColor}
	one := func(s string) line { return l.wrap(Plain(s), ts, 1e9)[0] }
	own := l.large && f.Centre != "" && one(f.Centre).width > w*0.36
	y := size.H - m.Bottom + 22
	if own {
		y -= fs * 0.7
	}
	ops := []op{{kind: opLine, x: x, y: y - 12, w: w, size: 0.4, color: faintColor}}
	text := func(s string, at float64, align Align, room float64) {
		// No footer holds more than a few hundred letters: cut a longer
		// name there first, so the shortening below stays quick.
		if r := []rune(s); len(r) > 300 {
			s = string(r[:300]) + "…"
		}
		ln := one(s)
		// Shorten a long practice or client name rather than overprint.
		for ln.width > room && s != "" {
			r := []rune(strings.TrimSuffix(s, "…"))
			s = strings.TrimRight(string(r[:len(r)-1]), " ") + "…"
			ln = one(s)
		}
		switch align {
		case AlignCentre:
			at -= ln.width / 2
		case AlignRight:
			at -= ln.width
		}
		ops = lineOps(ln, at, y, ops)
	}
	if f.Left != "" {
		text(f.Left, x, AlignLeft, w*0.3)
	}
	switch {
	case f.Centre == "":
	case own:
		n := len(ops)
		text(f.Centre, x+w/2, AlignCentre, w)
		for j := n; j < len(ops); j++ {
			ops[j].y += fs * 1.4
		}
	default:
		text(f.Centre, x+w/2, AlignCentre, w*0.36)
	}
	text(f.pageOf(i, n), x+w, AlignRight, w*0.3)
	return ops
}

// pdfFontName is a face's name in the PDF. gopdf embeds only the glyphs a
// document uses; the six capital letters and "+" before the name say so to
// a reader (PDF 32000 9.6.4), and differ from face to face.
func pdfFontName(f face) string {
	tag := []byte{'R', 'A', 'P', 'A', 'A' + byte(f/26), 'A' + byte(f%26)}
	return string(tag) + "+" + metricsOf(f).name
}

// draw renders one page's operations, switching fonts and colours only
// when they change, and marks each text and tick box as the content of its
// structure element and everything else as an artifact (see tagger).
func draw(pdf *gopdf.GoPdf, ops []op, tg *tagger, page int) error {
	curFace, curSize := face(255), 0.0
	artifact := false
	defer func() {
		if artifact {
			tg.marker(pdf, markEnd, 0)
		}
	}()
	for _, o := range ops {
		tagged := o.el != nil && (o.kind == opText || o.kind == opBox)
		switch {
		case o.kind == opLink:
			tg.link(page, o.el)
		case tagged && artifact:
			tg.marker(pdf, markEnd, 0)
			artifact = false
		case !tagged && !artifact:
			tg.marker(pdf, markArtifact, 0)
			artifact = true
		}
		if tagged {
			tg.begin(pdf, page, o)
		}
		switch o.kind {
		case opText:
			if o.face != curFace || o.size != curSize {
				if err := pdf.SetFont(pdfFontName(o.face), "", o.size); err != nil {
					return fmt.Errorf("set font: %w", err)
				}
				curFace, curSize = o.face, o.size
			}
			pdf.SetTextColor(o.color.r, o.color.g, o.color.b)
			pdf.SetXY(o.x, o.y)
			if err := pdf.Text(o.text); err != nil {
				return fmt.Errorf("draw text: %w", err)
			}
		case opLine:
			pdf.SetStrokeColor(o.color.r, o.color.g, o.color.b)
			pdf.SetLineWidth(o.size)
			pdf.Line(o.x, o.y, o.x+o.w, o.y+o.h)
		case opRect:
			pdf.SetStrokeColor(o.color.r, o.color.g, o.color.b)
			pdf.SetLineWidth(o.size)
			pdf.RectFromUpperLeftWithStyle(o.x, o.y, o.w, o.h, "D")
		case opFill:
			pdf.SetFillColor(o.color.r, o.color.g, o.color.b)
			pdf.RectFromUpperLeftWithStyle(o.x, o.y, o.w, o.h, "F")
		case opCircle:
			pdf.SetStrokeColor(o.color.r, o.color.g, o.color.b)
			pdf.SetLineWidth(o.size)
			pdf.Oval(o.x, o.y, o.x+o.w, o.y+o.h)
		case opLink:
			pdf.AddExternalLink(o.url, o.x, o.y, o.w, o.h)
		case opBox:
			k := o.size // large print magnifies the strokes too
			if k == 0 {
				k = 1
			}
			pdf.SetStrokeColor(o.color.r, o.color.g, o.color.b)
			pdf.SetLineWidth(0.8 * k)
			pdf.RectFromUpperLeftWithStyle(o.x, o.y, o.w, o.h, "D")
			if o.text == "x" {
				// A tick drawn as two strokes: the fonts have no ✓.
				pdf.SetLineWidth(1.3 * k)
				pdf.Line(o.x+1.8*k, o.y+o.h*0.52, o.x+o.w*0.42, o.y+o.h-1.8*k)
				pdf.Line(o.x+o.w*0.42, o.y+o.h-1.8*k, o.x+o.w+1.2*k, o.y-1.5*k)
			}
		}
		if tagged {
			tg.marker(pdf, markEnd, 0)
		}
	}
	return nil
}
