// Package site builds a whole practice into a folder of handouts, the way a
// static site generator builds pages: it asks a Planner what outputs each
// client has, renders them in parallel on a bounded pool of workers, and
// remembers in a manifest what each output was made from, so the next build
// renders only what changed and removes only what it made.
//
// The package knows nothing of how a handout is drawn: a Job renders itself.
package site

import "io"

// Job is one output file of the build: a handout, or a practice-wide page
// such as the coach's index.
type Job interface {
	// Output is the file's path relative to the destination, slash-separated,
	// such as "alice-smith/session-03.html". Its extension is its format.
	Output() string
	// Inputs name everything the output is made from besides the build's
	// global inputs, each with its content hash, such as
	// "clients/alice-smith/sessions/2026-02-04-03.md@9f86d0...". The output
	// is rendered again when any of them changes.
	Inputs() []string
	// Render writes the whole output to w. An error leaves the previous
	// output, if any, in place.
	Render(w io.Writer) error
}

// Client is what the engine tells a Planner about one client folder.
type Client struct {
	ID string
	// Files maps each record in clients/<ID>/ (its path relative to the
	// practice, slash-separated) to the hash of its content.
	Files map[string]string
	// Contents are the bytes each of Files held when it was hashed, for the
	// planner to read the records from. They are dropped after planning.
	Contents map[string][]byte
}

// Input is the usual Inputs entry for a record: its path and content hash.
func (c Client) Input(path string) string { return path + "@" + c.Files[path] }

// Summary is what the coach's index shows of one client. The planner fills
// in everything but Outputs, which the engine sets to the client's outputs
// that exist after the build.
type Summary struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	State          string   `json:"state"` // draft, active or ended
	SessionsUsed   int      `json:"sessions_used"`
	SessionsAgreed int      `json:"sessions_agreed"`
	LastSession    string   `json:"last_session,omitempty"` // YYYY-MM-DD
	NextSession    string   `json:"next_session,omitempty"` // YYYY-MM-DD
	Errors         int      `json:"errors"`                 // problems in the client's records
	Warnings       int      `json:"warnings"`
	Outputs        []string `json:"-"` // kept once, in the manifest's outputs
}

// Planner says what a practice builds into. The engine calls Plan for one
// client at a time on several goroutines, so a planner must be safe for
// concurrent use and should hold no more than the client it is planning:
// that keeps memory flat however large the practice grows.
type Planner interface {
	// Globals are the inputs every output depends on, each with its hash:
	// the template set, practice.yaml, the rapport version. A change to any
	// of them renders everything again.
	Globals() []string
	// PlanInputs are what the plan itself depends on besides the records,
	// such as today's date when a handout counts overdue actions, or the git
	// commit when handouts print their records' revisions. A change to any
	// of them plans every client again, but renders only the outputs whose
	// own inputs changed.
	PlanInputs() []string
	// Clients lists the client ids to build, in order.
	Clients() ([]string, error)
	// Plan loads one client's records and emits a job for each of its
	// outputs, in every format the planner knows; the engine renders only
	// the formats asked for. It returns the client's summary for the index.
	Plan(c Client, emit func(Job)) (Summary, error)
	// Index emits the practice-wide pages, such as the coach's index, from
	// every client's summary, in the order of Clients.
	Index(clients []Summary, emit func(Job)) error
}

// Varied is a Job that can be drawn under the run-wide choices of another
// build, such as build's --large-print. A build that renders again an
// output it only follows (Options.Follow) draws it as the build that made
// it did, which the manifest records, rather than as this build draws its
// own outputs: serve keeps a large-print PDF large.
type Varied interface {
	Job
	// Variant names the run-wide choices the job is drawn under, "" for
	// none: a short word of lower-case letters, digits and hyphens.
	Variant() string
	// As is the same output drawn under variant, and false for a variant
	// the job cannot draw.
	As(variant string) (Job, bool)
}

// variantOf is the variant a job is drawn under.
func variantOf(j Job) string {
	if v, ok := j.(Varied); ok {
		return v.Variant()
	}
	return ""
}
