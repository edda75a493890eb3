package check

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"

	"github.com/rapport-coach/rapport/records"
)

// Tool names the program in machine-read reports.
type Tool struct {
	Name    string
	Version string
	URI     string // where to read about it
}

// sarifLevels are SARIF's names for the severities.
var sarifLevels = map[records.Severity]string{records.Error: "error", records.Warning: "warning", records.Note: "note"}

// WriteSARIF prints the problems as a SARIF 2.1.0 log, the format code
// scanning services (GitHub, GitLab, Azure DevOps) show inline on a change.
// Every rule of the registry is described, with its reason and hint, so a
// reviewer sees why a finding matters. base is the practice's folder within
// the repository ("" when it is the repository's root), since the services
// read paths from the repository's root.
func WriteSARIF(w io.Writer, ps []records.Problem, tool Tool, base string) error {
	type text struct {
		Text string `json:"text"`
	}
	type config struct {
		Level string `json:"level"`
	}
	type rule struct {
		ID                   string `json:"id"`
		Name                 string `json:"name"`
		ShortDescription     text   `json:"shortDescription"`
		FullDescription      text   `json:"fullDescription"`
		Help                 text   `json:"help"`
		DefaultConfiguration config `json:"defaultConfiguration"`
	}
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
	type artifact struct {
		URI string `json:"uri"`
	}
	type physical struct {
		ArtifactLocation artifact `json:"artifactLocation"`
		Region           region   `json:"region"`
	}
	type location struct {
		PhysicalLocation physical `json:"physicalLocation"`
	}
	type result struct {
		RuleID    string     `json:"ruleId"`
		RuleIndex *int       `json:"ruleIndex,omitempty"`
		Level     string     `json:"level"`
		Message   text       `json:"message"`
		Locations []location `json:"locations"`
	}
	type driver struct {
		Name           string `json:"name"`
		Version        string `json:"version,omitempty"`
		InformationURI string `json:"informationUri,omitempty"`
		Rules          []rule `json:"rules"`
	}
	type run struct {
		Tool struct {
			Driver driver `json:"driver"`
		} `json:"tool"`
		Results []result `json:"results"`
	}
	type log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []run  `json:"runs"`
	}

	var r run
	r.Tool.Driver = driver{Name: tool.Name, Version: tool.Version, InformationURI: tool.URI, Rules: []rule{}}
	index := map[string]int{}
	for i, rl := range Rules {
		index[rl.Name] = i
		r.Tool.Driver.Rules = append(r.Tool.Driver.Rules, rule{
			ID: rl.Name, Name: ruleTitle(rl.Name),
			ShortDescription: text{firstSentence(rl.Reason)}, FullDescription: text{rl.Reason},
			Help: text{rl.Hint}, DefaultConfiguration: config{sarifLevels[rl.Severity]},
		})
	}
	r.Results = []result{}
	for _, p := range ps {
		res := result{RuleID: p.Rule, Level: sarifLevels[p.Severity], Message: text{p.Message}}
		if res.Level == "" {
			res.Level = "error"
		}
		if i, ok := index[p.Rule]; ok {
			res.RuleIndex = &i
		}
		if p.Hint != "" {
			res.Message.Text += "\nhint: " + p.Hint
		}
		res.Locations = []location{{physical{artifact{fileURI(base, p.Path)}, region{max(p.Line, 1), max(p.Col, 1)}}}}
		r.Results = append(r.Results, res)
	}
	out, err := json.MarshalIndent(log{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []run{r},
	}, "", "  ")
	if err != nil {
		return err
	}
	// As in WriteJSON: bidi and zero-width characters as \u escapes.
	_, err = fmt.Fprintf(w, "%s\n", records.Visible(string(out)))
	return err
}

// fileURI is a practice-relative path as a relative URI from the
// repository's root: each segment percent-encoded, so a record named with a
// space or a # is still one file.
func fileURI(base, rel string) string {
	segs := strings.Split(path.Join(base, rel), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// ruleTitle is a rule's name as SARIF's PascalCase name: field-unknown is
// FieldUnknown.
func ruleTitle(name string) string {
	var b strings.Builder
	for _, w := range strings.Split(name, "-") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// firstSentence is the reason up to its first colon or semicolon, short
// enough for a list of rules.
func firstSentence(s string) string {
	if i := strings.IndexAny(s, ":;"); i > 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// githubLevels are GitHub's workflow command names for the severities.
var githubLevels = map[records.Severity]string{records.Error: "error", records.Warning: "warning", records.Note: "notice"}

// WriteGitHub prints one GitHub Actions workflow command a problem
// (::error file=...,line=...,col=...,title=rule::message), which the
// workflow shows beside the line of the change. Every value is escaped as
// GitHub asks, so text from a record cannot end the command early or start
// another one on a line of its own. base is as for WriteSARIF.
func WriteGitHub(w io.Writer, ps []records.Problem, base string) error {
	for _, p := range ps {
		level := githubLevels[p.Severity]
		if level == "" {
			level = "error"
		}
		msg := p.Message
		if p.Hint != "" {
			msg += "\nhint: " + p.Hint
		}
		_, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
			githubProperty(path.Join(base, p.Path)), max(p.Line, 1), max(p.Col, 1), githubProperty(p.Rule),
			githubData(records.Visible(msg)))
		if err != nil {
			return err
		}
	}
	return nil
}

// githubData escapes a workflow command's message.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(records.Visible(s))
}
