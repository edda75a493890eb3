package render

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/rapport-coach/rapport/records"
	"golang.org/x/text/unicode/norm"
)

// maxPlaces bounds the lines named for one missing character.
const maxPlaces = 3

// sourceReader reads one of a handout's records, slash-separated relative
// to the practice root, as every reader of client folders does.
type sourceReader func(rel string) ([]byte, error)

// practiceReader reads a practice's records and its settings file.
func practiceReader(p *records.Practice) sourceReader {
	return func(rel string) ([]byte, error) {
		if rel != records.SettingsFile {
			data, _, err := p.ReadClientFile(rel)
			return data, err
		}
		path := p.Path(rel)
		if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file", rel)
		}
		return os.ReadFile(path)
	}
}

// missingWarnings names the characters no font could draw, each printed
// as "?", and the records and lines they are written on, so a client's
// name never loses a letter without the coach hearing where to look.
func missingWarnings(missing []rune, sources []string, read sourceReader) []string {
	if len(missing) == 0 {
		return nil
	}
	places := map[rune][]string{}
	if read != nil {
		for _, rel := range sources {
			data, err := read(rel)
			if err != nil {
				continue
			}
			sc := bufio.NewScanner(bytes.NewReader(data))
			sc.Buffer(make([]byte, 0, 64<<10), len(data)+1)
			for n := 1; sc.Scan(); n++ {
				line := norm.NFC.String(sc.Text())
				for _, r := range missing {
					if len(places[r]) < maxPlaces && strings.ContainsRune(line, r) {
						places[r] = append(places[r], fmt.Sprintf("%s:%d", rel, n))
					}
				}
			}
		}
	}
	var out []string
	for _, r := range missing {
		s := fmt.Sprintf("the pdf fonts cannot draw %q (U+%04X), printed as ?", string(r), r)
		if p := places[r]; len(p) > 0 {
			s = fmt.Sprintf("the pdf fonts cannot draw %q (U+%04X) in %s, printed as ?", string(r), r, strings.Join(p, ", "))
		}
		out = append(out, s)
	}
	return out
}
