package check

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rapport-coach/rapport/records"
)

// DefaultReflectionDays is how long after a session the client's reflection
// is expected: a week, the usual gap before a coach follows up.
const DefaultReflectionDays = 7

// Config is which rules run and how much each matters, from practice.yaml's
// check settings.
type Config struct {
	disabled map[string]bool
	severity map[string]records.Severity
	// ReflectionDays is how many days after a session reflection-missing
	// waits for the client's reflection.
	ReflectionDays int
	// Drawable says whether the builtin PDF engine has a font for a
	// character; the command line sets it from render/pdf, which records
	// know nothing of. Nil leaves glyph-missing silent.
	Drawable func(rune) bool
}

// ConfigFrom reads practice.yaml's check: {disable, warn, error} from the
// practice's settings (nil for none). Unknown rule names are ignored here;
// Practice reports them as rule-unknown.
func ConfigFrom(settings *records.Settings) Config {
	c := Config{disabled: map[string]bool{}, severity: map[string]records.Severity{}, ReflectionDays: DefaultReflectionDays}
	if settings == nil {
		return c
	}
	s := settings.Check
	for _, n := range s.Warn {
		c.severity[n] = records.Warning
	}
	for _, n := range s.Error {
		c.severity[n] = records.Error
	}
	for _, n := range s.Disable {
		c.disabled[n] = true
	}
	return c
}

// Disable turns rules off on top of the practice's settings, as
// rapport check --disable does.
func (c *Config) Disable(names ...string) {
	if c.disabled == nil {
		c.disabled = map[string]bool{}
	}
	for _, n := range names {
		c.disabled[n] = true
	}
}

// Enabled reports whether the rule runs.
func (c Config) Enabled(rule string) bool { return !c.disabled[rule] }

// Severity is the rule's severity in this practice.
func (c Config) Severity(rule string) records.Severity {
	if s, ok := c.severity[rule]; ok {
		return s
	}
	if r := Lookup(rule); r != nil {
		return r.Severity
	}
	return records.Error
}

// apply gives a finding the practice's severity for its rule and the rule's
// hint when it has none. It returns false for a disabled rule. Loading
// reports everything as an error; the registry's default decides. A finding
// a rule made milder on purpose (a note for a draft) stays mild unless the
// practice raises the rule to error.
func (c Config) apply(p records.Problem) (records.Problem, bool) {
	if c.disabled[p.Rule] {
		return p, false
	}
	r := Lookup(p.Rule)
	if r != nil && (p.Severity == "" || p.Severity == records.Error) {
		p.Severity = r.Severity
	}
	if p.Severity == "" {
		p.Severity = records.Error
	}
	if s, ok := c.severity[p.Rule]; ok && (r == nil || p.Severity == r.Severity || s == records.Error) {
		p.Severity = s
	}
	if p.Hint == "" && r != nil {
		p.Hint = r.Hint
	}
	return p, true
}

// Key is the configuration in words, the same for the same configuration:
// part of what check's findings are kept in the cache under.
func (c Config) Key() string {
	var b strings.Builder
	for _, n := range slices.Sorted(maps.Keys(c.disabled)) {
		if c.disabled[n] {
			fmt.Fprintf(&b, "-%s\n", n)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(c.severity)) {
		fmt.Fprintf(&b, "%s=%s\n", n, c.severity[n])
	}
	fmt.Fprintf(&b, "reflection-days=%d\n", c.ReflectionDays)
	return b.String()
}
