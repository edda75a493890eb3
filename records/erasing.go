package records

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// An erase moves the client's folders aside, into a folder beside them named
// .erasing-<client-id>-<time in base 36>, before it changes git, and deletes
// them last. A power cut or a killed process in between leaves that folder:
// the records are still on disk, hidden from every command that reads
// clients. ErasingLeftovers finds them, rapport erase CLIENT finishes the job
// and check reports them.
const erasingPrefix = ".erasing-"

// erasingName is the folder an erase of client id starting at now moves the
// client's records into.
func erasingName(id string, now time.Time) string {
	return erasingPrefix + id + "-" + strconv.FormatInt(now.UnixNano(), 36)
}

// Leftover is a folder an interrupted erase left in clients/ or public/.
type Leftover struct {
	Path string // slash-separated, relative to the practice
	// ID is the client whose records it holds; "" when the folder is named
	// like one but is not one rapport made, and Problem says why.
	ID      string
	Problem string
}

// ErasingLeftovers lists, sorted, the folders interrupted erases left in
// clients/ and public/. Only a real folder (not a link) whose name is
// exactly what an erase makes, for a valid client id, is recognised; any
// other entry named .erasing-* is listed with the reason it is not.
func ErasingLeftovers(p *Practice) ([]Leftover, error) {
	var out []Leftover
	for _, dir := range []string{ClientsDir, PublicDir} {
		if fi, err := os.Lstat(p.Path(dir)); err != nil || !fi.IsDir() {
			continue // absent, or a link the loader reports: never followed
		}
		entries, err := os.ReadDir(p.Path(dir))
		if err != nil {
			return nil, err
		}
		for _, d := range entries {
			if !strings.HasPrefix(d.Name(), erasingPrefix) {
				continue
			}
			l := Leftover{Path: path.Join(dir, d.Name())}
			id, ok := parseErasingName(d.Name())
			switch {
			case d.Type()&fs.ModeSymlink != 0:
				l.Problem = "it is a link, not a folder an erase made"
			case !d.IsDir():
				l.Problem = "it is a file, not a folder an erase made"
			case !ok:
				l.Problem = "its name is not one an erase makes"
			default:
				l.ID = id
			}
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// erasingEpoch is a time before any erase: 2020-01-01, in nanoseconds.
const erasingEpoch = 1577836800 * int64(time.Second)

// parseErasingName returns the client id in a name erasingName made.
func parseErasingName(name string) (string, bool) {
	rest := strings.TrimPrefix(name, erasingPrefix)
	i := strings.LastIndexByte(rest, '-')
	if i < 0 {
		return "", false
	}
	id, stamp := rest[:i], rest[i+1:]
	// The time is when an erase ran: after rapport existed, as erasingName
	// writes it.
	n, err := strconv.ParseInt(stamp, 36, 64)
	if err != nil || n < erasingEpoch || strconv.FormatInt(n, 36) != stamp || ValidID(id) != nil {
		return "", false
	}
	return id, true
}

// leftoversOf are the recognised leftovers of client id, checked as the
// folders an erase deletes are.
func leftoversOf(p *Practice, id string) (paths []string, files int, err error) {
	all, err := ErasingLeftovers(p)
	if err != nil {
		return nil, 0, err
	}
	for _, l := range all {
		if l.ID != id {
			continue
		}
		n, err := removable(p.Path(l.Path))
		if err != nil {
			return nil, 0, fmt.Errorf("%s, left by an interrupted erase: %w", l.Path, err)
		}
		paths = append(paths, l.Path)
		files += n
	}
	return paths, files, nil
}
