package check_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
)

var testTool = check.Tool{Name: "rapport", Version: "test", URI: "https://github.com/rapport-coach/rapport"}

// hostile are problems whose paths and messages carry what a record could:
// new lines, a forged workflow command, control and bidi characters.
var hostile = []records.Problem{
	{Path: "clients/ann/a b#1.md", Line: 3, Col: 2, Severity: records.Error, Rule: records.RuleFieldUnknown,
		Message: "unknown field x\n::error file=forged.md::forged", Hint: "did you mean y?"},
	{Path: "clients/ann/x,y:z%.md", Line: 0, Col: 0, Severity: records.Warning, Rule: check.RuleNextMissing,
		Message: "evil \u202e\x1b[31m text 100%"},
	{Path: "clients/ann/n.md", Line: 1, Col: 1, Severity: records.Note, Rule: check.RuleUnsigned, Message: "note"},
}

// TestSARIFSchema checks the log against what the SARIF 2.1.0 schema
// requires of every object rapport writes: the required properties, their
// types and enumerations, and the minimum values of positions.
func TestSARIFSchema(t *testing.T) {
	for _, tt := range []struct {
		name     string
		problems []records.Problem
		base     string
	}{{"none", nil, ""}, {"hostile", hostile, "coaching"}} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := check.WriteSARIF(&b, tt.problems, testTool, tt.base); err != nil {
				t.Fatal(err)
			}
			var log map[string]any
			if err := json.Unmarshal(b.Bytes(), &log); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, b.Bytes())
			}
			for _, e := range validateSARIF(log) {
				t.Error(e)
			}
			results := log["runs"].([]any)[0].(map[string]any)["results"].([]any)
			if len(results) != len(tt.problems) {
				t.Fatalf("%d results for %d problems", len(results), len(tt.problems))
			}
		})
	}
}

// TestSARIFContent: each problem's rule, level, place and message reach the
// log, with paths from the repository's root as URIs.
func TestSARIFContent(t *testing.T) {
	var b bytes.Buffer
	if err := check.WriteSARIF(&b, hostile, testTool, "coaching"); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	want := []struct{ rule, level, uri, msg string }{
		{"field-unknown", "error", "coaching/clients/ann/a%20b%231.md", "unknown field x\n::error file=forged.md::forged\nhint: did you mean y?"},
		{"next-missing", "warning", "coaching/clients/ann/x%2Cy:z%25.md", "evil \u202e\x1b[31m text 100%"},
		{"unsigned", "note", "coaching/clients/ann/n.md", "note"},
	}
	for i, w := range want {
		r := run.Results[i]
		loc := r.Locations[0].PhysicalLocation
		if r.RuleID != w.rule || r.Level != w.level || loc.ArtifactLocation.URI != w.uri || r.Message.Text != w.msg {
			t.Errorf("result %d = %+v, want %+v", i, r, w)
		}
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %d is %s", i, r.RuleIndex, run.Tool.Driver.Rules[r.RuleIndex].ID)
		}
		if _, err := url.Parse(loc.ArtifactLocation.URI); err != nil {
			t.Errorf("result %d: %v", i, err)
		}
		if loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 {
			t.Errorf("result %d: region %+v", i, loc.Region)
		}
	}
	if len(run.Tool.Driver.Rules) != len(check.Rules) {
		t.Errorf("%d rules described, the registry has %d", len(run.Tool.Driver.Rules), len(check.Rules))
	}
}

