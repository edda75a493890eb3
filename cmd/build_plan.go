package cmd

// This file is the one place that says what `rapport build` and `rapport
// serve` make of a practice: every handout render.Plan lists for each client,
// drawn by the same render/ code as `rapport render`, and the coach's index.

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
	"github.com/rapport-coach/rapport/render"
	"github.com/rapport-coach/rapport/render/site"
	"github.com/rapport-coach/rapport/templates"
)

// newBuildPlanner returns the planner for a build of the given formats;
// largePrint sets every handout in large print. g is the leak guard to
// check every handout with, kept between builds by serve; nil makes one.
func newBuildPlanner(a *App, p *records.Practice, formats []string, largePrint bool, g *render.Guard) (site.Planner, error) {
	globals, err := buildGlobals(p)
	if err != nil {
		return nil, err
	}
	// serve plans again after every change. What was worked out holds
	// while what it was made from is as it was: the layouts while the
	// templates are (globals sum them), what git says while HEAD, the index
	// and the configuration are.
	k := &a.planned
	if k.root != p.Root {
		*k = plannedBefore{root: p.Root}
	}
	if key := site.HashStrings(globals...); k.layouts == nil || k.layoutsFrom != key {
		if k.layouts, err = render.LoadLayouts(p.Root); err != nil {
			k.layouts = nil
			return nil, err
		}
		k.layoutsFrom = key
	}
	if !k.revs.Current() {
		fresh, err := records.OpenRevisions(p.Root)
		if err != nil {
			return nil, err
		}
		if !k.revs.SameAs(fresh) {
			k.revs = fresh
		}
	}
	layouts, revs := k.layouts, k.revs
	if g == nil {
		g = render.NewGuard(p)
	}
	var mu sync.Mutex
	warn := func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(a.Stderr, "rapport: warning: %s\n", msg)
	}
	return &handoutPlanner{p: p, globals: globals, today: a.Today(), layouts: layouts, revs: revs,
		checks: check.ConfigFrom(p.Settings), warn: warn, guard: g, largePrint: largePrint}, nil
}

// plannedBefore is what the last build planner of the practice at root
// worked out that the next one may use again: serve plans after every
// change.
type plannedBefore struct {
	root        string
	layouts     *render.Layouts
	layoutsFrom string // the hash of the global inputs the layouts were read with
	revs        *records.Revisions
}

// buildGlobals are the inputs every output depends on: rapport's version,
// practice.yaml and the template set (embedded and the practice's own).
func buildGlobals(p *records.Practice) ([]string, error) {
	settings, err := os.ReadFile(p.Path(records.SettingsFile))
	if err != nil {
		return nil, err
	}
	tmpl, err := templateSetHash(p)
	if err != nil {
		return nil, err
	}
	return []string{
		"rapport@" + Version(),
		records.SettingsFile + "@" + site.HashBytes(settings),
		"templates@" + tmpl,
	}, nil
}

