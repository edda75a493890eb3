package cmd

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/rapport-coach/rapport/records"
)

// listClientsHint is where a coach who misremembers an id can see them all.
const listClientsHint = "rapport status lists the practice's clients"

// resolveClient turns a CLIENT argument into the id of a client folder of the
// practice. It is the one answer every command gives a misspelt id: exit
// code 2, "no client X", the nearest id when one is close, and where to list
// them. A folder that is a link is refused as a link, never read.
func resolveClient(p *records.Practice, arg string) (string, error) {
	if records.ValidID(arg) == nil {
		d, err := records.OpenClientDir(p.Root, arg)
		if err == nil {
			d.Close()
			return arg, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", failure(err, "")
		}
	}
	// Only a miss lists the practice's clients, to find the one meant.
	ids, _, err := p.ClientIDs()
	if err != nil {
		return "", failure(err, "")
	}
	return "", unknownClient(arg, ids)
}

// unknownClient is the usage error for an id that names no client: ids are
// the practice's clients, to find the one the coach most likely meant; more
// are hints of the command's own, given before the list.
func unknownClient(arg string, ids []string, more ...string) error {
	hint := strings.Join(append(more, listClientsHint), "\n")
	switch s := nearestID(records.Slug(arg), ids); {
	case s != "" && s != arg:
		hint = "did you mean " + s + "?\n" + hint
	case records.ValidID(arg) != nil:
		hint = "a client id is lower-case letters, digits and single hyphens, such as alice-smith\n" + hint
	}
	return usageError(hint, "no client %q in this practice", arg)
}

// nearestID is the client id the coach most likely meant by s: itself, a
// near spelling, or the only id that starts with it ("eleni" for
// eleni-papadopoulou). It is "" when nothing is close.
func nearestID(s string, ids []string) string {
	if s == "" {
		return ""
	}
	if t := records.Suggest(s, ids); t != "" {
		return t
	}
	found := ""
	for _, id := range ids {
		if strings.HasPrefix(id, s+"-") {
			if found != "" {
				return ""
			}
			found = id
		}
	}
	return found
}
