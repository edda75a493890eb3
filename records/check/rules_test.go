package check_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
)

// base is a small practice with nothing wrong in it on 2026-02-04: one
// client, contracted, two sessions, a reflection after each.
var base = map[string]string{
	"practice.yaml": `name: Test Coaching
coach: {name: Jo Bloggs}
ethics: ICF Code of Ethics (2025)
check: {disable: [uncommitted]}
`,
	"a": `---
kind: agreement
client_name: Alice Smith
date: 2026-01-07
status: active
contact: {email: alice@example.org}
sessions: {count: 6, frequency: fortnightly, minutes: 60, mode: video}
start: 2026-01-07
fees: {amount: 900, currency: GBP, basis: package}
goals:
  - {id: speak-up, text: Speak up in meetings}
confidentiality: Kept between us.
records: {held_by: coach, storage: encrypted laptop, retention: 6y, consent: 2026-01-07}
consents: {named_in_hours_log: true}
signed: {client: 2026-01-07, coach: 2026-01-07}
copy_given: 2026-01-07
---
What we agreed.
`,
	"s1": `---
kind: session
number: 1
date: 2026-01-14
minutes: 60
billing: paid
format: individual
goals: [speak-up]
actions:
  - {text: Ask one question, due: 2026-01-21, set_by: client, status: done}
next: 2026-01-28
---
Notes.
`,
	"s2": `---
kind: session
number: 2
date: 2026-01-28
minutes: 60
billing: paid
format: individual
goals: [speak-up]
actions:
  - {text: Ask two questions, due: 2026-02-11, set_by: client, status: open}
next: 2026-02-11
---
Notes.
`,
	"r1": `---
kind: reflection
author: client
session: 1
date: 2026-01-16
---
What I learned.
`,
	"r2": `---
kind: reflection
author: client
session: 2
date: 2026-01-30
---
What I learned.
`,
}

// reducedS1 and reducedS2 are base's sessions as rapport handover leaves
// them when the client holds the records.
const (
	reducedS1 = "---\nkind: session\nnumber: 1\ndate: 2026-01-14\nminutes: 60\nbilling: paid\nformat: individual\ngoals: [speak-up]\nnext: 2026-01-28\nhandout_given: 2026-01-14\nhanded_over: 2026-01-14\n---\n"
	reducedS2 = "---\nkind: session\nnumber: 2\ndate: 2026-01-28\nminutes: 60\nbilling: paid\nformat: individual\ngoals: [speak-up]\nnext: 2026-02-11\nhandout_given: 2026-01-28\nhanded_over: 2026-01-28\n---\n"
)

// paths are where the short names of base go in the practice.
var paths = map[string]string{
	"a":  "clients/alice-smith/agreement.md",
	"s1": "clients/alice-smith/sessions/2026-01-14-01.md",
	"s2": "clients/alice-smith/sessions/2026-01-28-02.md",
	"r1": "clients/alice-smith/reflections/2026-01-16-01-client.md",
	"r2": "clients/alice-smith/reflections/2026-01-30-02-client.md",
}

// edit changes base: replace old with new in file, or with old == "" set
// the whole file (to removed to remove it).
type edit struct{ file, old, new string }

// removed as an edit's new content with no old removes the file.
const removed = "\x00removed"

// linkTo as the start of an edit's new content with no old makes the file a
// symbolic link to the rest, as written.
const linkTo = "\x00link:"

