// Package guard finds text a client-facing file must never carry: the
// client's private passages and the names and e-mail addresses of the
// practice's other clients. It knows nothing of records or Markdown; render
// feeds it the passages and the files' text, and refuses a file it finds
// something in.
//
// Both sides are compared as Text: normalised words. Private prose is
// matched by runs of useful length (whole sentences of six words or more,
// long ones in runs of at most fifteen), so a phrase any coach writes does
// not trip it; names and e-mail addresses are matched whole, on word
// boundaries, with an Aho-Corasick automaton built once for the practice.
package guard

import (
	"bytes"
	"hash/maphash"
	"math/bits"
	"strings"

	"github.com/coregx/ahocorasick"
)

// Source is where a passage was written.
type Source struct {
	Path string // the record, relative to the practice root
	Line int
	What string // what the passage is, such as "a Private section"
}

// Hit is a passage found in a file.
type Hit struct {
	Source
	Text string // the passage as matched, normalised
}

// The lengths that make a run of private prose worth matching: shorter
// fragments are what anyone writes.
const (
	minWords   = 6  // a run has at least this many words
	minChars   = 30 // and this many characters, spaces included
	minContent = 3  // of which this many are not common words
	maxWords   = 15 // a longer sentence is matched in runs of about this many
	anchor     = 3  // runs are looked up by their first words
)

// Passages is an index of one client's private text: make it with
// NewPassages, add with Add and AddWhole, then Find. A nil index holds
// nothing.
type Passages struct {
	seed    maphash.Seed
	anchors map[uint64][]int32
	// seen has a bit set for each anchor's hash, so that most words of a
	// file are passed over without a map lookup.
	seen    [1 << 10]uint64
	runs    []run
	allow   []string           // normalised text the file may carry in any case, padded
	allowAt map[string][]int32 // allow's entries by the anchor at each of their words
	tmp     Text               // reused to normalise runs
	words   []word             // reused to split blocks into words
}

type run struct {
	text string // normalised, single spaces, no outer spaces
	src  Source
}

// NewPassages starts an index. A run that lies within one of allow (in
// normalised form) is never a hit: text the handout shows by right, such as
// the client's goals and actions, or a scaffold's headings.
func NewPassages(allow ...string) *Passages {
	p := &Passages{seed: maphash.MakeSeed(), anchors: map[uint64][]int32{}, allowAt: map[string][]int32{}}
	for _, a := range allow {
		n := Normalize(a)
		if n == "" {
			continue
		}
		id := int32(len(p.allow))
		p.allow = append(p.allow, " "+n+" ")
		for at := 0; at < len(n); {
			k := anchorOf(n[at:])
			p.allowAt[k] = append(p.allowAt[k], id)
			i := strings.IndexByte(n[at:], ' ')
			if i < 0 {
				break
			}
			at += i + 1
		}
	}
	return p
}

// Len is how many runs the index holds.
func (p *Passages) Len() int { return len(p.runs) }

// Add indexes prose: the plain text of one block (a paragraph, a list
// item, a heading), written at src. It is split into sentences; short ones
// are joined to the next, long ones cut into runs, and runs shorter than a
// useful length or made of common words are left out. Line, when not nil,
// gives the source line of the byte at an offset of text, so each run names
// the line it starts on.
func (p *Passages) Add(text string, src Source, line func(offset int) int) {
	words := p.words[:0] // reused: a client's passages are added a block at a time
	defer func() { p.words = words[:0] }()
	flush := func() {
		for rest := words; len(rest) > 0; {
			n := len(rest)
			if n > maxWords {
				n = maxWords
				if len(rest)-n < minWords {
					n = len(rest) - minWords // leave the tail a useful run
				}
			}
			p.addRun(rest[:n], src, line)
			rest = rest[n:]
		}
		words = words[:0]
	}
	start := -1
	for i := 0; i <= len(text); i++ {
		var c byte = ' '
		if i < len(text) {
			c = text[i]
		}
		wordByte := c >= 0x80 || asciiClass[c] != ' ' && asciiClass[c] != 0
		if wordByte && start < 0 {
			start = i
		}
		if !wordByte && start >= 0 {
			words = append(words, word{text: text[start:i], at: start})
			start = -1
		}
		if (c == '.' || c == '!' || c == '?' || c == ';' || i == len(text)) && len(words) >= minWords {
			flush()
		}
	}
	flush() // a short last sentence is left out by addRun unless it is useful
}

