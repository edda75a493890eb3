package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/records"
)

// LongDate is a date as a handout prints it: "Wednesday 2 December 2026".
// Handouts are read by people, so the weekday helps; "" when unset.
func LongDate(d records.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("Monday 2 January 2006")
}

// ShortDate is a compact date for tables and footers: "2 Dec 2026".
func ShortDate(d records.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

// termsWords is an engagement's shape in one sentence: "Six sessions of 60
// minutes, fortnightly, by video."
func (h *Handout) termsWords(t records.Terms) string {
	if t.Count == 0 && t.Minutes == 0 {
		return ""
	}
	var parts []string
	s := h.t("agreement.terms_count", "n", t.Count, "nw", t.Count)
	if t.Count == 0 {
		s = h.t("agreement.terms_uncounted")
	}
	if t.Minutes > 0 {
		s = h.t("agreement.terms_minutes", "sessions", s, "minutes", t.Minutes)
	}
	parts = append(parts, s)
	if t.Frequency != "" {
		parts = append(parts, t.Frequency)
	}
	if m := h.modeWords(t.Mode); m != "" {
		parts = append(parts, m)
	}
	return capitalize(strings.Join(parts, ", "))
}

// modeWords says how sessions take place; a mode it does not know is
// given as written.
func (h *Handout) modeWords(mode string) string {
	switch records.ModeWords(mode) {
	case "by video":
		return h.t("agreement.mode_video")
	case "by phone":
		return h.t("agreement.mode_phone")
	case "in person":
		return h.t("agreement.mode_in_person")
	}
	return strings.TrimSpace(mode)
}

// period is a retention period in words: "6 years", "6 Jahre".
func (h *Handout) period(r records.Retention) string {
	if r.IsZero() {
		return ""
	}
	return h.t("period."+string(rune(r.Unit)), "n", r.N)
}

// capitalize upper-cases the first letter, whatever its script.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// feesWords is the fee in a sentence.
func (h *Handout) feesWords(a *records.Agreement) string {
	if a.IsProBono() {
		return h.t("agreement.pro_bono")
	}
	if a.Fees.Amount == 0 {
		return ""
	}
	amount := h.lang().Money(a.Fees.Amount, a.Fees.Currency)
	switch basis := strings.ToLower(a.Fees.Basis); basis {
	case "":
		return amount
	case "package":
		return h.t("agreement.fee_package", "amount", amount)
	case "per session", "session", "per-session":
		return h.t("agreement.fee_per_session", "amount", amount)
	default:
		return h.t("agreement.fee_other", "amount", amount, "basis", a.Fees.Basis)
	}
}

// heldByWords says who keeps the records, speaking to the client.
func (h *Handout) heldByWords(heldBy, coach string) string {
	switch strings.ToLower(heldBy) {
	case "coach":
		if coach != "" {
			return h.t("held_by.coach_named", "coach", coach)
		}
		return h.t("held_by.coach")
	case "client":
		return h.t("held_by.client")
	case "both":
		return h.t("held_by.both")
	}
	return heldBy
}

// sentence makes sure a phrase starts with a capital and ends with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	s = capitalize(s)
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return s
}
