package records

import "strconv"

// Severity says how much a problem matters.
type Severity string

// The severities, from the checker's point of view.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Note    Severity = "note"
)

// Pos is a 1-based line and column in a file. The zero Pos means "the whole file".
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"column"`
}

// Problem is something wrong with a record, where it is and what to do about it.
// Loading produces the problems that stop a record being read or understood;
// check adds the rest.
type Problem struct {
	Path     string   `json:"path"` // slash-separated, relative to the practice root
	Line     int      `json:"line"`
	Col      int      `json:"column"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
}

// String is the compiler-style one-line form: path:line:col: severity: message [rule].
// It is for a terminal and is one line, so the path and what the message
// quotes from a record are made VisibleLine.
func (p Problem) String() string {
	// Put together without fmt: a practice's report can run to thousands
	// of lines.
	return VisibleLine(p.Path) + ":" + strconv.Itoa(max(p.Line, 1)) + ":" + strconv.Itoa(max(p.Col, 1)) + ": " +
		string(p.Severity) + ": " + VisibleLine(p.Message) + " [" + p.Rule + "]"
}

// Rules that loading itself reports. check owns the full registry.
const (
	RuleFrontmatterMissing = "frontmatter-missing"
	RuleFrontmatterSyntax  = "frontmatter-syntax"
	RuleKindUnknown        = "kind-unknown"
	RuleFieldType          = "field-type"
	RuleFieldUnknown       = "field-unknown"
	RuleDateInvalid        = "date-invalid"
	RuleClientMismatch     = "client-mismatch"
	RuleFileUnreadable     = "file-unreadable"
)
