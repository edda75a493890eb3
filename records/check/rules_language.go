package check

import (
	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render/i18n"
)

// languageUnknown: an agreement's language that no catalogue serves.
func languageUnknown(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		if err := i18n.CheckTag(in.Practice.Root, a.Language); err != nil {
			r.At(a.Record, "language", err.Error())
		}
	}
}

// practiceLanguageUnknown: practice.yaml's handouts.language, likewise.
func practiceLanguageUnknown(in *In, r Report) {
	p := in.Practice
	if p.SettingsRecord == nil {
		return
	}
	if err := i18n.CheckTag(p.Root, p.Settings.Handouts.Language); err != nil {
		r.At(p.SettingsRecord, "handouts.language", err.Error())
	}
}

// catalogueInvalid: what is wrong in the practice's own catalogues, read
// as the handouts read them.
func catalogueInvalid(in *In, r Report) {
	c, err := i18n.Load(in.Practice.Root)
	if err != nil {
		r.Problem(records.Problem{Path: "templates/" + i18n.Dir, Line: 1, Col: 1, Message: err.Error()})
		return
	}
	for _, p := range c.Problems {
		r.Problem(records.Problem{Path: p.Path, Line: p.Line, Col: 1, Message: p.Message})
	}
}
