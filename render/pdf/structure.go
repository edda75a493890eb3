package pdf

import "strings"

// The structure tree of a tagged PDF: what a screen reader reads instead of
// the glyphs' order on the page. The layouter makes an element for each
// block as it lays it out (a heading, a paragraph, a list and its items, a
// table's rows and cells) and gives each text it draws the element it
// belongs to; rules, shading, boxes and the lines to write on are page
// furniture (artifacts), and so is the footer.

// elem is one structure element, such as a paragraph (role "P").
type elem struct {
	role   string // a standard structure type: P, H1, L, LI, Lbl, LBody, Table, TR, TH, TD, ...
	parent *elem
	kids   []*elem
	seq    int // creation order: an element's kids and content are read in this order
	// alt is read instead of the element's drawing, such as "done" for a
	// ticked box, which has no text of its own.
	alt string
	// scope is a header cell's: "Column" or "Row".
	scope string
	// url is a link's address, for the annotation's description.
	url string

	// Set when the file is finished: the element's marked content and
	// annotations, and its object number (0 when it holds nothing).
	content []kid
	num     int
}

// open starts an element under the current parent; the layouter makes
// elements in reading order.
func (l *layouter) open(role string) *elem {
	l.seq++
	e := &elem{role: role, parent: l.parent, seq: l.seq}
	if l.parent != nil {
		l.parent.kids = append(l.parent.kids, e)
	}
	return e
}

// within lays out inner blocks with e as their parent.
func (l *layouter) within(e *elem, f func() []chunk) []chunk {
	saved := l.parent
	l.parent = e
	defer func() { l.parent = saved }()
	return f()
}

// claim gives e every text and tick box in cs that has no element yet:
// what an inner block drew keeps its own. A link's words get a Link
// element of their own under e, shared with the link's annotation.
func (l *layouter) claim(cs []chunk, e *elem) {
	for i := range cs {
		var link *elem
		for j := range cs[i].ops {
			o := &cs[i].ops[j]
			switch {
			case o.el != nil:
			case o.kind == opText && writeIn(o.text):
				// A line of underscores is somewhere to write by hand,
				// not words: a screen reader would read out every one.
			case o.kind == opText && o.url != "":
				saved := l.parent
				l.parent = e
				link = l.open("Link")
				l.parent = saved
				link.url = o.url
				o.el = link
				l.seq++
				o.seq = l.seq
			case o.kind == opLink && link != nil && o.url == link.url:
				o.el = link
				link = nil
			case o.kind == opText || o.kind == opBox:
				o.el = e
				l.seq++
				o.seq = l.seq
			}
		}
	}
}

// writeIn reports whether a text is only underscores, a blank to fill in.
func writeIn(s string) bool {
	return len(s) > 2 && strings.Trim(s, "_") == ""
}