// TestGitHubCommands: one workflow command a problem, whatever the path or
// message holds, so a record cannot forge an annotation or a command.
func TestGitHubCommands(t *testing.T) {
	var b bytes.Buffer
	if err := check.WriteGitHub(&b, hostile, "coaching"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`::error file=coaching/clients/ann/a b#1.md,line=3,col=2,title=field-unknown::unknown field x%0A::error file=forged.md::forged%0Ahint: did you mean y?`,
		`::warning file=coaching/clients/ann/x%2Cy%3Az%25.md,line=1,col=1,title=next-missing::evil \u202e\u001b[31m text 100%25`,
		`::notice file=coaching/clients/ann/n.md,line=1,col=1,title=unsigned::note`,
	}
	got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// validateSARIF returns what in log breaks the SARIF 2.1.0 schema's rules for
// the objects rapport writes (sarifLog, run, tool, toolComponent,
// reportingDescriptor, result, message, location, physicalLocation,
// artifactLocation, region).
func validateSARIF(log map[string]any) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	obj := func(v any, where string) map[string]any {
		m, ok := v.(map[string]any)
		if !ok {
			fail("%s: want an object, got %T", where, v)
		}
		return m
	}
	str := func(m map[string]any, key, where string, required bool) string {
		v, ok := m[key]
		if !ok {
			if required {
				fail("%s: %s is required", where, key)
			}
			return ""
		}
		s, ok := v.(string)
		if !ok {
			fail("%s.%s: want a string, got %T", where, key, v)
		}
		return s
	}
	arr := func(m map[string]any, key, where string, required bool) []any {
		v, ok := m[key]
		if !ok {
			if required {
				fail("%s: %s is required", where, key)
			}
			return nil
		}
		a, ok := v.([]any)
		if !ok {
			fail("%s.%s: want an array, got %T", where, key, v)
		}
		return a
	}
	minInt := func(m map[string]any, key, where string, least float64) {
		if v, ok := m[key]; ok {
			n, ok := v.(float64)
			if !ok || n != float64(int(n)) || n < least {
				fail("%s.%s: want an integer of at least %v, got %v", where, key, least, v)
			}
		}
	}
	message := func(v any, where string) {
		m := obj(v, where)
		if m != nil && m["text"] == nil && m["id"] == nil {
			fail("%s: a message needs text or id", where)
		}
		str(m, "text", where, false)
	}
	levels := []string{"none", "note", "warning", "error"}

	if v := str(log, "version", "sarifLog", true); v != "2.1.0" {
		fail("sarifLog.version: want 2.1.0, got %q", v)
	}
	str(log, "$schema", "sarifLog", false)
	runs := arr(log, "runs", "sarifLog", true)
	for i, rv := range runs {
		where := fmt.Sprintf("runs[%d]", i)
		run := obj(rv, where)
		tool := obj(run["tool"], where+".tool")
		driver := obj(tool["driver"], where+".tool.driver")
		str(driver, "name", where+".tool.driver", true)
		str(driver, "version", where+".tool.driver", false)
		if u := str(driver, "informationUri", where+".tool.driver", false); u != "" {
			if _, err := url.Parse(u); err != nil {
				fail("%s.tool.driver.informationUri: %v", where, err)
			}
		}
		rules := arr(driver, "rules", where+".tool.driver", false)
		ids := map[string]bool{}
		for j, dv := range rules {
			w := fmt.Sprintf("%s.tool.driver.rules[%d]", where, j)
			d := obj(dv, w)
			id := str(d, "id", w, true)
			if ids[id] {
				fail("%s: id %s is not unique", w, id)
			}
			ids[id] = true
			for _, k := range []string{"shortDescription", "fullDescription", "help"} {
				if d[k] != nil {
					message(d[k], w+"."+k)
				}
			}
			if c, ok := d["defaultConfiguration"]; ok {
				if l := str(obj(c, w+".defaultConfiguration"), "level", w+".defaultConfiguration", false); !slices.Contains(levels, l) {
					fail("%s.defaultConfiguration.level: %q is not one of %v", w, l, levels)
				}
			}
		}
		results, ok := run["results"]
		if ok && results != nil {
			for j, resv := range arr(run, "results", where, false) {
				w := fmt.Sprintf("%s.results[%d]", where, j)
				res := obj(resv, w)
				message(res["message"], w+".message")
				if res["message"] == nil {
					fail("%s: message is required", w)
				}
				str(res, "ruleId", w, false)
				minInt(res, "ruleIndex", w, -1)
				if idx, ok := res["ruleIndex"].(float64); ok && int(idx) >= len(rules) {
					fail("%s.ruleIndex %v is past the %d rules", w, idx, len(rules))
				}
				if l, ok := res["level"]; ok && !slices.Contains(levels, l.(string)) {
					fail("%s.level: %v is not one of %v", w, l, levels)
				}
				for k, lv := range arr(res, "locations", w, false) {
					lw := fmt.Sprintf("%s.locations[%d]", w, k)
					pl := obj(obj(lv, lw)["physicalLocation"], lw+".physicalLocation")
					al := obj(pl["artifactLocation"], lw+".physicalLocation.artifactLocation")
					u := str(al, "uri", lw+".physicalLocation.artifactLocation", false)
					if _, err := url.Parse(u); err != nil || strings.ContainsAny(u, " \\") {
						fail("%s: uri %q is not a URI reference", lw, u)
					}
					rg := obj(pl["region"], lw+".physicalLocation.region")
					minInt(rg, "startLine", lw+".region", 1)
					minInt(rg, "startColumn", lw+".region", 1)
				}
			}
		}
	}
	return errs
}