// templateSetHash sums every embedded template and every file in the
// practice's own templates/ folder, which overrides them file by file.
func templateSetHash(p *records.Practice) (string, error) {
	var parts []string
	err := fs.WalkDir(templates.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			return err
		}
		parts = append(parts, "embedded/"+name, site.HashBytes(data))
		return nil
	})
	if err != nil {
		return "", err
	}
	own := p.Path("templates")
	err = filepath.WalkDir(own, func(full string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && full == own {
			return fs.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(full)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(own, full)
		parts = append(parts, "practice/"+filepath.ToSlash(rel), site.HashBytes(data))
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(parts)
	return site.HashStrings(parts...), nil
}

// handoutPlanner plans every client's handouts and the coach's index.
type handoutPlanner struct {
	p       *records.Practice
	globals []string
	today   records.Date
	layouts *render.Layouts
	revs    *records.Revisions // nil outside git
	checks  check.Config
	warn    func(string) // a PDF drew a character as "?": the coach must hear of it
	guard   *render.Guard
	// largePrint is --large-print: every handout in large print.
	largePrint bool
}

func (hp *handoutPlanner) Globals() []string { return hp.globals }

// PlanInputs: the progress handout counts overdue actions as of today,
// every footer prints its records' git revision, which a commit changes
// without changing a byte of the records, and --large-print changes every
// handout. A client folder whose records look unchanged is skipped whole
// unless these are as they were.
func (hp *handoutPlanner) PlanInputs() []string {
	in := []string{"today@" + hp.today.String()}
	if head := hp.revs.Head(); head != "" {
		in = append(in, "head@"+head)
	}
	if hp.largePrint {
		in = append(in, "large-print")
	}
	return in
}

func (hp *handoutPlanner) Clients() ([]string, error) {
	ids, _, err := hp.p.ClientIDs()
	return ids, err
}

func (hp *handoutPlanner) Plan(c site.Client, emit func(site.Job)) (site.Summary, error) {
	cl, err := hp.p.LoadClient(c.ID, records.LoadOptions{Bodies: true, Contents: c.Contents})
	if err != nil {
		return site.Summary{}, err
	}
	for _, job := range render.Plan(hp.p, cl, hp.today) {
		job.Guard = hp.guard
		job.Catalogues = hp.layouts.Catalogues
		job.LargePrint = hp.largePrint
		inputs := make([]string, 0, len(job.Sources)+3)
		for _, src := range job.Sources {
			inputs = append(inputs, c.Input(src))
		}
		rev, err := hp.revs.Of(job.Sources...)
		if err != nil {
			return site.Summary{}, err
		}
		inputs = append(inputs, "revision@"+rev.String())
		if !job.Today.IsZero() {
			inputs = append(inputs, "today@"+job.Today.String())
		}
		for _, format := range []string{"html", "pdf"} {
			emit(newHandoutJob(job, format, inputs, hp))
		}
	}
	s := clientSummary(cl, hp.today)
	for _, pr := range check.Run(hp.p, cl, hp.today, hp.checks) {
		switch pr.Severity {
		case records.Error:
			s.Errors++
		case records.Warning:
			s.Warnings++
		}
	}
	return s, nil
}

// handoutJob draws one handout in one format through render/, the same code
// `rapport render` runs.
type handoutJob struct {
	job    render.Job
	format string
	base   []string // inputs but large print
	inputs []string
	hp     *handoutPlanner
}

func newHandoutJob(job render.Job, format string, base []string, hp *handoutPlanner) *handoutJob {
	inputs := slices.Clip(base)
	if job.InLargePrint() {
		// Asked for on this run or by an agreement the job does not list
		// among its sources (a reflection's): either way the handout is
		// drawn anew when it changes.
		inputs = append(inputs, "large-print")
	}
	return &handoutJob{job: job, format: format, base: base, inputs: inputs, hp: hp}
}

// Variant is the run-wide choice the handout is drawn under:
// --large-print, or none.
func (j *handoutJob) Variant() string {
	if j.job.LargePrint {
		return "large-print"
	}
	return ""
}

// As is the handout drawn as a build with or without --large-print draws
// it, so serve keeps the PDFs a build made in large print large.
func (j *handoutJob) As(variant string) (site.Job, bool) {
	job := j.job
	switch variant {
	case "":
		job.LargePrint = false
	case "large-print":
		job.LargePrint = true
	default:
		return nil, false
	}
	return newHandoutJob(job, j.format, j.base, j.hp), true
}

func (j *handoutJob) Output() string {
	return j.job.Client.ID + "/" + j.job.ID + "." + j.format
}

func (j *handoutJob) Inputs() []string { return j.inputs }

func (j *handoutJob) Render(w io.Writer) error {
	h, err := render.Make(j.job, j.hp.revs)
	if err != nil {
		return err
	}
	if j.format == "pdf" {
		warnings, err := render.PDF(w, h)
		for _, msg := range warnings {
			j.hp.warn(j.Output() + ": " + msg)
		}
		return err
	}
	return render.HTML(w, h, j.hp.layouts)
}

// clientSummary is what the index shows of a client: the same facts as a
// row of rapport status.
func clientSummary(c *records.Client, today records.Date) site.Summary {
	o := c.Overview(today)
	s := site.Summary{ID: c.ID, Name: o.Name, State: o.State, SessionsUsed: o.Used, SessionsAgreed: o.Agreed}
	if o.State == "none" {
		s.State = "no agreement"
	}
	if !o.Last.IsZero() {
		s.LastSession = o.Last.String()
	}
	if !o.Next.IsZero() {
		s.NextSession = o.Next.String()
	}
	return s
}

func (hp *handoutPlanner) Index(clients []site.Summary, emit func(site.Job)) error {
	parts := []string{"today@" + hp.today.String(), "layout@" + site.HashBytes([]byte(indexLayout))}
	for _, c := range clients {
		parts = append(parts, fmt.Sprintf("%+v", c))
	}
	emit(&indexJob{
		inputs: []string{"clients@" + site.HashStrings(parts...)},
		page:   func() indexPage { return newIndexPage(hp.p.Settings, hp.today, clients) },
	})
	return nil
}

// indexJob renders public/index.html, the coach's overview of the practice.
type indexJob struct {
	inputs []string
	page   func() indexPage // made only when the index is rendered
}

func (j *indexJob) Output() string   { return "index.html" }
func (j *indexJob) Inputs() []string { return j.inputs }
func (j *indexJob) Render(w io.Writer) error {
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, j.page()); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// indexPage is what the index template is given.
type indexPage struct {
	Practice, Coach string
	Today           string
	Rows            []indexRow
	Active, Ended   int
}

type indexRow struct {
	site.Summary
	Overdue  bool // the next session's date has passed with no later session
	Handouts []indexLink
}

// indexLink is one handout with a link for each format it was built in.
type indexLink struct {
	Text    string
	Formats []indexFormat
}

type indexFormat struct{ Href, Name string }

func newIndexPage(s *records.Settings, today records.Date, clients []site.Summary) indexPage {
	page := indexPage{Practice: s.Name, Coach: s.Coach.Name, Today: today.String()}
	for _, c := range clients {
		row := indexRow{Summary: c}
		if c.Name == "" {
			row.Name = c.ID
		}
		if next, err := records.ParseDate(c.NextSession); err == nil && next.Before(today) && c.State == records.StatusActive {
			row.Overdue = true
		}
		at := map[string]int{}
		for _, out := range c.Outputs {
			ext := path.Ext(out)
			base := strings.TrimSuffix(path.Base(out), ext)
			i, ok := at[base]
			if !ok {
				i = len(row.Handouts)
				at[base] = i
				row.Handouts = append(row.Handouts, indexLink{Text: base})
			}
			row.Handouts[i].Formats = append(row.Handouts[i].Formats, indexFormat{Href: out, Name: strings.ToUpper(strings.TrimPrefix(ext, "."))})
		}
		switch c.State {
		case records.StatusActive:
			page.Active++
		case records.StatusEnded:
			page.Ended++
		}
		page.Rows = append(page.Rows, row)
	}
	return page
}

var indexTemplate = template.Must(template.New("index").Parse(indexLayout))

const indexLayout = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{.Practice}}: clients (coach only)</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
.private { background: #fff4d6; border: 1px solid #e0c46c; padding: .4rem .8rem; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid #ddd; }
th { font-weight: 600; border-bottom: 2px solid #999; }
td.num { font-variant-numeric: tabular-nums; }
.overdue { color: #a40000; font-weight: 600; }
.problems { color: #a40000; }
.ok { color: #2a6a2a; }
.state-ended, .state-draft { color: #666; }
ul.handouts { margin: 0; padding: 0; list-style: none; }
.clients { overflow-x: auto; }
.clients:focus { outline: 2px solid #2e5e63; }
@media print { .private { border-color: #999; background: none; } a { color: inherit; text-decoration: none; } }
</style>
</head>
<body>
<header>
<h1>{{.Practice}}</h1>
<p class="private">Coach only: this page lists every client. Do not give it to a client.</p>
<p>{{.Coach}} &middot; {{len .Rows}} clients, {{.Active}} active, {{.Ended}} ended &middot; as of {{.Today}}</p>
</header>
<main>
<div class="clients" role="region" aria-label="Clients" tabindex="0">
<table>
<thead><tr><th>Client</th><th>State</th><th>Sessions</th><th>Last session</th><th>Next session</th><th>Check</th><th>Handouts</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr id="{{.ID}}">
<td><bdi>{{.Name}}</bdi><br><small>{{.ID}}</small></td>
<td class="state-{{.State}}">{{.State}}</td>
<td class="num">{{.SessionsUsed}}{{if .SessionsAgreed}} of {{.SessionsAgreed}}{{end}}</td>
<td>{{with .LastSession}}{{.}}{{else}}&mdash;{{end}}</td>
<td{{if .Overdue}} class="overdue" title="this date has passed"{{end}}>{{with .NextSession}}{{.}}{{else}}&mdash;{{end}}</td>
<td>{{if or .Errors .Warnings}}<span class="problems">{{if .Errors}}{{.Errors}} error{{if gt .Errors 1}}s{{end}}{{end}}{{if and .Errors .Warnings}}, {{end}}{{if .Warnings}}{{.Warnings}} warning{{if gt .Warnings 1}}s{{end}}{{end}}</span>{{else}}<span class="ok">ok</span>{{end}}</td>
<td>{{if .Handouts}}<ul class="handouts">{{range .Handouts}}<li>{{.Text}}{{range .Formats}} <a href="{{.Href}}">{{.Name}}</a>{{end}}</li>{{end}}</ul>{{else}}&mdash;{{end}}</td>
</tr>
{{- end}}
</tbody>
</table>
</div>
</main>
</body>
</html>
`