type word struct {
	text string
	at   int
}

func (p *Passages) addRun(ws []word, src Source, line func(int) int) {
	p.tmp.Reset()
	for _, w := range ws {
		p.tmp.Add(w.text)
		p.tmp.Break()
	}
	b := p.tmp.Bytes()
	if len(b) < minChars+2 || !useful(b[1:len(b)-1]) {
		return
	}
	text := string(b[1 : len(b)-1])
	if line != nil {
		src.Line = line(ws[0].at)
	}
	p.add(text, src)
}

// AddWhole indexes a string to be matched whole, such as the address of a
// link written in a private section, when it has at least three words
// (https, a host and more) and twenty characters.
func (p *Passages) AddWhole(s string, src Source) {
	text := Normalize(s)
	if strings.Count(text, " ")+1 < anchor || len(text) < 20 {
		return
	}
	p.add(text, src)
}

func (p *Passages) add(text string, src Source) {
	if ids := p.allowAt[anchorOf(text)]; len(ids) > 0 {
		padded := " " + text + " "
		for _, id := range ids {
			if strings.Contains(p.allow[id], padded) {
				return
			}
		}
	}
	k := p.anchorKey(text)
	p.anchors[k] = append(p.anchors[k], int32(len(p.runs)))
	p.seen[k>>6%uint64(len(p.seen))] |= 1 << (k & 63)
	p.runs = append(p.runs, run{text: text, src: src})
}

// anchorOf is the first few words of a normalised text.
func anchorOf(text string) string {
	at := 0
	for range anchor {
		i := strings.IndexByte(text[at:], ' ')
		if i < 0 {
			return text
		}
		at += i + 1
	}
	return text[:at-1]
}

// anchorKey is the key of a normalised text's first anchor words: their
// hashes mixed in order. Find hashes each word of a file once and mixes the
// last few, rather than hashing every span of words again.
func (p *Passages) anchorKey(text string) uint64 {
	var hs [anchor]uint64
	for i := range hs {
		w := text
		if j := strings.IndexByte(text, ' '); j >= 0 {
			w, text = text[:j], text[j+1:]
		} else {
			text = ""
		}
		hs[i] = maphash.String(p.seed, w)
	}
	return mix(hs)
}

// mix combines anchor (three) word hashes, in order.
func mix(hs [anchor]uint64) uint64 {
	return hs[0] ^ bits.RotateLeft64(hs[1], 21)*3 ^ bits.RotateLeft64(hs[2], 42)*5
}

