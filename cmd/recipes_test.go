package cmd

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
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
		if h.ID == "" || h.Name == "" || h.Entry != "rapport check" || h.Language == "" {
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
