package check

import (
	"fmt"
	"strings"

	"github.com/rapport-coach/rapport/records"
)

// Rules about the coaching agreement. Each looks at every agreement of the
// client, the current one and any earlier engagements.

func isDraft(a *records.Agreement) bool { return a.State() == records.StatusDraft }

// goalsMissing: the client has set no goals.
func goalsMissing(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		if len(a.Goals) == 0 {
			r.At(a.Record, "goals", "agreement has no goals set by the client")
			continue
		}
		for i, g := range a.Goals {
			if strings.TrimSpace(g.ID) == "" || strings.TrimSpace(g.Text) == "" {
				r.Hinted(a.Record, fmt.Sprintf("goals.%d", i), fmt.Sprintf("goal %d needs both an id and the client's words", i+1),
					"write it as {id: speak-up, text: Speak up with confidence in leadership meetings}")
			}
		}
	}
}

// consentMissing: no records arrangement, or no date the client agreed to it.
// A draft is expected to lack the date until the meeting, so that is a note.
func consentMissing(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		arr := a.Records
		switch {
		case strings.TrimSpace(arr.HeldBy) == "" || strings.TrimSpace(arr.Storage) == "":
			var missing []string
			if strings.TrimSpace(arr.HeldBy) == "" {
				missing = append(missing, "who holds them (held_by)")
			}
			if strings.TrimSpace(arr.Storage) == "" {
				missing = append(missing, "where they are kept (storage)")
			}
			r.At(a.Record, "records", "agreement does not say how records are kept: "+strings.Join(missing, " and ")+" is missing")
		case arr.Consent.IsZero() && isDraft(a):
			r.Note(a.Record, "records.consent", "draft agreement: the client's consent to the records arrangement is still to be given")
		case arr.Consent.IsZero():
			r.At(a.Record, "records.consent", "agreement has no date the client consented to the records arrangement")
		}
	}
}

// consentWithdrawn: records written after the client withdrew consent.
func consentWithdrawn(in *In, r Report) {
	c := in.Client
	for _, a := range c.Agreements {
		w := a.Records.Withdrawn
		if w.IsZero() {
			continue
		}
		for _, s := range c.SessionsUnder(a) {
			if s.Date.After(w) {
				r.Hinted(s.Record, "date", fmt.Sprintf("session %d was recorded after the client withdrew consent on %s", s.Number, w),
					"delete these notes, or record the client's renewed consent in the agreement")
			}
		}
		for _, ref := range c.Reflections {
			if !ref.Date.IsZero() && ref.Date.After(w) && c.AgreementOn(ref.Date) == a {
				r.At(ref.Record, "date", fmt.Sprintf("reflection was recorded after the client withdrew consent on %s", w))
			}
		}
	}
}

// ethicsMissing: neither the agreement nor practice.yaml names a code of ethics.
func ethicsMissing(in *In, r Report) {
	if in.Practice != nil && in.Practice.SettingsRecord != nil && in.Practice.SettingsRecord.Has("ethics") && strings.TrimSpace(in.Practice.Settings.Ethics) != "" {
		return
	}
	for _, a := range in.Client.Agreements {
		if strings.TrimSpace(a.Ethics) == "" {
			r.At(a.Record, "ethics", "agreement names no code of ethics, and practice.yaml names none either")
		}
	}
}

// termsMissing: how many sessions, how often and how long.
func termsMissing(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		t := a.Sessions
		var missing []string
		if t.Count <= 0 {
			missing = append(missing, "count")
		}
		if strings.TrimSpace(t.Frequency) == "" {
			missing = append(missing, "frequency")
		}
		if t.Minutes <= 0 {
			missing = append(missing, "minutes")
		}
		if len(missing) > 0 {
			r.At(a.Record, "sessions", "agreement does not give the sessions' "+strings.Join(missing, ", "))
		}
	}
}

