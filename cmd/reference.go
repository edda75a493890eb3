package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
)

// newRecordsHelp is the help topic rapport help records: the frontmatter
// reference, made from the schema in code, so it is the same text as
// docs/records.md and can never describe a field rapport does not read.
func newRecordsHelp() *cobra.Command {
	var b strings.Builder
	writeReference(&b)
	return &cobra.Command{
		Use:   "records",
		Short: "The fields of practice.yaml and of every kind of record",
		Long:  strings.TrimSuffix(b.String(), "\n"),
	}
}

// referenceIntro says what holds for every field, before the lists.
const referenceIntro = `# Record format reference

This is the reference of every field rapport reads, with the check rules that
read each one, made from rapport's code: rapport help records prints the same
text, and rapport schema a JSON Schema of it.

A record is a Markdown file under clients/<client-id>/ that starts with YAML
frontmatter between --- lines; its kind says what it is, and its folder whose
it is. File names are for people: nothing is read from them. A field that is
not listed here is reported as field-unknown, with the nearest name.

- A date is YYYY-MM-DD, such as 2026-01-07.
- A period is years, months or days: 6y, 18m or 90d.
- A list is written [a, b] or as lines starting with "- ".
- A set of fields is written {key: value, ...} or indented under its name.
- The body below the frontmatter is Markdown written for the client. A section
  under a heading whose first word is Private (up to the next heading of the
  same or higher level) and every coach reflection never reach a handout.
`

// writeReference writes the frontmatter reference as Markdown that also
// reads well in a terminal: one nested list a file.
func writeReference(w io.Writer) {
	fmt.Fprint(w, referenceIntro)
	for _, part := range []struct {
		kind  records.Kind
		title string
		about string
	}{
		{"practice", "practice.yaml", "The practice's settings, in practice.yaml at its root."},
		{records.KindAgreement, "kind: agreement", "The coaching agreement of one engagement: clients/<client-id>/agreement.md, and agreement-<date>.md for later ones."},
		{records.KindSession, "kind: session", "One coaching session: clients/<client-id>/sessions/<date>-<number>.md."},
		{records.KindReflection, "kind: reflection", "A client's reflection log, or the coach's own reflection: clients/<client-id>/reflections/."},
	} {
		fmt.Fprintf(w, "\n## %s\n\n%s\n\n", part.title, part.about)
		writeFields(w, records.Reference(part.kind), string(part.kind), ruleReaders(), "")
	}
}

func writeFields(w io.Writer, fields []records.FieldDoc, kind string, readers map[string][]string, indent string) {
	for _, f := range fields {
		typ := f.Type
		if len(f.Words) > 0 {
			typ += ": " + strings.Join(f.Words, ", ")
		}
		fmt.Fprintf(w, "%s- `%s` (%s): %s", indent, f.Path, typ, f.Doc)
		if rules := readers[fieldKey(kind, f.Path)]; len(rules) > 0 {
			fmt.Fprintf(w, "; checked by %s", strings.Join(rules, ", "))
		}
		fmt.Fprintln(w)
		writeFields(w, f.Inner, kind, readers, indent+"  ")
	}
}

// fieldKey is a field as the rules name it: kind.path, without list marks.
func fieldKey(kind, path string) string {
	return kind + "." + strings.ReplaceAll(path, "[]", "")
}

// ruleReaders maps each field to the check rules that read it, from the
// registry.
func ruleReaders() map[string][]string {
	m := map[string][]string{}
	for _, r := range check.Rules {
		for _, f := range r.Fields {
			m[f] = append(m[f], r.Name)
		}
	}
	return m
}
