package check

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rapport-coach/rapport/records"
)

// uncommitted: records git has no history of. Outside git it says so once.
func uncommitted(in *In, r Report) {
	if in.StatusErr != nil {
		if errors.Is(in.StatusErr, records.ErrNoRepo) {
			r.Problem(records.Problem{Path: records.SettingsFile, Line: 1, Col: 1, Severity: records.Note,
				Message: "the practice is not in a git repository, so records have no history; uncommitted was not checked",
				Hint:    "run git init and commit the practice, or disable uncommitted in practice.yaml"})
			return
		}
		r.Problem(records.Problem{Path: records.SettingsFile, Line: 1, Col: 1, Severity: records.Note,
			Message: fmt.Sprintf("git status could not be read, so uncommitted was not checked: %v", in.StatusErr)})
		return
	}
	if in.Status == nil {
		return
	}
	for _, f := range in.Status.Files {
		if !isRecordPath(f.Path) || records.IsHandoverPath(f.Path) {
			continue // notes waiting for handover must never be committed: see records-held-by-client
		}
		var msg string
		switch f.State {
		case "new":
			msg = "file was never committed to git"
		case "deleted":
			msg = "file was deleted and the deletion is not committed"
		case "staged":
			msg = "file is staged but not committed"
		default:
			msg = "file has changes not committed to git"
		}
		r.Problem(records.Problem{Path: f.Path, Line: 1, Col: 1, Message: msg})
	}
}

// isRecordPath reports whether path holds what the practice is made of:
// practice.yaml, clients/ and templates/. Editor folders such as .obsidian
// and other files the coach keeps alongside are git's business, not check's.
func isRecordPath(path string) bool {
	if path == records.SettingsFile {
		return true
	}
	if !strings.HasPrefix(path, records.ClientsDir+"/") && !strings.HasPrefix(path, "templates/") {
		return false
	}
	for _, part := range strings.Split(path, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// ruleUnknown: a rule name in practice.yaml's check settings that no rule has.
func ruleUnknown(in *In, r Report) {
	p := in.Practice
	lists := []struct {
		key   string
		names []string
	}{{"disable", p.Settings.Check.Disable}, {"warn", p.Settings.Check.Warn}, {"error", p.Settings.Check.Error}}
	known := map[string]bool{}
	for _, n := range in.RuleNames {
		known[n] = true
	}
	for _, l := range lists {
		for i, n := range l.names {
			if known[n] {
				continue
			}
			hint := "see rapport check --rules for the rule names"
			if s := records.Suggest(n, in.RuleNames); s != "" {
				hint = "did you mean " + s + "?"
			}
			r.Hinted(p.SettingsRecord, fmt.Sprintf("check.%s.%d", l.key, i), fmt.Sprintf("check.%s names no rule %q", l.key, n), hint)
		}
	}
}

// eraseUnfinished: a folder an interrupted erase left in clients/ or public/.
func eraseUnfinished(in *In, r Report) {
	left, err := records.ErasingLeftovers(in.Practice)
	if err != nil {
		r.Problem(records.Problem{Path: records.ClientsDir, Line: 1, Col: 1, Severity: records.Note,
			Message: fmt.Sprintf("could not look for erases cut short: %v", err)})
		return
	}
	for _, l := range left {
		if l.ID == "" {
			r.Problem(records.Problem{Path: l.Path, Line: 1, Col: 1,
				Message: "is named like the folder an interrupted erase leaves, but " + l.Problem,
				Hint:    "look at what it holds and remove it by hand; rapport does not touch it"})
			continue
		}
		r.Problem(records.Problem{Path: l.Path, Line: 1, Col: 1,
			Message: "an erase of " + l.ID + " was cut short and left the client's records here",
			Hint:    "rapport erase " + l.ID + " finishes it"})
	}
}