// feesMissing: neither a fee nor pro bono.
func feesMissing(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		if a.IsProBono() {
			continue
		}
		if a.Fees.Amount <= 0 {
			field := "fees"
			if a.Record.Has("fees.amount") {
				field = "fees.amount"
			}
			r.At(a.Record, field, "agreement gives no fee and does not say the coaching is pro bono")
		} else if strings.TrimSpace(a.Fees.Currency) == "" {
			r.Hinted(a.Record, "fees.amount", "agreement gives a fee without its currency", "add currency: GBP (or EUR, USD...) under fees")
		}
	}
}

// confidentialityMissing: no confidentiality statement.
func confidentialityMissing(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		if strings.TrimSpace(a.Confidentiality) == "" {
			r.At(a.Record, "confidentiality", "agreement does not say what is kept confidential")
		}
	}
}

// retentionMissing: no retention period for the records.
func retentionMissing(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		if a.Records.Retention.IsZero() {
			r.At(a.Record, "records.retention", "agreement does not say how long records are kept after the engagement ends")
		}
	}
}

// unsigned: one or both signatures missing. Expected in a draft: a note.
func unsigned(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		var who []string
		if a.Signed.Client.IsZero() {
			who = append(who, "the client")
		}
		if a.Signed.Coach.IsZero() {
			who = append(who, "the coach")
		}
		if len(who) == 0 {
			continue
		}
		field := "signed"
		if len(who) == 1 {
			field = "signed." + strings.TrimPrefix(who[0], "the ")
		}
		msg := "agreement is not signed by " + strings.Join(who, " or ")
		if isDraft(a) {
			r.Note(a.Record, field, "draft "+msg+" yet")
		} else {
			r.At(a.Record, field, msg)
		}
	}
}

// copyNotGiven: a signed agreement the client has no copy of.
func copyNotGiven(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		if !a.CopyGiven.IsZero() {
			continue
		}
		if isDraft(a) {
			r.Note(a.Record, "copy_given", "draft agreement: the client has not had a copy yet")
		} else {
			r.At(a.Record, "copy_given", "agreement does not record that the client was given a copy")
		}
	}
}

// contactMissing: no way to reach the client.
func contactMissing(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		if strings.TrimSpace(a.Contact.Email) == "" && strings.TrimSpace(a.Contact.Phone) == "" {
			r.At(a.Record, "contact", "agreement has no email or phone for the client")
		}
	}
}

// endedMissing: status and ended date disagree, so the retention clock
// cannot start or starts wrongly.
func endedMissing(in *In, r Report) {
	for _, a := range in.Client.Agreements {
		switch {
		case a.State() == records.StatusEnded && a.Ended.IsZero():
			r.At(a.Record, "status", "agreement has ended but does not say when (ended: DATE)")
		case a.State() != records.StatusEnded && !a.Ended.IsZero():
			r.Hinted(a.Record, "ended", fmt.Sprintf("agreement has an ended date but its status is %s", a.State()), "set status: ended, or remove the ended date")
		}
	}
}

// clientMismatch: the agreement names someone the folder is not for.
func clientMismatch(in *In, r Report) {
	c := in.Client
	idWords := map[string]bool{}
	for _, w := range strings.Split(c.ID, "-") {
		idWords[w] = true
	}
	first := ""
	for _, a := range c.Agreements {
		name := strings.TrimSpace(a.ClientName)
		if name == "" || records.IsPlaceholder(name) {
			continue
		}
		if first != "" && !strings.EqualFold(name, first) {
			r.At(a.Record, "client_name", fmt.Sprintf("agreement is for %s, but the client's earlier agreement is for %s", name, first))
			continue
		}
		if first == "" {
			first = name
		}
		shared := false
		for _, w := range strings.Split(records.Slug(name), "-") {
			if len(w) > 1 && idWords[w] {
				shared = true
			}
		}
		if !shared {
			r.Hinted(a.Record, "client_name", fmt.Sprintf("agreement is for %s, but it is in the folder of client %s", name, c.ID),
				"move it to the right client's folder; if the folder name is deliberately anonymous, disable client-mismatch in practice.yaml")
		}
	}
}
