package records

import (
	"bytes"
	"errors"
	"testing"

	"github.com/adrg/frontmatter"
)

// FuzzSplitFrontmatter checks splitFrontmatter against the library it
// replaced: the same records have frontmatter, with the same YAML and body.
func FuzzSplitFrontmatter(f *testing.F) {
	for _, s := range []string{
		"---\nkind: session\n---\nbody\n", "\n\n---\nkind: a\n---", "--- \r\nkind: a\r\n ---\r\nbody", "---\n---\n",
		"---\nkind: a\n", "text\n---\nkind: a\n---\n", "", "\n \n", "---", "---\n--\n---\n\n---\nx",
	} {
		f.Add([]byte(s))
	}
	format := frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
		*v.(*[]byte) = append([]byte(nil), data...)
		return nil
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		var want []byte
		wantBody, wantErr := frontmatter.MustParse(bytes.NewReader(data), &want, format)
		got, body, err := splitFrontmatter(data)
		if (wantErr != nil) != (err != nil) {
			t.Fatalf("%q: error %v, library %v", data, err, wantErr)
		}
		if wantErr != nil {
			if !errors.Is(wantErr, frontmatter.ErrNotFound) {
				t.Fatalf("library error %v", wantErr)
			}
			return
		}
		if !bytes.Equal(got, want) || !bytes.Equal(body, wantBody) {
			t.Fatalf("%q: got %q / %q, library %q / %q", data, got, body, want, wantBody)
		}
	})
}
