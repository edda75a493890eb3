package cmd

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/rapport-coach/rapport/records"
)

// TestPreCommitHooks reads the repository's .pre-commit-hooks.yaml as the
// pre-commit framework would and checks that each hook runs check on the
// files that are records, and on no other.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile("../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Name, Entry, Language, Files string
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 {
		t.Fatal("no hooks")
	}
	files := map[string]bool{
		"practice.yaml":                         true,
		"clients/alice-smith/agreement.md":      true,
		"clients/alice-smith/sessions/01.md":    true,
		"coaching/clients/ann/reflections/a.md": true,
		"coaching/practice.yaml":                true,
		"README.md":                             false,
		"public/alice-smith/session-01.html":    false,
		"templates/session.md":                  false,
		"clients/alice-smith/scan.pdf":          false,
	}
	for _, h := range hooks {
		if h.ID == "" || h.Name == "" || h.Entry != "rapport check --disable uncommitted" || h.Language == "" {
			t.Errorf("hook %+v lacks an id, a name, the check entry or a language", h)
		}
		re, err := regexp.Compile(h.Files)
		if err != nil {
			t.Fatalf("hook %s: files: %v", h.ID, err)
		}
		for f, want := range files {
			if re.MatchString(f) != want {
				t.Errorf("hook %s: files matches %s = %v, want %v", h.ID, f, !want, want)
			}
		}
	}
}

// TestCIRecipe reads the workflow in docs/ci as GitHub would and checks
// that it runs check with annotations and build, and uploads no handout.
func TestCIRecipe(t *testing.T) {
	data, err := os.ReadFile("../docs/ci/github-workflow.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			Steps []struct {
				Uses string
				Run  string
			}
		}
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	if _, ok := wf.On["push"]; !ok {
		t.Error("the workflow does not run on push")
	}
	runs := map[string]bool{}
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			runs[s.Run] = true
			if strings.Contains(s.Uses, "upload-artifact") {
				t.Errorf("job %s uploads an artifact: handouts hold client data", name)
			}
		}
	}
	for _, want := range []string{"rapport check --format github", "rapport build", "rapport check --format sarif > rapport.sarif || test $? -eq 1"} {
		if !runs[want] {
			t.Errorf("no step runs %q", want)
		}
	}
}

// TestVSCodeTask: the problem matcher of the VS Code task in docs/vscode
// reads check's lines into file, line, column, severity, message and rule.
func TestVSCodeTask(t *testing.T) {
	data, err := os.ReadFile("../docs/vscode/tasks.json")
	if err != nil {
		t.Fatal(err)
	}
	var tasks struct {
		Tasks []struct {
			Command        string
			ProblemMatcher struct {
				FileLocation []string
				Pattern      map[string]any
			}
		}
	}
	if err := json.Unmarshal(data, &tasks); err != nil {
		t.Fatal(err)
	}
	task := tasks.Tasks[0]
	if task.Command != "rapport check" {
		t.Errorf("the task runs %q", task.Command)
	}
	re := regexp.MustCompile(task.ProblemMatcher.Pattern["regexp"].(string))
	p := records.Problem{Path: "clients/a b/sessions/x: y.md", Line: 5, Col: 9, Severity: records.Warning,
		Rule: "goal-unknown", Message: `session 2 works on goal "x [y]", which the agreement does not have`}
	m := re.FindStringSubmatch(p.String())
	if m == nil {
		t.Fatalf("the matcher does not match %q", p.String())
	}
	group := func(name string) string { return m[int(task.ProblemMatcher.Pattern[name].(float64))] }
	got := []string{group("file"), group("line"), group("column"), group("severity"), group("message"), group("code")}
	want := []string{p.Path, "5", "9", "warning", p.Message, p.Rule}
	if !slices.Equal(got, want) {
		t.Errorf("matched %q, want %q", got, want)
	}
}
