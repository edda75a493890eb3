//go:build unix

package cmd

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-coach/rapport/internal/hostile"
)

// nobody is the user the unreadable-records test runs rapport as when the
// tests run as root, for whom mode 000 means nothing.
const nobody = 65534

// TestUnreadableRecords runs the reading commands where a record and a
// folder cannot be read: each is named, and everything else is still done.
// As root, rapport runs as nobody so that mode 000 is enforced.
func TestUnreadableRecords(t *testing.T) {
	dir, err := os.MkdirTemp("", "rapport-unreadable-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	corpus, err := hostile.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(corpus.Restore)
	bin := filepath.Join(dir, "rapport")
	copyExecutable(t, rapportBin(t), bin)

	var cred *syscall.Credential
	if corpus.RootReads {
		if os.Getuid() != 0 {
			t.Skip("mode 000 files are readable here, and this user cannot run rapport as another")
		}
		cred = &syscall.Credential{Uid: nobody, Gid: nobody}
		// nobody needs to reach the practice and to write the handouts.
		for _, d := range []string{dir, corpus.Root, filepath.Join(corpus.Root, "public")} {
			if err := os.MkdirAll(d, 0o777); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(d, 0o777); err != nil {
				t.Fatal(err)
			}
		}
	}
	run := func(args ...string) (int, string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append([]string{"--practice", corpus.Root}, args...)...)
		cmd.Dir = corpus.Root
		cmd.Env = []string{"RAPPORT_NOW=2026-02-04", "NO_COLOR=1", "HOME=" + dir, "PATH=" + os.Getenv("PATH")}
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String(), "panic:") {
			t.Fatalf("rapport %s crashed:\n%s", strings.Join(args, " "), out.String())
		}
		return code, out.String()
	}

	const client = "hostile-unreadable"
	code, out := run("render", client)
	if code != ExitOK && code != ExitFailure {
		t.Errorf("render exited %d", code)
	}
	t.Logf("render %s:\n%s", client, out)
	for _, rel := range corpus.Unreadable {
		if !strings.Contains(out, rel) {
			t.Errorf("render does not name %s:\n%s", rel, out)
		}
	}
	if strings.Count(out, "cannot be read: permission denied") != len(corpus.Unreadable) {
		t.Errorf("render does not say why the records could not be read:\n%s", out)
	}
	if strings.Contains(out, dir) {
		t.Errorf("render shows absolute paths; problems name records from the practice root:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(corpus.Root, "public", client, "agreement.html")); err != nil {
		t.Errorf("the readable agreement was not rendered: %v\n%s", err, out)
	}

	code, out = run("status")
	if code != ExitOK {
		t.Errorf("status exited %d:\n%s", code, out)
	}
	for _, id := range []string{client, hostile.GoodClient} {
		if !strings.Contains(out, id+" ") {
			t.Errorf("status has no row for %s:\n%s", id, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == client && f[len(f)-2] == "0" {
			t.Errorf("status counts no errors for %s: %q", client, line)
		}
	}

	if code, out = run("prep", client); code != ExitOK {
		t.Errorf("prep exited %d:\n%s", code, out)
	}
	if !strings.Contains(out, "problem") {
		t.Errorf("prep does not mention the records it could not read:\n%s", out)
	}
}
