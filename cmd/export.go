package cmd

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render"
)

type exportOptions struct {
	client string
	output string
}

func newExportCmd(a *App) *cobra.Command {
	o := &exportOptions{}
	c := &cobra.Command{
		Use:   "export CLIENT [-o FILE]",
		Short: "Write everything held about one client into one zip archive",
		Long: `Answer a subject-access request in one command: write one zip archive holding
every file in the client's folder exactly as it is on disk, their handouts
rendered fresh from those records, and a MANIFEST.md that lists each file with
its SHA-256 and last git commit, says when the export was made, how long the
records are kept, and what is held and why.

The archive includes the coach's own reflections on the client and the
sections of their records headed Private. They are never put in a handout,
but data-protection law gives the client a right to a copy of the personal
data held about them, and the manifest says so. Nothing of any other client
is read.

The archive is written to <client-id>-export-YYYY-MM-DD.zip in the working
folder, or to -o FILE, and never inside the practice folder, where git would
commit it with the records: run export from outside the practice (with
--practice DIR) or pass -o a path outside it. An existing file is never
replaced. Dates and times in
the archive come from the clock rapport uses (RAPPORT_NOW when set), so the
same records give the same archive.`,
		Example: `  rapport export alice-smith -o ~/Secure/alice-smith-sar.zip
  cd ~/Secure && rapport --practice ~/northfield export alice-smith`,
		Args: needClientArg("give the client's id, such as rapport export alice-smith"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.client = args[0]
			return runExport(a, o)
		},
	}
	c.Flags().StringVarP(&o.output, "output", "o", "", "the zip `file` to write, outside the practice (default: <client-id>-export-YYYY-MM-DD.zip here)")
	return c
}

// archived is one file in the export archive.
type archived struct {
	Name   string // inside the archive, below its top folder
	Data   []byte
	SHA256 string
	// Commit says where a record stands in git: "1a2b3c4, 2026-09-02",
	// "not committed", or for a handout "made for this export".
	Commit string
}

func runExport(a *App, o *exportOptions) error {
	p, err := a.Practice()
	if err != nil {
		return err
	}
	if o.client, err = resolveClient(p, o.client); err != nil {
		return err
	}
	now := a.Now()
	out, err := exportPath(a, p, o, records.DateOf(now))
	if err != nil {
		return err
	}
	if _, err := os.Lstat(out); err == nil {
		return failure(fmt.Errorf("%s already exists", out), "an export is never replaced: move the old one away, or choose another name with -o")
	}
	files, links, err := p.ClientFolder(o.client)
	if err != nil {
		return failure(err, "")
	}
	c, err := p.LoadClient(o.client, records.LoadOptions{Bodies: true})
	if err != nil {
		return failure(err, "")
	}
	revs, err := records.OpenRevisions(p.Root)
	if err != nil {
		return failure(fmt.Errorf("reading the practice's git repository: %w", err), "")
	}
	recs, err := recordEntries(p, o.client, files, revs)
	if err != nil {
		return failure(err, "")
	}
	handouts, notMade, err := freshHandouts(a, p, o.client, revs)
	if err != nil {
		return failure(err, "")
	}
	m := manifest{
		Practice: p, Client: c, Made: now,
		Records: recs, Handouts: handouts, Links: links, NotMade: notMade,
	}
	top := fmt.Sprintf("%s-export-%s", o.client, records.DateOf(now))
	data, err := exportZip(top, now, m.Markdown(), recs, handouts)
	if err != nil {
		return failure(err, "")
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return failure(err, "")
	}
	// 0600: the archive holds the client's personal data, coach-only notes included.
	if err := records.CreateFile(out, data, 0o600); err != nil {
		if errors.Is(err, records.ErrExists) {
			return failure(fmt.Errorf("%s already exists", out), "an export is never replaced: move the old one away, or choose another name with -o")
		}
		return failure(fmt.Errorf("writing %s: %w", out, err), "")
	}
	for _, l := range links {
		fmt.Fprintf(a.Stderr, "rapport: warning: %s is a link and was not followed, so it is not in the export\n", records.Visible(l))
	}
	for _, e := range notMade {
		fmt.Fprintf(a.Stderr, "rapport: warning: a handout could not be made, so it is not in the export: %s\n", records.Visible(fmt.Sprint(e)))
	}
	wd, _ := a.Getwd()
	fmt.Fprintf(a.Stdout, "wrote %s: %s of %s, %s and MANIFEST.md\n",
		shortPath(wd, out), records.CountWords(len(recs), "record file"), records.Visible(c.Name()), records.CountWords(len(handouts), "handout"))
	if len(c.CoachReflections())+m.privateSections() > 0 {
		fmt.Fprintf(a.Stdout, "it includes the coach's reflections and Private sections: give it only to %s, securely\n", records.Visible(c.Name()))
	}
	return nil
}

