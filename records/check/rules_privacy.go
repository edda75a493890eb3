package check

import (
	"fmt"

	"github.com/rapport-coach/rapport/internal/termtext"
	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/body"
)

// privateHeadingLookalike: a heading of an agreement, session or client
// reflection that looks like a private heading (a look-alike letter, a
// misspelling, "Confidential") but is not one by the practice's rule, so
// its section goes into the client's handout. A coach reflection is private
// whole, so its headings do not matter.
func privateHeadingLookalike(in *In, r Report) {
	rule := in.Practice.Settings.PrivacyRule()
	for _, rec := range clientFacing(in.Client) {
		lookalikeHeadings(rec, rule, r)
	}
}

// clientFacing are the records whose bodies reach the client's handouts:
// agreements, sessions and the client's reflections. A coach reflection is
// private whole.
func clientFacing(c *records.Client) []*records.Record {
	var out []*records.Record
	for _, a := range c.Agreements {
		out = append(out, a.Record)
	}
	for _, s := range c.Sessions {
		out = append(out, s.Record)
	}
	for _, ref := range c.ClientReflections() {
		out = append(out, ref.Record)
	}
	return out
}

func lookalikeHeadings(rec *records.Record, rule body.Rule, r Report) {
	if rec == nil {
		return
	}
	lookalike, unmade := body.MayHaveLookalike(rec.Body), body.MayHaveUnmade(rec.Body)
	if !lookalike && !unmade {
		return
	}
	b := body.Parse(rec.Body, rule)
	if unmade {
		for _, h := range b.Unmade(rule) {
			r.Problem(records.Problem{Path: rec.Path, Line: rec.BodyLine + h.Line - 1, Col: h.Col,
				Message: fmt.Sprintf("line %q reads as a private heading, but Markdown does not make it a heading "+
					"(indented, inside HTML, joined to the line above, or without a space after #): what follows WILL be shown to the client",
					records.Visible(h.Text)),
				Hint: unmadeHint})
		}
	}
	if !lookalike {
		return
	}
	for _, h := range b.Headings() {
		if h.Private {
			continue
		}
		why := rule.Lookalike(h.Text)
		if why == "" {
			continue
		}
		r.Problem(records.Problem{Path: rec.Path, Line: rec.BodyLine + h.Line - 1, Col: h.Col,
			Message: fmt.Sprintf("heading %q is not private, though %s: its section WILL be shown to the client", records.Visible(h.Text), why),
			Hint:    lookalikeHint})
	}
}

const lookalikeHint = `if it is for you only, write "Private" as the heading's first word, such as "## Private notes" ` +
	"(or add the word to privacy.headings in practice.yaml); if it is meant for the client, reword it"

const unmadeHint = "start the line with # marks and a space at the left margin, after a blank line and outside any HTML, " +
	"such as \"## Private notes\""

// commentShown: an HTML comment (<!-- -->) or an Obsidian comment (%% %%)
// in the visible part of an agreement, session or client reflection. Other
// Markdown tools hide comments; handouts print them as written, because
// what is private is decided by headings alone.
func commentShown(in *In, r Report) {
	rule := in.Practice.Settings.PrivacyRule()
	for _, rec := range clientFacing(in.Client) {
		shownComments(rec, rule, r)
	}
}

func shownComments(rec *records.Record, rule body.Rule, r Report) {
	if rec == nil || !body.MayHaveComment(rec.Body) {
		return
	}
	for _, cm := range body.Parse(rec.Body, rule).Comments() {
		kind := "Obsidian comment"
		if cm.HTML {
			kind = "HTML comment"
		}
		r.Problem(records.Problem{Path: rec.Path, Line: rec.BodyLine + cm.Line - 1, Col: cm.Col,
			Message: fmt.Sprintf("%s %q WILL be printed on the client's handout: comments are not private", kind, records.Visible(termtext.Clip(cm.Text, 60))),
			Hint:    commentHint})
	}
}

const commentHint = "if it is for you only, move it under a heading such as \"## Private notes\" or into a coach reflection; " +
	"if it is not needed, delete it"
