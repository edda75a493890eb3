package records

import "strings"

// PlaceholderPrefix starts every placeholder a scaffold leaves for what only
// the coaching conversation can decide, such as TODO(the client's first goal).
// It is plain ASCII so any editor can search for it, and check reports every
// one left behind as placeholder-left.
const PlaceholderPrefix = "TODO("

// RulePlaceholderLeft is the check rule for scaffold placeholders still in a record.
const RulePlaceholderLeft = "placeholder-left"

// IsPlaceholder reports whether s holds a scaffold placeholder.
func IsPlaceholder(s string) bool { return strings.Contains(s, PlaceholderPrefix) }
