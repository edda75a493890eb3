package records

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinkPolicy: a record or folder that is a link is never read, wherever
// it points (the same client, another client, outside the practice), and
// each one is reported as a record-link naming its target.
func TestLinkPolicy(t *testing.T) {
	const canary = "CANARY-bob-private-notes"
	session := func(n, body string) string {
		return "---\nkind: session\nnumber: " + n + "\ndate: 2026-01-0" + n + "\n---\n" + body + "\n"
	}
	tests := []struct {
		name   string
		link   string // where the link is made, relative to the practice
		target string // what it points to; relative targets are written as given
		want   string // the path reported
		what   string // how the message names it
	}{
		{"record to another client's session", "clients/ann/sessions/02.md", "../../bob/sessions/01.md", "clients/ann/sessions/02.md", "record is a link to ../../bob/sessions/01.md"},
		{"record to the same client's session", "clients/ann/sessions/02.md", "01.md", "clients/ann/sessions/02.md", "record is a link to 01.md"},
		{"record to a file outside the practice", "clients/ann/sessions/02.md", "$OUT/secret.md", "clients/ann/sessions/02.md", "record is a link to $OUT/secret.md"},
		{"sessions folder to another client's", "clients/ann/sessions", "../bob/sessions", "clients/ann/sessions", "folder is a link to ../bob/sessions"},
		{"reflections folder outside", "clients/ann/reflections", "$OUT", "clients/ann/reflections", "folder is a link to $OUT"},
		{"a dangling link", "clients/ann/sessions/02.md", "nowhere.md", "clients/ann/sessions/02.md", "record is a link to nowhere.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			out := t.TempDir()
			write := func(rel, data string) {
				full := filepath.Join(root, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("practice.yaml", "name: Test\n")
			write("clients/ann/sessions/01.md", session("1", "ann's own notes"))
			write("clients/bob/sessions/01.md", session("1", canary))
			if err := os.WriteFile(filepath.Join(out, "secret.md"), []byte(session("2", canary)), 0o644); err != nil {
				t.Fatal(err)
			}
			target := strings.ReplaceAll(tt.target, "$OUT", out)
			link := filepath.Join(root, filepath.FromSlash(tt.link))
			if tt.link == "clients/ann/sessions" {
				os.RemoveAll(link)
			}
			if err := os.Symlink(filepath.FromSlash(target), link); err != nil {
				t.Skip("symlinks not available:", err)
			}
			p, err := Open(root)
			if err != nil {
				t.Fatal(err)
			}
			c, err := p.LoadClient("ann", LoadOptions{Bodies: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range c.Sessions {
				if strings.Contains(string(s.Body), canary) {
					t.Errorf("%s was read through the link", s.Path)
				}
			}
			var found bool
			for _, pr := range c.Problems {
				if pr.Rule == RuleLink && pr.Path == tt.want && pr.Severity == Error {
					found = true
					if want := strings.ReplaceAll(tt.what, "$OUT", filepath.ToSlash(out)); !strings.Contains(pr.Message, want) {
						t.Errorf("message %q does not say %q", pr.Message, want)
					}
					if !strings.Contains(pr.Message, "is not read") {
						t.Errorf("message %q does not say why", pr.Message)
					}
				}
			}
			if !found {
				t.Errorf("no record-link for %s in %v", tt.want, c.Problems)
			}
			files, links, err := p.ClientFolder("ann")
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				if strings.Contains(string(f.Data), canary) {
					t.Errorf("export read %s through the link", f.Path)
				}
			}
			if len(links) != 1 || links[0] != tt.want {
				t.Errorf("export's links = %v, want [%s]", links, tt.want)
			}
		})
	}
}

// TestLinkedClientFolder: a client folder that is a link is not a client,
// is reported, and is refused by every way of reading one.
func TestLinkedClientFolder(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "clients", "bob", "sessions"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "practice.yaml"), []byte("name: Test\n"), 0o644)
	os.WriteFile(filepath.Join(root, "clients", "bob", "sessions", "01.md"), []byte("---\nkind: session\nnumber: 1\n---\nCANARY\n"), 0o644)
	if err := os.Symlink("bob", filepath.Join(root, "clients", "ann")); err != nil {
		t.Skip("symlinks not available:", err)
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	ids, problems, err := p.ClientIDs()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "bob" {
		t.Errorf("ids = %v, want only bob", ids)
	}
	if len(problems) != 1 || problems[0].Rule != RuleLink || problems[0].Path != "clients/ann" ||
		!strings.Contains(problems[0].Message, "client folder is a link to bob") {
		t.Errorf("problems = %v", problems)
	}
	var le *LinkError
	if _, err := p.LoadClient("ann", LoadOptions{}); !errors.As(err, &le) || le.Path != "clients/ann" {
		t.Errorf("LoadClient: %v, want a LinkError", err)
	}
	if _, _, err := p.ClientFolder("ann"); !errors.As(err, &le) {
		t.Errorf("ClientFolder: %v, want a LinkError", err)
	}
}

// TestLinkedClientsFolder: clients/ itself as a link is reported, not read.
func TestLinkedClientsFolder(t *testing.T) {
	root, elsewhere := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(elsewhere, "bob"), 0o755)
	os.WriteFile(filepath.Join(root, "practice.yaml"), []byte("name: Test\n"), 0o644)
	if err := os.Symlink(elsewhere, filepath.Join(root, "clients")); err != nil {
		t.Skip("symlinks not available:", err)
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	ids, problems, err := p.ClientIDs()
	if err != nil || len(ids) != 0 || len(problems) != 1 || problems[0].Rule != RuleLink {
		t.Errorf("ClientIDs = %v, %v, %v", ids, problems, err)
	}
	if _, err := p.LoadClient("bob", LoadOptions{}); err == nil {
		t.Errorf("LoadClient read a client through a linked clients/")
	}
}

// TestClientDirOpenRefusesLink: ClientDir reads regular files, refuses a
// link naming its target, and reads nothing outside the client's folder.
func TestClientDirOpenRefusesLink(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "clients", "ann")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("a"), 0o644)
	if err := os.Symlink("a.md", filepath.Join(dir, "b.md")); err != nil {
		t.Skip("symlinks not available:", err)
	}
	d, err := OpenClientDir(root, "ann")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if data, err := d.ReadFile("clients/ann/a.md"); err != nil || string(data) != "a" {
		t.Errorf("ReadFile(a.md) = %q, %v", data, err)
	}
	var le *LinkError
	if _, err := d.ReadFile("clients/ann/b.md"); !errors.As(err, &le) || le.Target != "a.md" {
		t.Errorf("ReadFile(b.md) = %v, want a LinkError to a.md", err)
	}
	if _, err := d.ReadFile("clients/bob/a.md"); err == nil {
		t.Errorf("ReadFile read outside the client's folder")
	}
	if _, err := d.ReadFile("clients/ann/../bob/a.md"); err == nil {
		t.Errorf("ReadFile read outside the client's folder")
	}
}