func writePractice(t testing.TB, edits ...edit) string {
	t.Helper()
	files := map[string]string{}
	for k, v := range base {
		files[k] = v
	}
	for _, e := range edits {
		switch {
		case e.old == "":
			files[e.file] = e.new
		default:
			if !strings.Contains(files[e.file], e.old) {
				t.Fatalf("fixture %s has no %q", e.file, e.old)
			}
			files[e.file] = strings.Replace(files[e.file], e.old, e.new, 1)
		}
	}
	dir := t.TempDir()
	for k, v := range files {
		if v == removed {
			continue
		}
		rel := k
		if p, ok := paths[k]; ok {
			rel = p
		}
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(v, linkTo); ok {
			if err := os.Symlink(filepath.FromSlash(target), full); err != nil {
				t.Skip("symlinks not available:", err)
			}
			continue
		}
		if err := os.WriteFile(full, []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkAll checks the practice in dir as rapport check does.
func checkAll(t testing.TB, dir string, today string) []records.Problem {
	t.Helper()
	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := check.ConfigFrom(p.Settings)
	// The PDF fonts stand in: private-use characters have no glyph.
	cfg.Drawable = func(r rune) bool { return !unicode.In(r, unicode.Co) }
	ids, _, err := p.ClientIDs()
	if err != nil {
		t.Fatal(err)
	}
	d := records.MustDate(today)
	all := check.Practice(p, d, cfg)
	for _, id := range ids {
		// What rapport check keeps of bodies: the pre-scans that decide it
		// are tested with every rule that reads one.
		c, err := p.LoadClient(id, records.LoadOptions{PlaceholderBodies: true})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, check.Run(p, c, d, cfg)...)
	}
	check.Sort(all)
	return all
}

func TestBaseIsClean(t *testing.T) {
	if got := checkAll(t, writePractice(t), "2026-02-04"); len(got) != 0 {
		t.Fatalf("the base fixture should be clean, got:\n%s", list(got))
	}
}

// TestRules has, for every rule, a fixture that triggers it and one that
// does not.
func TestRules(t *testing.T) {
	const today = "2026-02-04"
	tests := []struct {
		rule  string
		name  string
		today string
		edits []edit
		fires bool
	}{
		{rule: "file-unreadable", name: "latin-1 bytes", edits: []edit{{"s1", "Notes.", "Caf\xe9"}}, fires: true},
		{rule: "file-unreadable", name: "utf-8", edits: []edit{{"s1", "Notes.", "Café"}}},
		{rule: "client-folder", name: "record outside a client folder", edits: []edit{{"clients/notes.md", "", base["r1"]}}, fires: true},
		{rule: "client-folder", name: "hidden folder", edits: []edit{{"clients/.obsidian/app.json", "", "{}"}}},
		{rule: "frontmatter-missing", name: "no frontmatter", edits: []edit{{"s1", "", "Just notes.\n"}}, fires: true},
		{rule: "frontmatter-missing", name: "frontmatter after blank lines", edits: []edit{{"r1", "---\nkind", "\n\n---\nkind"}}},
		{rule: "frontmatter-syntax", name: "unclosed list", edits: []edit{{"s1", "goals: [speak-up]", "goals: [speak-up"}}, fires: true},
		{rule: "frontmatter-syntax", name: "quoted colon", edits: []edit{{"s1", "text: Ask one question", "text: \"Ask: one question\""}}},
		{rule: "kind-unknown", name: "typo", edits: []edit{{"s1", "kind: session", "kind: sesion"}}, fires: true},
		{rule: "kind-unknown", name: "known", edits: nil},
		{rule: "field-type", name: "words for a number", edits: []edit{{"s1", "minutes: 60", "minutes: an hour"}}, fires: true},
		{rule: "field-type", name: "number", edits: []edit{{"s1", "minutes: 60", "minutes: 90"}}},
		{rule: "field-unknown", name: "misspelt", edits: []edit{{"s1", "billing: paid", "biling: paid"}}, fires: true},
		{rule: "field-unknown", name: "spelt right", edits: nil},
		{rule: "date-invalid", name: "month 13", edits: []edit{{"s1", "date: 2026-01-14", "date: 2026-13-14"}}, fires: true},
		{rule: "date-invalid", name: "valid", edits: nil},
		{rule: "placeholder-left", name: "in frontmatter", edits: []edit{{"a", "text: Speak up in meetings", "text: TODO(the client's goal)"}}, fires: true},
		{rule: "placeholder-left", name: "in body", edits: []edit{{"s1", "Notes.", "Notes.\n\nTODO(what the client takes away)"}}, fires: true},
		{rule: "placeholder-left", name: "the word todo", edits: []edit{{"s1", "Notes.", "Notes: todo list discussed (TODO later)."}}},
		{rule: "private-heading-lookalike", name: "cyrillic P", edits: []edit{{"s1", "Notes.", "Notes.\n\n## \u0420rivate\n\nmine"}}, fires: true},
		{rule: "private-heading-lookalike", name: "misspelt", edits: []edit{{"s1", "Notes.", "Notes.\n\n### Privte notes:\n\nmine"}}, fires: true},
		{rule: "private-heading-lookalike", name: "setext in a list", edits: []edit{{"s1", "Notes.", "- Pirvate\n  ---\n  mine"}}, fires: true},
		{rule: "private-heading-lookalike", name: "agreement", edits: []edit{{"a", "What we agreed.", "## Confidential\n\nmine"}}, fires: true},
		{rule: "private-heading-lookalike", name: "client reflection", edits: []edit{{"r1", "What I learned.", "## Privat\nWhat I learned."}}, fires: true},
		{rule: "private-heading-lookalike", name: "private", edits: []edit{{"s1", "Notes.", "Notes.\n\n## Private notes\n\n## PRIVATE:\n\n## Ｐｒｉｖａｔｅ\nmine"}}},
		{rule: "private-heading-lookalike", name: "real words", edits: []edit{{"s1", "Notes.", "## Privacy\n\n## Privately held beliefs\n\n## Pivot\nok"}}},
		{rule: "private-heading-lookalike", name: "not a heading", edits: []edit{{"s1", "Notes.", "Privte is how I misspell it.\n\n```\n# Privte\n```"}}},
		{rule: "comment-shown", name: "html comment", edits: []edit{{"s1", "Notes.", "Notes.\n\n<!-- she seems tired -->"}}, fires: true},
		{rule: "comment-shown", name: "inline html comment", edits: []edit{{"s1", "Notes.", "Notes <!-- ask about leave --> here."}}, fires: true},
		{rule: "comment-shown", name: "obsidian comment", edits: []edit{{"r1", "What I learned.", "What I learned. %%check with supervisor%%"}}, fires: true},
		{rule: "comment-shown", name: "obsidian block in agreement", edits: []edit{{"a", "What we agreed.", "What we agreed.\n\n%%\nfee may change\n\n%%"}}, fires: true},
		{rule: "comment-shown", name: "under a private heading", edits: []edit{{"s1", "Notes.", "Notes.\n\n## Private\n\n<!-- mine --> %%mine%%"}}},
		{rule: "comment-shown", name: "in code", edits: []edit{{"s1", "Notes.", "Notes `<!-- x -->` and\n\n```\n%%y%%\n```"}}},
		{rule: "comment-shown", name: "percent sign", edits: []edit{{"s1", "Notes.", "Notes: 50% done, <!- not a comment."}}},
		{rule: "private-heading-lookalike", name: "under a private heading", edits: []edit{{"s1", "Notes.", "## Private\n### Privte\nmine"}}},
		{rule: "glyph-missing", name: "private-use character", edits: []edit{{"s1", "Notes.", "Notes for \uE000 and \U000F0001."}}, fires: true},
		{rule: "glyph-missing", name: "in the client's name", edits: []edit{{"a", "client_name: Alice Smith", "client_name: Alice \uE123"}}, fires: true},
		{rule: "glyph-missing", name: "scripts the fonts draw", edits: []edit{{"s1", "Notes.", "Zoë, Ελένη, Анна, דנה, 山田, Nguyễn."}}},
		{rule: "field-missing", name: "no number", edits: []edit{{"s1", "number: 1\n", ""}}, fires: true},
		{rule: "field-missing", name: "all there", edits: nil},
		{rule: "status-unknown", name: "status typo", edits: []edit{{"a", "status: active", "status: activ"}}, fires: true},
		{rule: "status-unknown", name: "billing typo", edits: []edit{{"s1", "billing: paid", "billing: free"}}, fires: true},
		{rule: "status-unknown", name: "author typo", edits: []edit{{"r1", "author: client", "author: me"}}, fires: true},
		{rule: "status-unknown", name: "known words", edits: []edit{{"a", "status: active", "status: ended\nended: 2026-02-01"}}},
		{rule: "client-mismatch", name: "someone else's agreement", edits: []edit{{"a", "client_name: Alice Smith", "client_name: Bob Jones"}}, fires: true},
		{rule: "client-mismatch", name: "married name", edits: []edit{{"a", "client_name: Alice Smith", "client_name: Alice Smith-Khan"}}},
		{rule: "stray-file", name: "export archive", edits: []edit{{"clients/alice-smith/alice-smith-export-2026-02-04.zip", "", "PK\x03\x04"}}, fires: true},
		{rule: "stray-file", name: "handout in sessions", edits: []edit{{"clients/alice-smith/sessions/session-01.pdf", "", "%PDF-1.7"}}, fires: true},
		{rule: "stray-file", name: "hidden files", edits: []edit{{"clients/alice-smith/.DS_Store", "", "x"}, {"clients/alice-smith/.obsidian/workspace.json", "", "{}"}}},
		{rule: "goals-missing", name: "no goals", edits: []edit{{"a", "goals:\n  - {id: speak-up, text: Speak up in meetings}\n", ""}}, fires: true},
		{rule: "goals-missing", name: "goal without words", edits: []edit{{"a", "text: Speak up in meetings", "text: \"\""}}, fires: true},
		{rule: "goals-missing", name: "goals set", edits: nil},
		{rule: "consent-missing", name: "no consent date", edits: []edit{{"a", ", consent: 2026-01-07", ""}}, fires: true},
		{rule: "consent-missing", name: "no storage", edits: []edit{{"a", "storage: encrypted laptop, ", ""}}, fires: true},
		{rule: "consent-missing", name: "consented", edits: nil},
		{rule: "consent-withdrawn", name: "session after withdrawal", edits: []edit{{"a", "consent: 2026-01-07}", "consent: 2026-01-07, withdrawn: 2026-01-20}"}}, fires: true},
		{rule: "consent-withdrawn", name: "withdrawn after the last record", edits: []edit{{"a", "consent: 2026-01-07}", "consent: 2026-01-07, withdrawn: 2026-02-01}"}}},
		{rule: "ethics-missing", name: "nowhere", edits: []edit{{"practice.yaml", "ethics: ICF Code of Ethics (2025)\n", ""}}, fires: true},
		{rule: "ethics-missing", name: "in the agreement only", edits: []edit{{"practice.yaml", "ethics: ICF Code of Ethics (2025)\n", ""}, {"a", "confidentiality:", "ethics: EMCC Global Code of Ethics\nconfidentiality:"}}},
		{rule: "terms-missing", name: "count only", edits: []edit{{"a", "sessions: {count: 6, frequency: fortnightly, minutes: 60, mode: video}", "sessions: {count: 6}"}}, fires: true},
		{rule: "terms-missing", name: "all terms", edits: nil},
		{rule: "fees-missing", name: "no fees", edits: []edit{{"a", "fees: {amount: 900, currency: GBP, basis: package}\n", ""}}, fires: true},
		{rule: "fees-missing", name: "pro bono", edits: []edit{{"a", "fees: {amount: 900, currency: GBP, basis: package}", "fees: {pro_bono: true}"}}},
		{rule: "fees-missing", name: "pro bono at the top", edits: []edit{{"a", "fees: {amount: 900, currency: GBP, basis: package}", "pro_bono: true"}}},
		{rule: "confidentiality-missing", name: "none", edits: []edit{{"a", "confidentiality: Kept between us.\n", ""}}, fires: true},
		{rule: "confidentiality-missing", name: "stated", edits: nil},
		{rule: "retention-missing", name: "none", edits: []edit{{"a", "retention: 6y, ", ""}}, fires: true},
		{rule: "retention-missing", name: "stated", edits: nil},
		{rule: "unsigned", name: "client has not signed", edits: []edit{{"a", "signed: {client: 2026-01-07, coach: 2026-01-07}", "signed: {coach: 2026-01-07}"}}, fires: true},
		{rule: "unsigned", name: "both signed", edits: nil},
		{rule: "copy-not-given", name: "no copy", edits: []edit{{"a", "copy_given: 2026-01-07\n", ""}}, fires: true},
		{rule: "copy-not-given", name: "copy given", edits: nil},
		{rule: "contact-missing", name: "no contact", edits: []edit{{"a", "contact: {email: alice@example.org}\n", ""}}, fires: true},
		{rule: "contact-missing", name: "phone only", edits: []edit{{"a", "contact: {email: alice@example.org}", "contact: {phone: \"+44 7700 900123\"}"}}},
		{rule: "ended-missing", name: "ended without a date", edits: []edit{{"a", "status: active", "status: ended"}}, fires: true},
		{rule: "ended-missing", name: "ended with a date", edits: []edit{{"a", "status: active", "status: ended\nended: 2026-02-01"}}},
		{rule: "records-held-by-client", name: "client holds, coach keeps notes", edits: []edit{{"a", "held_by: coach", "held_by: client"}}, fires: true},
		{rule: "records-held-by-client", name: "coach holds", edits: nil},
		{rule: "records-held-by-client", name: "handed over", edits: []edit{{"a", "held_by: coach", "held_by: client"},
			{"s1", "", reducedS1}, {"s2", "", reducedS2}}},
		{rule: "records-held-by-client", name: "notes waiting for handover a day", edits: []edit{{"a", "held_by: coach", "held_by: client"},
			{"s1", "", reducedS1}, {"s2", "", removed}, {"clients/alice-smith/to-hand-over/2026-02-03-02.md", "", strings.Replace(base["s2"], "2026-01-28", "2026-02-03", 1)}}},
		{rule: "records-held-by-client", name: "notes waiting for handover a week", edits: []edit{{"a", "held_by: coach", "held_by: client"},
			{"s1", "", reducedS1}, {"s2", "", removed}, {"clients/alice-smith/to-hand-over/2026-01-28-02.md", "", base["s2"]}}, fires: true},
		{rule: "records-held-by-client", name: "handed over, then an action added", edits: []edit{{"a", "held_by: coach", "held_by: client"},
			{"s1", "", reducedS1}, {"s2", "", strings.Replace(reducedS2, "handed_over:", "actions: [{text: Ask, due: 2026-02-11, set_by: client, status: open}]\nhanded_over:", 1)}}, fires: true},
		{rule: "terms-drift", name: "prose says six, frontmatter eight", edits: []edit{{"a", "count: 6", "count: 8"}, {"a", "What we agreed.", "We will meet fortnightly: six sessions in all."}}, fires: true},
		{rule: "terms-drift", name: "prose agrees", edits: []edit{{"a", "What we agreed.", "We will meet fortnightly: six sessions in all, for £900."}}},
		{rule: "terms-drift", name: "only a private note disagrees", edits: []edit{{"a", "What we agreed.", "What we agreed.\n\n## Private\n\nShe asked to meet weekly: ten sessions."}}},
		{rule: "engagement-lapsed", name: "active past its end date", edits: []edit{{"a", "start: 2026-01-07", "start: 2026-01-07\nend: 2026-02-01"}}, fires: true},
		{rule: "engagement-lapsed", name: "end date still ahead", edits: []edit{{"a", "start: 2026-01-07", "start: 2026-01-07\nend: 2026-04-01"}}},
		{rule: "engagement-lapsed", name: "ends today", edits: []edit{{"a", "start: 2026-01-07", "start: 2026-01-07\nend: 2026-02-04"}}},
		{rule: "engagement-lapsed", name: "no session long after next", today: "2026-05-01", fires: true},
		{rule: "engagement-lapsed", name: "a holiday after next", today: "2026-03-20"},
		{rule: "engagement-lapsed", name: "closed", edits: []edit{{"a", "status: active", "status: ended\nended: 2026-02-01\nend: 2026-02-01"}}},
		{rule: "engagement-lapsed", name: "draft never started", today: "2026-09-01", edits: []edit{{"a", "status: active", "status: draft"}}},
		{rule: "session-before-start", name: "session before start", edits: []edit{{"a", "start: 2026-01-07", "start: 2026-01-20"}}, fires: true},
		{rule: "session-before-start", name: "sessions from the start", edits: []edit{{"a", "start: 2026-01-07", "start: 2026-01-14"}}},
		{rule: "session-after-end", name: "session after end", edits: []edit{{"a", "start: 2026-01-07", "start: 2026-01-07\nend: 2026-01-20"}}, fires: true},
		{rule: "session-after-end", name: "last session on the end date", edits: []edit{{"a", "start: 2026-01-07", "start: 2026-01-07\nend: 2026-01-28"}}},
		{rule: "session-after-end", name: "after closing is agreement-missing's", edits: []edit{{"a", "status: active", "status: ended\nended: 2026-01-20\nend: 2026-01-20"}}},
		{rule: "agreement-missing", name: "session before the agreement", edits: []edit{{"s1", "date: 2026-01-14", "date: 2026-01-02"}}, fires: true},
		{rule: "agreement-missing", name: "draft agreement", edits: []edit{{"a", "status: active", "status: draft"}}, fires: true},
		{rule: "agreement-missing", name: "after the engagement ended", edits: []edit{{"a", "status: active", "status: ended\nended: 2026-01-20"}}, fires: true},
		{rule: "agreement-missing", name: "signed and active", edits: nil},
		{rule: "session-before-consent", name: "consent later", edits: []edit{{"a", "consent: 2026-01-07", "consent: 2026-01-20"}}, fires: true},
		{rule: "session-before-consent", name: "consent first", edits: nil},
		{rule: "session-number", name: "gap", edits: []edit{{"s2", "number: 2", "number: 3"}, {"r2", "session: 2", "session: 3"}}, fires: true},
		{rule: "session-number", name: "duplicate", edits: []edit{{"s2", "number: 2", "number: 1"}}, fires: true},
		{rule: "session-number", name: "out of date order", edits: []edit{{"s2", "date: 2026-01-28", "date: 2026-01-10"}}, fires: true},
		{rule: "session-number", name: "in order", edits: nil},
		{rule: "goal-unknown", name: "typo", edits: []edit{{"s1", "goals: [speak-up]", "goals: [speak-upp]"}}, fires: true},
		{rule: "goal-unknown", name: "known", edits: nil},
		{rule: "session-goals-missing", name: "none", edits: []edit{{"s1", "goals: [speak-up]\n", ""}}, fires: true},
		{rule: "session-goals-missing", name: "given", edits: nil},
		{rule: "sessions-over-agreed", name: "one agreed", edits: []edit{{"a", "count: 6", "count: 1"}}, fires: true},
		{rule: "sessions-over-agreed", name: "two agreed", edits: []edit{{"a", "count: 6", "count: 2"}}},
		{rule: "action-due-missing", name: "no due", edits: []edit{{"s2", "due: 2026-02-11, ", ""}}, fires: true},
		{rule: "action-due-missing", name: "done without due", edits: []edit{{"s1", "due: 2026-01-21, ", ""}}},
		{rule: "action-set-by-coach", name: "coach", edits: []edit{{"s2", "set_by: client", "set_by: coach"}}, fires: true},
		{rule: "action-set-by-coach", name: "client", edits: nil},
		{rule: "action-overdue", name: "due and review passed", today: "2026-02-20", edits: nil, fires: true},
		{rule: "action-overdue", name: "review not yet", today: "2026-02-11", edits: []edit{{"s2", "due: 2026-02-11", "due: 2026-02-05"}}},
		{rule: "next-missing", name: "no next", edits: []edit{{"s2", "next: 2026-02-11\n", ""}}, fires: true},
		{rule: "next-missing", name: "last session of an ended engagement", edits: []edit{{"s2", "next: 2026-02-11\n", ""}, {"a", "status: active", "status: ended\nended: 2026-01-30"}}},
		{rule: "group-size-missing", name: "group without size", edits: []edit{{"s1", "format: individual", "format: group"}}, fires: true},
		{rule: "group-size-missing", name: "group of four", edits: []edit{{"s1", "format: individual", "format: group\ngroup_size: 4"}}},
		{rule: "reflection-missing", name: "a week on", edits: []edit{{"r2", "", removed}}, fires: true},
		{rule: "reflection-missing", name: "too soon", today: "2026-02-01", edits: []edit{{"r2", "", removed}}},
		{rule: "reflection-missing", name: "coach reflection does not count", edits: []edit{{"r2", "author: client", "author: coach"}}, fires: true},
		{rule: "reflection-orphan", name: "no such session", edits: []edit{{"r1", "session: 1", "session: 5"}}, fires: true},
		{rule: "reflection-orphan", name: "before its session", edits: []edit{{"r1", "date: 2026-01-16", "date: 2026-01-10"}}, fires: true},
		{rule: "reflection-orphan", name: "its session exists", edits: nil},
		{rule: "retention-expired", name: "a day's retention", edits: []edit{{"a", "status: active", "status: ended\nended: 2026-01-30"}, {"a", "retention: 6y", "retention: 1d"}}, fires: true},
		{rule: "retention-expired", name: "six years", edits: []edit{{"a", "status: active", "status: ended\nended: 2026-01-30"}}},
		{rule: "hours-consent", name: "not asked", edits: []edit{{"a", "consents: {named_in_hours_log: true}\n", ""}}, fires: true},
		{rule: "hours-consent", name: "declined", edits: []edit{{"a", "named_in_hours_log: true", "named_in_hours_log: false"}}},
		{rule: "record-link", name: "session linked to another client's", edits: []edit{{"clients/alice-smith/sessions/2026-02-04-03.md", "", linkTo + "../../bob-jones/agreement.md"}}, fires: true},
		{rule: "record-link", name: "no links", edits: nil},
		{rule: "rule-unknown", name: "misspelt rule", edits: []edit{{"practice.yaml", "disable: [uncommitted]", "disable: [uncommitted, next-misssing]"}}, fires: true},
		{rule: "rule-unknown", name: "known rules", edits: []edit{{"practice.yaml", "disable: [uncommitted]", "disable: [uncommitted, next-missing]"}}},
		{rule: "rule-unknown", name: "misspelt in a record", edits: []edit{{"s2", "next: 2026-02-11\n", "check: {disable: [next-misssing]}\n"}}, fires: true},
		{rule: "next-missing", name: "turned off in the record", edits: []edit{{"s2", "next: 2026-02-11\n", "check: {disable: [next-missing]}\n"}}},
		{rule: "next-missing", name: "turned off in another record", edits: []edit{{"s2", "next: 2026-02-11\n", ""}, {"s1", "kind: session\n", "kind: session\ncheck: {disable: [next-missing]}\n"}}, fires: true},
		{rule: "disable-unused", name: "silences nothing", edits: []edit{{"s2", "next: 2026-02-11\n", "next: 2026-02-11\ncheck: {disable: [next-missing]}\n"}}, fires: true},
		{rule: "disable-unused", name: "silences a finding", edits: []edit{{"s2", "next: 2026-02-11\n", "check: {disable: [next-missing]}\n"}}},
		{rule: "disable-unused", name: "a rule of the whole practice", edits: []edit{{"s2", "next: 2026-02-11\n", "next: 2026-02-11\ncheck: {disable: uncommitted}\n"}}, fires: true},
		{rule: "disable-unused", name: "rule off for the practice", edits: []edit{{"s2", "next: 2026-02-11\n", "next: 2026-02-11\ncheck: {disable: [next-missing]}\n"}, {"practice.yaml", "disable: [uncommitted]", "disable: [uncommitted, next-missing]"}}},
		{rule: "language-unknown", name: "a language with a catalogue", edits: []edit{{"a", "confidentiality:", "language: de-AT\nconfidentiality:"}, {"practice.yaml", "ethics:", "handouts: {language: fr}\nethics:"}}},
		{rule: "language-unknown", name: "a language without one", edits: []edit{{"a", "confidentiality:", "language: sv\nconfidentiality:"}}, fires: true},
		{rule: "language-unknown", name: "not a tag", edits: []edit{{"a", "confidentiality:", "language: Deutsch (AT)\nconfidentiality:"}}, fires: true},
		{rule: "language-unknown", name: "the practice's default", edits: []edit{{"practice.yaml", "ethics:", "handouts: {language: xx-1}\nethics:"}}, fires: true},
		{rule: "language-unknown", name: "the practice's own language", edits: []edit{{"a", "confidentiality:", "language: sv\nconfidentiality:"}, {"templates/i18n/sv.yaml", "", "agreement.title: Coachingavtal\n"}}},
		{rule: "catalogue-invalid", name: "one message overridden", edits: []edit{{"templates/i18n/de.yaml", "", "agreement.title: Coachingvertrag\n"}}},
		{rule: "catalogue-invalid", name: "a misspelt key", edits: []edit{{"templates/i18n/de.yaml", "", "agreement.titel: Coachingvertrag\n"}}, fires: true},
		{rule: "catalogue-invalid", name: "not YAML", edits: []edit{{"templates/i18n/de.yaml", "", "agreement.title: [unclosed\n"}}, fires: true},
		{rule: "erase-unfinished", name: "records an interrupted erase left", edits: []edit{{"clients/.erasing-bob-jones-dn9x7412q0pw/agreement.md", "", "bob"}}, fires: true},
		{rule: "erase-unfinished", name: "named like one, but a file", edits: []edit{{"public/.erasing-bob-jones-dn9x7412q0pw", "", "bob"}}, fires: true},
		{rule: "erase-unfinished", name: "another hidden folder", edits: []edit{{"clients/.obsidian/workspace.json", "", "{}"}}},
	}
	covered := map[string]int{}
	for _, tt := range tests {
		t.Run(tt.rule+"/"+tt.name, func(t *testing.T) {
			day := tt.today
			if day == "" {
				day = today
			}
			got := checkAll(t, writePractice(t, tt.edits...), day)
			fired := false
			for _, p := range got {
				if p.Rule == tt.rule {
					fired = true
				}
				if check.Lookup(p.Rule) == nil {
					t.Errorf("problem with a rule missing from the registry: %s", p)
				}
			}
			if fired != tt.fires {
				t.Errorf("%s fired = %v, want %v; problems:\n%s", tt.rule, fired, tt.fires, list(got))
			}
		})
		if tt.fires {
			covered[tt.rule] |= 1
		} else {
			covered[tt.rule] |= 2
		}
	}
	for _, r := range check.Rules {
		if r.Name == check.RuleUncommitted {
			continue // needs git: see the check_uncommitted script
		}
		if covered[r.Name] != 3 {
			t.Errorf("rule %s needs a fixture that fires it and one that does not", r.Name)
		}
	}
}

func list(ps []records.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}
