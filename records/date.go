package records

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// DateLayout is the only date form a record may use.
const DateLayout = "2006-01-02"

// Date is a calendar day written as YYYY-MM-DD. The zero Date means "not set".
type Date struct{ t time.Time }

// ParseDate reads a YYYY-MM-DD date and rejects days that do not exist. A
// date in the right form that names no day says what is wrong with it ("there
// is no month 13"), so the coach corrects the month rather than the form.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err == nil && len(s) == len(DateLayout) {
		return Date{t}, nil
	}
	if !dateFormRE.MatchString(s) {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	y, _ := strconv.Atoi(s[0:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:10])
	switch {
	case m < 1 || m > 12:
		return Date{}, fmt.Errorf("%s: there is no month %d", s, m)
	case d < 1:
		return Date{}, fmt.Errorf("%s: there is no day %d", s, d)
	}
	// Day 0 of the next month is the last day of this one.
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if time.Month(m) == time.February {
		return Date{}, fmt.Errorf("%s: February %d has %d days", s, y, last)
	}
	return Date{}, fmt.Errorf("%s: %s has %d days", s, time.Month(m), last)
}

// dateFormRE is the shape of a date, whatever its numbers.
var dateFormRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// MustDate is ParseDate for literals known to be valid; it panics otherwise.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time is the date at midnight UTC.
func (d Date) Time() time.Time { return d.t }

// String is YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDays returns the date n days later (or earlier when n < 0).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// DaysUntil is the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// UnmarshalYAML accepts a YAML scalar in YYYY-MM-DD form. An invalid date is a
// type error, so decoding goes on and the checker reports it as date-invalid.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a date must be written YYYY-MM-DD", n.Line)}}
	}
	if n.Value == "" || n.Tag == "!!null" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(n.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	*d = v
	return nil
}

// MarshalYAML writes the date as YYYY-MM-DD.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }
