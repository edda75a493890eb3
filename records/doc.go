// Package records is the practice model of rapport: it finds a practice on
// disk, reads its settings, and loads each client's agreements, sessions and
// reflections from Markdown files with YAML frontmatter, keeping the line and
// column of every field so that problems can point at them.
//
// It knows nothing of the command line; the same calls serve check, render,
// build and the tests.
package records
