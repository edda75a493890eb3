package records

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadExamplePractice(t *testing.T) {
	p, err := Open("../example-practice")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 0 {
		t.Errorf("practice.yaml problems: %v", p.Problems)
	}
	clients, problems, err := p.LoadAll(LoadOptions{})
	if err != nil || len(problems) != 0 {
		t.Fatalf("LoadAll: %v %v", err, problems)
	}
	type summary struct {
		name                       string
		agreements, sessions, refl int
		state                      string
	}
	want := map[string]summary{
		"eleni-papadopoulou": {"Ελένη Παπαδοπούλου", 1, 4, 6, StatusActive},
		"lukasz-nowak":       {"Łukasz Nowak", 1, 3, 5, StatusEnded},
		"zoe-lukasiewicz":    {"Zoë Łukasiewicz", 1, 0, 0, StatusActive},
	}
	if len(clients) != len(want) {
		t.Fatalf("got %d clients, want %d", len(clients), len(want))
	}
	for i, c := range clients {
		if i > 0 && clients[i-1].ID >= c.ID {
			t.Errorf("clients not in id order: %s before %s", clients[i-1].ID, c.ID)
		}
		w := want[c.ID]
		got := summary{c.Name(), len(c.Agreements), len(c.Sessions), len(c.Reflections), c.Agreement().State()}
		if got != w {
			t.Errorf("%s: got %+v, want %+v", c.ID, got, w)
		}
		if len(c.Problems) != 0 {
			t.Errorf("%s: problems %v", c.ID, c.Problems)
		}
		for j, s := range c.Sessions {
			if s.Number != j+1 || s.Body != nil {
				t.Errorf("%s: session %d out of order or body kept", c.ID, s.Number)
			}
		}
	}
	eleni := clients[0]
	if n := eleni.NextSessionNumber(); n != 5 {
		t.Errorf("next session number = %d, want 5", n)
	}
	if len(eleni.CoachReflections())+len(eleni.ClientReflections()) != len(eleni.Reflections) {
		t.Errorf("reflections are neither the client's nor the coach's")
	}
}