// useful reports whether a normalised run is long enough, and uncommon
// enough, to be a passage a file must not repeat.
func useful(text []byte) bool {
	if len(text) < minChars {
		return false
	}
	words, content := 0, 0
	for len(text) > 0 {
		w := text
		if i := bytes.IndexByte(text, ' '); i >= 0 {
			w, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		words++
		if !common[string(w)] {
			content++
		}
	}
	return words >= minWords && content >= minContent
}

// Find returns the first run of the index that text (a Text's bytes)
// carries, or nil.
func (p *Passages) Find(text []byte) *Hit {
	if p == nil || len(p.runs) == 0 {
		return nil
	}
	// Every word start is a place a run could begin: look its first words
	// up, then compare the candidates whole.
	var hs [anchor]uint64 // the hashes of the last anchor words
	var starts [anchor]int
	n := 0
	for i := 0; i < len(text); {
		if text[i] == ' ' {
			i++
			continue
		}
		end := i + bytes.IndexByte(text[i:], ' ')
		if end < i {
			end = len(text)
		}
		copy(hs[:], hs[1:])
		copy(starts[:], starts[1:])
		hs[anchor-1], starts[anchor-1] = maphash.Bytes(p.seed, text[i:end]), i
		i = end
		if n++; n < anchor {
			continue
		}
		k := mix(hs)
		if p.seen[k>>6%uint64(len(p.seen))]&(1<<(k&63)) == 0 {
			continue
		}
		for _, id := range p.anchors[k] {
			r := p.runs[id]
			rest := text[starts[0]:]
			if len(rest) > len(r.text) && bytes.HasPrefix(rest, []byte(r.text)) && rest[len(r.text)] == ' ' {
				return &Hit{Source: r.src, Text: r.text}
			}
		}
	}
	return nil
}

// Name is a name or e-mail address of a client, to be found in the files
// of every other client.
type Name struct {
	Text  string // "Alice Smith" or "alice@example.org"
	Owner string // the client it belongs to; never a hit in their own files
	Source
}

// Names finds the practice's clients' names and e-mail addresses. Build it
// once for a run and share it: it is safe for concurrent use.
type Names struct {
	ac   *ahocorasick.Automaton
	pats [][]Name // by pattern id: the names normalising to it
}

// NewNames builds the automaton. A name of one word is left out: alone,
// "May" or "Grace" is as likely a word as a client; full names (given and
// family) and e-mail addresses are matched whole, on word boundaries.
func NewNames(names []Name) (*Names, error) {
	ids := map[string]int{}
	n := &Names{}
	var patterns []string
	for _, nm := range names {
		text := Normalize(nm.Text)
		if !strings.Contains(text, " ") {
			continue
		}
		pat := " " + text + " "
		id, ok := ids[pat]
		if !ok {
			id = len(patterns)
			ids[pat] = id
			patterns = append(patterns, pat)
			n.pats = append(n.pats, nil)
		}
		n.pats[id] = append(n.pats[id], nm)
	}
	if len(patterns) == 0 {
		return n, nil
	}
	ac, err := ahocorasick.NewBuilder().AddStrings(patterns).Build()
	if err != nil {
		return nil, err
	}
	n.ac = ac
	return n, nil
}

// Find returns the first name in text (a Text's bytes) that is not owner's
// and does not lie within one of allow, such as the client's own longer
// name ("Mary Ann Lee" holds "Ann Lee") or the coach's.
func (n *Names) Find(text []byte, owner string, allow []string) *Hit {
	if n == nil || n.ac == nil {
		return nil
	}
	// Every handout carries its own client's name, so nearly every file has
	// matches; most are the owner's. All are looked at (coregx v0.3.1's Find
	// reports the first name to end rather than the first to start, and
	// skips matches when told to start past the beginning of the text;
	// FindAllOverlapping reports every match). The first hit in the text
	// wins, and of two starting at one place the longer: an address such as
	// bob.jones@example.com is named as the address.
	var spans [][2]int
	var best *ahocorasick.Match
	for _, m := range n.ac.FindAllOverlapping(text) {
		if best != nil && (m.Start > best.Start || m.Start == best.Start && m.End <= best.End) {
			continue
		}
		if n.owned(m.PatternID, owner) {
			continue
		}
		if spans == nil {
			spans = allowedSpans(text, allow)
		}
		if !within(spans, m) {
			best = &m
		}
	}
	if best == nil {
		return nil
	}
	nm := n.pats[best.PatternID][0]
	return &Hit{Source: nm.Source, Text: strings.TrimSpace(string(text[best.Start:best.End]))}
}

func (n *Names) owned(id int, owner string) bool {
	for _, nm := range n.pats[id] {
		if nm.Owner == owner {
			return true
		}
	}
	return false
}

// allowedSpans are where the allowed texts occur in text.
func allowedSpans(text []byte, allow []string) [][2]int {
	spans := [][2]int{}
	for _, a := range allow {
		a = Normalize(a)
		if a == "" {
			continue
		}
		pat := []byte(" " + a + " ")
		for at := 0; ; {
			i := bytes.Index(text[at:], pat)
			if i < 0 {
				break
			}
			spans = append(spans, [2]int{at + i, at + i + len(pat)})
			at += i + 1
		}
	}
	return spans
}

func within(spans [][2]int, m ahocorasick.Match) bool {
	for _, s := range spans {
		if s[0] <= m.Start && m.End <= s[1] {
			return true
		}
	}
	return false
}
