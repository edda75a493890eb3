// Package scaffold starts new records from templates, the way Hugo's
// archetypes do: the embedded defaults in templates/scaffolds/ are used unless
// the practice has its own file of the same name in its templates/scaffolds/
// folder, which then wins, file by file. A scaffold is a Go text/template that
// renders YAML frontmatter and a Markdown body, pre-filled from practice.yaml
// and the client's records, with TODO(...) placeholders for whatever only the
// coach or the client can decide.
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"text/template"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/templates"
)

// The scaffolds rapport knows, by file name under templates/scaffolds/.
const (
	AgreementFile        = "agreement.md"
	SessionFile          = "session.md"
	ClientReflectionFile = "reflection-client.md"
	CoachReflectionFile  = "reflection-coach.md"
)

// Files lists every record scaffold, in the order a coach meets them.
var Files = []string{AgreementFile, SessionFile, ClientReflectionFile, CoachReflectionFile}

// Dir is where scaffolds live, both embedded and in a practice's templates/.
const Dir = "templates/scaffolds"

// Set finds scaffolds: the practice's own first, then the embedded defaults.
type Set struct {
	practice fs.FS // the practice's templates/scaffolds, or nil
	embedded fs.FS
}

// ForPractice is the set of scaffolds of the practice rooted at root.
func ForPractice(root string) *Set {
	return &Set{practice: os.DirFS(filepath.Join(root, filepath.FromSlash(Dir))), embedded: mustSub(templates.FS, "scaffolds")}
}

// Embedded is the set of rapport's own scaffolds, with no practice overrides.
func Embedded() *Set { return &Set{embedded: mustSub(templates.FS, "scaffolds")} }

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // dir is a literal known to be embedded
	}
	return sub
}

// Source says where the scaffold name comes from: the practice's file, such
// as "templates/scaffolds/session.md", or "embedded".
func (s *Set) Source(name string) string {
	if s.practice != nil {
		if _, err := fs.Stat(s.practice, name); err == nil {
			return path.Join(Dir, name)
		}
	}
	return "embedded"
}

// Read returns the text of the scaffold name, most specific first.
func (s *Set) Read(name string) ([]byte, string, error) {
	if s.practice != nil {
		data, err := fs.ReadFile(s.practice, name)
		if err == nil {
			return data, path.Join(Dir, name), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("reading %s: %w", path.Join(Dir, name), err)
		}
	}
	data, err := fs.ReadFile(s.embedded, name)
	if err != nil {
		return nil, "", fmt.Errorf("no scaffold %s: %w", name, err)
	}
	return data, "embedded", nil
}

// Render executes the scaffold name with data. Errors name the file the
// scaffold came from, so a coach who broke their own override can find it.
func (s *Set) Render(name string, data any) ([]byte, error) {
	text, src, err := s.Read(name)
	if err != nil {
		return nil, err
	}
	where := src
	if src == "embedded" {
		where = "embedded " + name
	}
	t, err := template.New(name).Funcs(Funcs()).Option("missingkey=error").Parse(string(text))
	if err != nil {
		return nil, fmt.Errorf("scaffold %s: %w", where, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("scaffold %s: %w", where, err)
	}
	return b.Bytes(), nil
}

// Check parses a rendered scaffold the way the loader will read the record,
// and returns the problems other than placeholders, which are expected in a
// fresh scaffold. A practice's own scaffold that renders broken YAML is
// caught here, before a file is written.
func Check(rel, client string, data []byte) []records.Problem {
	_, problems := records.Parse(rel, client, data, false)
	var out []records.Problem
	for _, p := range problems {
		if p.Rule != records.RulePlaceholderLeft {
			out = append(out, p)
		}
	}
	return out
}
