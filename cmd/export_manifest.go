package cmd

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render"
)

// manifestName is the manifest's name inside the export archive.
const manifestName = "MANIFEST.md"

// manifest is the cover note of a subject-access export: written for the
// client, who may never have heard of git or SHA-256, and for whoever checks
// later that the archive is complete and unaltered.
type manifest struct {
	Practice *records.Practice
	Client   *records.Client
	Made     time.Time
	Records  []archived
	Handouts []archived
	Links    []string // links in the client's folder, not followed
	NotMade  []string // handouts that could not be made, and why
}

// Markdown writes the manifest.
func (m manifest) Markdown() string {
	var b strings.Builder
	s := m.Practice.Settings
	c := m.Client
	coach := s.Coach.Name
	if coach == "" {
		coach = "your coach"
	}
	practice := s.Name
	if practice == "" {
		practice = coach
	}
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }

	line("# Records held about %s", mdText(c.Name()))
	line("")
	line("This archive holds everything %s keeps about %s", mdText(practice), mdText(c.Name()))
	line("(client id `%s`), exactly as it is kept, together with the handouts made from it.", c.ID)
	line("It was made on %s at %s UTC.", render.LongDate(records.DateOf(m.Made)), m.Made.UTC().Format("15:04"))
	line("")

	line("## What is held, and why")
	line("")
	line("%s keeps these records to provide the coaching agreed with you: to prepare for each", mdText(capitalizeFirst(coach)))
	line("session, to keep track of your goals and the actions you chose, and to keep the records")
	if ethics := m.ethics(); ethics != "" {
		line("that the %s expects a coach to keep.", mdText(ethics))
	} else {
		line("that coaching ethics expect a coach to keep.")
	}
	line("")
	agreements, sessions := len(c.Agreements), len(c.Sessions)
	yours, coachs := len(c.ClientReflections()), len(c.CoachReflections())
	item := func(n int, text string) {
		if n > 0 { // say only what is held
			b.WriteString("- " + text + "\n")
		}
	}
	item(agreements, capitalizeFirst(records.CountWords(agreements, "coaching agreement"))+": the terms of the coaching, your contact details, your goals, and how\n  your records are kept, as you agreed to them.")
	item(sessions, capitalizeFirst(records.CountWords(sessions, "session record"))+": what was discussed, the goals worked on and the actions you chose.")
	item(yours, capitalizeFirst(records.CountWords(yours, "reflection"))+" that you wrote and shared.")
	item(coachs, capitalizeFirst(records.CountWords(coachs, "reflection"))+" that "+mdText(coach)+" wrote about the coaching, for their own\n  professional development and supervision.")
	if other := len(m.Records) - agreements - sessions - yours - coachs; other > 0 {
		line("- %s in your folder that %s not a record rapport reads (see the list of files).",
			capitalizeFirst(records.CountWords(other, "other file")), plural(other, "is", "are"))
	}
	item(len(m.Handouts), capitalizeFirst(records.CountWords(len(m.Handouts), "handout"))+" made from these records for this export: the documents you are given.")
	line("")

	line("### Coach reflections and private notes")
	line("")
	priv := m.privateSections()
	if coachs+priv > 0 {
		line("This archive includes %s and %s headed", records.CountWords(coachs, "coach reflection"), records.CountWords(priv, "section"))
		line("\"Private\" in your records. These are %s's own notes about your coaching and are", mdText(coach))
		line("never put in a handout. They are included here because they are about you, and")
	} else {
		line("There are no coach reflections about you and no sections headed \"Private\" in your")
		line("records yet. Such notes are %s's own and are never put in a handout, but", mdText(coach))
		line("they would be included here, because they would be about you, and")
	}
	line("data-protection law (such as the right of access in the UK GDPR and the EU GDPR) gives")
	line("you a right to a copy of the personal data held about you.")
	line("")

	line("## How long the records are kept")
	line("")
	for _, a := range c.Agreements {
		line("- %s", m.retention(a))
	}
	if len(c.Agreements) == 0 {
		if r := s.Defaults.Records.Retention; !r.IsZero() {
			line("- There is no agreement yet. The practice keeps records for %s after an", r.Words())
			line("  engagement ends, then deletes them.")
		} else {
			line("- There is no agreement yet, so no retention period has been agreed.")
		}
	}
	line("")

	line("## Files")
	line("")
	line("Each file's SHA-256 lets anyone check it is the file listed here. \"Last change\" is the")
	line("last commit to the practice's version history (git) that changed a record, with its date.")
	line("")
	line("| File | SHA-256 | Last change |")
	line("|---|---|---|")
	for _, group := range [][]archived{m.Records, m.Handouts} {
		for _, f := range group {
			line("| `%s` | `%s` | %s |", f.Name, f.SHA256, f.Commit)
		}
	}
	line("")
	if len(m.Links) > 0 || len(m.NotMade) > 0 {
		line("## Not included")
		line("")
		for _, l := range m.Links {
			line("- `%s` is a link to another place, not a file, so it was not followed.", l)
		}
		for _, e := range m.NotMade {
			line("- A handout could not be made: %s.", mdText(e))
		}
		line("")
	}
	line("Questions about these records: %s%s.", mdText(coach), contactSuffix(s.Coach))
	return b.String()
}

// ethics is the code of ethics the client agreed to, or the practice's.
func (m manifest) ethics() string {
	if a := m.Client.Agreement(); a != nil && a.Ethics != "" {
		return a.Ethics
	}
	return m.Practice.Settings.Ethics
}

// retention says in words how long one engagement's records are kept.
func (m manifest) retention(a *records.Agreement) string {
	what := "The agreement"
	if !a.Date.IsZero() {
		what = "The agreement of " + render.LongDate(a.Date)
	}
	r := a.Records.Retention
	if r.IsZero() {
		r = m.Practice.Settings.Defaults.Records.Retention
		if r.IsZero() {
			return what + " does not say how long its records are kept."
		}
		what += " does not say how long its records are kept; the practice's usual period is"
	} else {
		what += ": kept for"
	}
	s := fmt.Sprintf("%s %s after the engagement ends, then deleted.", what, r.Words())
	if a.Ended.IsZero() {
		return s + " The engagement has not ended."
	}
	return fmt.Sprintf("%s The engagement ended on %s, so they are kept until %s.", s, render.LongDate(a.Ended), render.LongDate(r.From(a.Ended)))
}

// privateSections counts the private sections in the client's own records
// (by the practice's rule); coach reflections are counted whole, apart.
func (m manifest) privateSections() int {
	n := 0
	for _, p := range m.Client.PrivatePassages(m.Practice.Settings.PrivacyRule()) {
		if p.Heading != "" {
			n++
		}
	}
	return n
}

func contactSuffix(c records.Coach) string {
	var parts []string
	if c.Email != "" {
		parts = append(parts, c.Email)
	}
	if c.Phone != "" {
		parts = append(parts, c.Phone)
	}
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, ", ")
}

// mdText escapes the characters that Markdown would read as formatting in
// the middle of a line, so a name from a record prints as written. Marks that
// only matter at the start of a line (#, -, +) are left alone: a plain-text
// reader sees fewer backslashes.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func capitalizeFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
