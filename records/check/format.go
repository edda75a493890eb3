package check

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/records"
)

// WriteText prints one problem a line: path:line:col: severity: message [rule].
func WriteText(w io.Writer, ps []records.Problem) {
	// One write for many lines: a practice can have thousands of problems.
	b := bufio.NewWriter(w)
	for _, p := range ps {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	b.Flush()
}

// WriteJSON prints the problems as one JSON array of objects with path, line,
// column, severity, rule, message and hint; an empty array when there are none.
func WriteJSON(w io.Writer, ps []records.Problem) error {
	if ps == nil {
		ps = []records.Problem{}
	}
	out, err := json.MarshalIndent(ps, "", "  ")
	if err != nil {
		return err
	}
	// JSON leaves bidi and zero-width characters raw; their \u escapes read
	// the same to a program and cannot disguise a path or a value on screen.
	_, err = fmt.Fprintf(w, "%s\n", records.Visible(string(out)))
	return err
}

// WriteExplained prints each problem with the lines it is about (read from
// the practice at root), a caret under the column, and the hint.
func WriteExplained(w io.Writer, root string, ps []records.Problem) {
	var src sourceCache
	for i, pr := range ps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, pr)
		if lines := src.lines(root, pr); len(lines) > 0 {
			line := max(pr.Line, 1)
			from := max(line-1, 1)
			width := len(fmt.Sprint(line))
			for n := from; n <= line && n <= len(lines); n++ {
				fmt.Fprintf(w, "  %*d | %s\n", width, n, displayLine(lines[n-1]))
			}
			if line <= len(lines) {
				fmt.Fprintf(w, "  %*s | %s^\n", width, "", caretPad(lines[line-1], pr.Col))
			}
		}
		if pr.Hint != "" {
			for j, h := range strings.Split(pr.Hint, "\n") {
				h = records.VisibleLine(h) // a hint may quote a path
				if j == 0 {
					fmt.Fprintf(w, "  hint: %s\n", h)
				} else {
					fmt.Fprintf(w, "        %s\n", h)
				}
			}
		}
	}
}

// sourceCache holds the lines of the file last shown: problems come sorted
// by path, so each file is read once.
type sourceCache struct {
	path  string
	cache []string
}

// maxExplainSize keeps --explain from reading a huge file to show two lines.
const maxExplainSize = records.MaxRecordSize

func (s *sourceCache) lines(root string, pr records.Problem) []string {
	if pr.Path == s.path {
		return s.cache
	}
	s.path, s.cache = pr.Path, nil
	if pr.Rule == records.RuleFileUnreadable || pr.Rule == records.RuleClientFolder || pr.Rule == RuleStrayFile || pr.Rule == records.RuleLink {
		return nil
	}
	f, err := openForExplain(root, pr.Path)
	if err != nil {
		return nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), maxExplainSize)
	for sc.Scan() {
		s.cache = append(s.cache, strings.TrimSuffix(sc.Text(), "\r"))
	}
	if len(s.cache) > 0 {
		s.cache[0] = strings.TrimPrefix(s.cache[0], "\ufeff")
	}
	return s.cache
}

// displayLine shows tabs as spaces so the caret lines up, and
// keeps invalid bytes from reaching the terminal.
func displayLine(l string) string {
	if !utf8.ValidString(l) {
		l = strings.ToValidUTF8(l, "\ufffd")
	}
	// A record's line may hold escape sequences or bidi overrides: show them.
	return records.Visible(strings.ReplaceAll(l, "\t", "    "))
}

// caretPad is the run of spaces that puts a caret under column col.
func caretPad(l string, col int) string {
	var b bytes.Buffer
	n := 0
	for _, r := range l {
		if n >= col-1 {
			break
		}
		if r == '\t' {
			b.WriteString("    ")
		} else {
			b.WriteByte(' ')
		}
		n++
	}
	for ; n < col-1; n++ {
		b.WriteByte(' ')
	}
	return b.String()
}

// openForExplain opens the record at rel to show its lines. A record under
// clients/ is opened as every reader opens it, so a link is never followed;
// practice.yaml is the practice's own file. Anything but a regular file is
// refused before it is opened: opening a named pipe would wait for a writer.
func openForExplain(root, rel string) (*os.File, error) {
	var f *os.File
	var fi os.FileInfo
	rest, underClients := strings.CutPrefix(rel, records.ClientsDir+"/")
	if id, _, ok := strings.Cut(rest, "/"); underClients && ok {
		dir, err := records.OpenClientDir(root, id)
		if err != nil {
			return nil, err
		}
		defer dir.Close()
		if f, fi, err = dir.Open(rel); err != nil {
			return nil, err
		}
	} else {
		full := filepath.Join(root, filepath.FromSlash(rel))
		if fi, err := os.Lstat(full); err != nil || !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file", rel)
		}
		var err error
		if f, err = os.Open(full); err != nil {
			return nil, err
		}
		if fi, err = f.Stat(); err != nil {
			f.Close()
			return nil, err
		}
	}
	if fi.Size() > maxExplainSize {
		f.Close()
		return nil, fmt.Errorf("%s is too big to show", rel)
	}
	return f, nil
}