// TestClientDirOpenRace swaps a record for a link to another file of the
// same folder, over and over, while it is read: what is read is always the
// record, never the file the link points to. (os.Root would follow a link
// that stays in the folder; the Lstat and os.SameFile comparison is what
// refuses it.)
func TestClientDirOpenRace(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "clients", "ann")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "other.md"), []byte("OTHER"), 0o644)
	rec := filepath.Join(dir, "rec.md")
	os.WriteFile(rec, []byte("mine"), 0o644)
	if err := os.Symlink("other.md", filepath.Join(dir, ".link")); err != nil {
		t.Skip("symlinks not available:", err)
	}
	d, err := OpenClientDir(root, "ann")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			// Alternate rec.md between a file and a link, each by rename.
			if i%2 == 0 {
				os.Rename(rec, filepath.Join(dir, ".file"))
				os.Rename(filepath.Join(dir, ".link"), rec)
			} else {
				os.Rename(rec, filepath.Join(dir, ".link"))
				os.Rename(filepath.Join(dir, ".file"), rec)
			}
		}
	}()
	read := 0
	for i := 0; i < 20000; i++ {
		data, err := d.ReadFile("clients/ann/rec.md")
		if err == nil {
			read++
			if string(data) != "mine" {
				t.Fatalf("read %q through a link swapped in", data)
			}
		}
	}
	close(stop)
	<-done
	t.Logf("read the record %d times of 20000; the other times it was a link, missing or swapped", read)
}

// TestHardLinkedRecordNotRead: a record that is a hard link to another
// client's session passes every check a symbolic link fails (it is a
// regular file, the same one opened as looked at), yet it is the other
// client's notes. It is reported and not read.
func TestHardLinkedRecordNotRead(t *testing.T) {
	const canary = "CANARY-bob-hard-linked"
	root := t.TempDir()
	for rel, data := range map[string]string{
		"practice.yaml":              "name: Test\n",
		"clients/ann/sessions/01.md": "---\nkind: session\nnumber: 1\ndate: 2026-01-01\n---\nann's own notes\n",
		"clients/bob/sessions/01.md": "---\nkind: session\nnumber: 1\ndate: 2026-01-01\n---\n" + canary + "\n",
	} {
		full := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Link(filepath.Join(root, "clients/bob/sessions/01.md"), filepath.Join(root, "clients/ann/sessions/02.md")); err != nil {
		t.Skip("hard links not available:", err)
	}
	if names(mustStat(t, filepath.Join(root, "clients/ann/sessions/02.md"))) < 2 {
		t.Skip("this system does not report link counts")
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.LoadClient("ann", LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Sessions {
		if strings.Contains(string(s.Body), canary) {
			t.Errorf("%s was read: it holds bob's notes", s.Path)
		}
	}
	found := false
	for _, pr := range c.Problems {
		if pr.Path == "clients/ann/sessions/02.md" && pr.Rule == RuleLink && strings.Contains(pr.Message, "hard link") && pr.Hint != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("the hard link is not reported: %+v", c.Problems)
	}
}

func mustStat(t *testing.T, name string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}
