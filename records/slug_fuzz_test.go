package records

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSlug checks that any name makes either no id or a valid one: a slug
// can never name a path outside the clients folder.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{
		"Alice Smith", "Zoë Łukasiewicz", "Ελένη Παπαδοπούλου", "Наталья", "../../etc/passwd", "李雷", "",
		"Con", "coach", "a--b", "-x-", strings.Repeat("ab ", 40), "Alice \u202eecila", "x\u0307", "ǅ", "İ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		id := Slug(name)
		if id == "" {
			return
		}
		if err := ValidID(id); err != nil {
			t.Fatalf("Slug(%q) = %q, not a valid id: %v", name, id, err)
		}
		if again := Slug(id); again != id {
			t.Fatalf("Slug(%q) = %q, but Slug(%q) = %q: an id is not its own slug", name, id, id, again)
		}
	})
}

// FuzzValidID checks that whatever ValidID accepts is safe as one folder
// name under clients/ on any file system.
func FuzzValidID(f *testing.F) {
	for _, s := range []string{"alice-smith", "", ".", "..", "../x", "a/b", "a\\b", "con", "a\x00b", "A", "a-", "1", strings.Repeat("a", 65)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if ValidID(id) != nil {
			return
		}
		switch {
		case !utf8.ValidString(id), id == "", len(id) > MaxIDLength:
			t.Fatalf("ValidID accepted %q", id)
		case strings.ContainsAny(id, "/\\.:\x00 ") || strings.HasPrefix(id, "-") || strings.HasSuffix(id, "-") || strings.Contains(id, "--"):
			t.Fatalf("ValidID accepted %q, which could leave the clients folder or confuse a file system", id)
		case strings.ToLower(id) != id:
			t.Fatalf("ValidID accepted %q with capitals, which clash on case-insensitive file systems", id)
		case reservedIDs[id]:
			t.Fatalf("ValidID accepted the reserved %q", id)
		}
		if Slug(id) != id {
			t.Fatalf("ValidID accepted %q but Slug changes it to %q", id, Slug(id))
		}
	})
}