// TestLoadHostileFolders makes a practice whose clients/ folder holds things
// that are not client folders, and records that cannot be read, and checks
// each is reported while the good client still loads.
func TestLoadHostileFolders(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write := func(rel, data string) {
		t.Helper()
		path := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("practice.yaml", "name: Test Practice\ncoach: {name: Jo Bloggs}\n")
	write("clients/alice-smith/sessions/01.md", "---\nkind: session\nnumber: 1\ndate: 2026-01-07\n---\nnotes\n")
	write("clients/alice-smith/sessions/broken.md", "---\nkind: session\nnumber: [\n---\n")
	write("clients/alice-smith/notes.txt", "not a record")
	write("clients/alice-smith/.obsidian/workspace.md", "editor state, not a record")
	write("clients/stray.md", "---\nkind: session\n---\n")
	write("clients/Bad Name/agreement.md", "---\nkind: agreement\n---\n")
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("---\nkind: session\nnumber: 9\n---\nsomeone else's notes\n"), 0o644)
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "clients/alice-smith/sessions/link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "clients/bob")); err != nil {
		t.Fatal(err)
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	clients, problems, err := p.LoadAll(LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pr := range problems {
		got = append(got, pr.Path+" "+pr.Rule)
	}
	if len(clients) != 1 || clients[0].ID != "alice-smith" {
		t.Fatalf("clients = %v", clients)
	}
	alice := clients[0]
	for _, pr := range alice.Problems {
		got = append(got, pr.Path+" "+pr.Rule)
	}
	want := []string{
		"clients/Bad Name client-folder",
		"clients/bob record-link",
		"clients/stray.md client-folder",
		"clients/alice-smith/sessions/broken.md frontmatter-syntax",
		"clients/alice-smith/sessions/link.md record-link",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(alice.Sessions) != 1 || alice.Sessions[0].Number != 1 || string(alice.Sessions[0].Body) != "notes\n" {
		t.Errorf("the good session did not load: %+v", alice.Sessions)
	}
	if _, err := p.LoadClient("../outside", LoadOptions{}); err == nil {
		t.Errorf("LoadClient accepted an id leading out of clients/")
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, SettingsFile), []byte("name: x\n"), 0o644)
	deep := filepath.Join(root, "clients", "a", "sessions")
	os.MkdirAll(deep, 0o755)
	got, err := Find(deep)
	if err != nil || got != root {
		t.Errorf("Find(%s) = %q, %v; want %q", deep, got, err, root)
	}
	if _, err := Find(t.TempDir()); !errors.Is(err, ErrNoPractice) {
		t.Errorf("Find outside a practice: %v", err)
	}
}

func TestCreateFileNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "agreement.md")
	if err := CreateFile(path, []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CreateFile(path, []byte("second"), 0o644); !errors.Is(err, ErrExists) {
		t.Errorf("second CreateFile: %v, want ErrExists", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "first" {
		t.Errorf("file was changed to %q", data)
	}
	if err := WriteFile(path, []byte("third"), 0o644); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if data, _ := os.ReadFile(path); string(data) != "third" {
		t.Errorf("WriteFile wrote %q", data)
	}
}

// TestLoadPlaceholderBodies reads a client whose records share one reused
// file buffer: only the body still holding a placeholder is kept, and it
// must be its own text, not whatever record was read after it.
func TestLoadPlaceholderBodies(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "clients", "ana-silva", "sessions")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "practice.yaml"), []byte("name: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	session := func(n int, body string) string {
		return "---\nkind: session\nnumber: " + strings.Repeat("", 0) + string(rune('0'+n)) + "\ndate: 2026-01-0" + string(rune('0'+n)) + "\n---\n" + body
	}
	bodies := map[int]string{
		1: "## Notes\nShe chose her next step.\n",
		2: "## Notes\nTODO(what the client decided)\n" + strings.Repeat("A long line of session notes. ", 200) + "\n",
		3: "## Notes\nZZZZ " + strings.Repeat("overwrites ", 400) + "\n",
		4: "## Notes\nShort.\n",
	}
	for n, b := range bodies {
		name := filepath.Join(dir, "2026-01-0"+string(rune('0'+n))+".md")
		if err := os.WriteFile(name, []byte(session(n, b)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.LoadClient("ana-silva", LoadOptions{PlaceholderBodies: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sessions) != 4 || len(c.Problems) != 0 {
		t.Fatalf("sessions %d, problems %v", len(c.Sessions), c.Problems)
	}
	for _, s := range c.Sessions {
		want := ""
		if s.Number == 2 {
			want = bodies[2]
		}
		if string(s.Body) != want {
			t.Errorf("session %d body = %.60q..., want %.60q...", s.Number, s.Body, want)
		}
	}
}

// TestLoadFromContents checks that records handed over already read are
// parsed from those bytes, not read again, and that a link leading out of
// the practice is still refused even when its bytes are handed over.
func TestLoadFromContents(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "clients", "ana-silva")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "practice.yaml"), []byte("name: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	onDisk := "---\nkind: session\nnumber: 1\ndate: 2026-01-05\n---\nOn disk.\n"
	if err := os.WriteFile(filepath.Join(dir, "s1.md"), []byte(onDisk), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "elsewhere.md")
	if err := os.WriteFile(outside, []byte(onDisk), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "linked.md")); err != nil {
		t.Fatal(err)
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	handed := "---\nkind: session\nnumber: 2\ndate: 2026-01-12\n---\nAs hashed.\n"
	c, err := p.LoadClient("ana-silva", LoadOptions{Bodies: true, Contents: map[string][]byte{
		"clients/ana-silva/s1.md":     []byte(handed),
		"clients/ana-silva/linked.md": []byte(handed),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sessions) != 1 || c.Sessions[0].Number != 2 || string(c.Sessions[0].Body) != "As hashed.\n" {
		t.Fatalf("sessions = %d; want the one handed over, number 2", len(c.Sessions))
	}
	if len(c.Problems) != 1 || c.Problems[0].Path != "clients/ana-silva/linked.md" {
		t.Errorf("problems = %v, want the link out of the practice refused", c.Problems)
	}
}
