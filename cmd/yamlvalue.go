package cmd

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlScalar writes s as a YAML scalar, quoting it only when YAML needs it,
// so a coach's name or a code of ethics can never break the frontmatter.
func yamlScalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return `""`
	}
	return strings.TrimSuffix(string(out), "\n")
}