// exportPath is where the archive goes: -o, or the working folder, and
// never inside the practice, where the next git add -A would commit a copy
// of the client's records (one that erase leaves behind) and the export of
// another client could pick it up.
func exportPath(a *App, p *records.Practice, o *exportOptions, today records.Date) (string, error) {
	name := fmt.Sprintf("%s-export-%s.zip", o.client, today)
	hint := fmt.Sprintf("pass -o a path outside the practice, such as -o ~/Documents/%s", name)
	if o.output == "" {
		wd, err := a.Getwd()
		if err != nil {
			return "", err
		}
		if within(wd, p.Root) {
			return "", usageError(hint, "the working folder is inside the practice, where git would commit the archive")
		}
		return filepath.Join(wd, name), nil
	}
	out, err := a.abs(o.output)
	if err != nil {
		return "", err
	}
	if within(out, p.Root) {
		return "", usageError(hint, "%s is inside the practice, where git would commit the archive", o.output)
	}
	return out, nil
}

// recordEntries are the client's files as the archive holds them, with their
// hashes and where each stands in git.
func recordEntries(p *records.Practice, id string, files []records.ClientFile, revs *records.Revisions) ([]archived, error) {
	commits := map[string]records.FileCommit{}
	never := "not committed"
	repo, err := records.OpenRepo(p.Root)
	switch {
	case errors.Is(err, records.ErrNoRepo):
		never = "no version history kept"
	case err != nil:
		return nil, fmt.Errorf("opening the practice's git repository: %w", err)
	default:
		if commits, err = repo.LastCommits(p, id); err != nil {
			return nil, fmt.Errorf("reading the history of %s: %w", id, err)
		}
	}
	var out []archived
	for _, f := range files {
		state := never
		if fc, ok := commits[f.Path]; ok {
			state = fc.Hash + ", " + records.DateOf(fc.When).String()
			rev, err := revs.Of(f.Path)
			if err != nil {
				return nil, fmt.Errorf("reading the git status of %s: %w", f.Path, err)
			}
			if rev.Modified {
				state += ", changed since"
			}
		}
		out = append(out, archived{Name: "records/" + f.Path, Data: f.Data, SHA256: sha256Hex(f.Data), Commit: state})
	}
	return out, nil
}

// freshHandouts renders the client's handouts into a temporary folder, in
// every format the renderer can write, and reads back whatever it wrote
// there. public/ is never read: it may be out of date. Handouts that could
// not be made are returned as messages; the export goes ahead without them.
func freshHandouts(a *App, p *records.Practice, id string, revs *records.Revisions) ([]archived, []string, error) {
	tmp, err := os.MkdirTemp("", "rapport-export-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	var notMade []string
	layouts, err := render.LoadLayouts(p.Root)
	if err != nil {
		return nil, []string{err.Error()}, nil
	}
	rep, rerr := render.ClientHandouts(p, id, render.Options{Dest: tmp, Today: a.Today(), Revisions: revs, Layouts: layouts})
	if _, err := render.WriteAlso(rep, layouts, revs, render.Formats()); err != nil {
		rerr = errors.Join(rerr, err)
	}
	if rerr != nil {
		var errs []error
		if j, ok := rerr.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		} else {
			errs = []error{rerr}
		}
		for _, e := range errs {
			notMade = append(notMade, e.Error())
		}
	}
	var out []archived
	err = filepath.WalkDir(tmp, func(full string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(tmp, full)
		if err != nil {
			return err
		}
		rel = strings.TrimPrefix(filepath.ToSlash(rel), id+"/")
		data, err := os.ReadFile(full)
		if err != nil {
			return err
		}
		out = append(out, archived{Name: "handouts/" + rel, Data: data, SHA256: sha256Hex(data), Commit: "made for this export"})
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading the handouts made for the export: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, notMade, nil
}

// exportZip writes the archive: everything under one top folder, the
// manifest first, then records and handouts in path order, every entry
// dated now, so the same records and clock give the same bytes.
func exportZip(top string, now time.Time, manifest string, groups ...[]archived) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	when := now.UTC().Truncate(time.Second)
	add := func(name string, data []byte) error {
		h := &zip.FileHeader{Name: path.Join(top, name), Method: zip.Deflate, Modified: when}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	if err := add(manifestName, []byte(manifest)); err != nil {
		return nil, err
	}
	for _, g := range groups {
		for _, f := range g {
			if err := add(f.Name, f.Data); err != nil {
				return nil, fmt.Errorf("adding %s to the archive: %w", f.Name, err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
