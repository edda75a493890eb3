package records

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Retention is how long records are kept after an engagement ends, written
// as a number and a unit: "6y", "18m", "90d".
type Retention struct {
	N    int
	Unit byte // 'y', 'm' or 'd'; 0 when unset
}

// ParseRetention reads a retention period such as "6y".
func ParseRetention(s string) (Retention, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 {
		return Retention{}, fmt.Errorf("%q is not a retention period such as 6y, 18m or 90d", s)
	}
	unit := s[len(s)-1]
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || (unit != 'y' && unit != 'm' && unit != 'd') {
		return Retention{}, fmt.Errorf("%q is not a retention period such as 6y, 18m or 90d", s)
	}
	return Retention{N: n, Unit: unit}, nil
}

// IsZero reports whether no retention was given.
func (r Retention) IsZero() bool { return r.Unit == 0 }

// String is the written form, such as "6y".
func (r Retention) String() string {
	if r.IsZero() {
		return ""
	}
	return strconv.Itoa(r.N) + string(r.Unit)
}

// Words is the period in plain language, such as "6 years".
func (r Retention) Words() string {
	unit := map[byte]string{'y': "year", 'm': "month", 'd': "day"}[r.Unit]
	if r.IsZero() {
		return ""
	}
	if r.N != 1 {
		unit += "s"
	}
	return strconv.Itoa(r.N) + " " + unit
}

// From is the day the retention period ends when it starts on d.
func (r Retention) From(d Date) Date {
	switch r.Unit {
	case 'y':
		return Date{d.t.AddDate(r.N, 0, 0)}
	case 'm':
		return Date{d.t.AddDate(0, r.N, 0)}
	case 'd':
		return Date{d.t.AddDate(0, 0, r.N)}
	}
	return d
}

// UnmarshalYAML accepts "6y"-style scalars.
func (r *Retention) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: retention must be written like 6y, 18m or 90d", n.Line)}}
	}
	if n.Value == "" || n.Tag == "!!null" {
		*r = Retention{}
		return nil
	}
	v, err := ParseRetention(n.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	*r = v
	return nil
}

// MarshalYAML writes the retention as "6y".
func (r Retention) MarshalYAML() (any, error) { return r.String(), nil }
