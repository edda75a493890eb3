package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/rapport-coach/rapport/render/site"
)

// TestMain lets the test binary act as the rapport binary inside scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"rapport":           func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		"rapport-hold-lock": holdLock,
		"rapport-killed":    killedRapport,
	})
}

// killedRapport is rapport whose erase is killed (SIGKILL, as kill -9 sends)
// just before the step named in RAPPORT_TEST_KILL_BEFORE, such as "move the
// branch": a power cut at that point. The variable is read only here, in the
// test binary; rapport itself has no such switch.
func killedRapport() {
	at := os.Getenv("RAPPORT_TEST_KILL_BEFORE")
	a := &App{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Getwd: os.Getwd}
	a.eraseStep = func(step string) error {
		if step == at {
			self, err := os.FindProcess(os.Getpid())
			if err == nil {
				err = self.Kill()
			}
			time.Sleep(time.Minute) // the kill lands meanwhile
			return fmt.Errorf("could not kill the process before %s: %v", step, err)
		}
		return nil
	}
	os.Exit(a.Run(os.Args[1:]))
}

// TestScripts runs the end-to-end scripts in testdata/script: each one runs
// the real rapport binary in a fresh temporary folder. Every script starts
// with a fixed clock so dates are reproducible.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("RAPPORT_NOW", "2026-02-04")
			env.Setenv("NO_COLOR", "1")
			env.Setenv("HOME", env.WorkDir+"/home")
			env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			env.Setenv("GIT_AUTHOR_NAME", "Test Coach")
			env.Setenv("GIT_AUTHOR_EMAIL", "coach@example.org")
			env.Setenv("GIT_COMMITTER_NAME", "Test Coach")
			env.Setenv("GIT_COMMITTER_EMAIL", "coach@example.org")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":            cmdExits,
			"example-practice": cmdExamplePractice,
			"plant-manifest":   cmdPlantManifest,
			"blobs-lack":       cmdBlobsLack,
			"backdate":         cmdBackdate,
		},
	})
}

// cmdExits runs a command and asserts its exit code: exits CODE PROGRAM ARGS...
// Its output is kept for stdout and stderr assertions, like exec's.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// cmdExamplePractice copies the repository's example practice into the
// script's work folder: example-practice DEST.
func cmdExamplePractice(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: example-practice DEST")
	}
	ts.Check(os.CopyFS(ts.MkAbs(args[0]), os.DirFS("../example-practice")))
}

// cmdBackdate sets the modification time of every file under each PATH to
// an hour ago: backdate PATH... A build trusts a client folder's sizes and
// times only when nothing in it changed in the last seconds, so a script
// that runs faster than that needs this to take the path a coach's later
// run takes.
func cmdBackdate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: backdate PATH...")
	}
	then := time.Now().Add(-time.Hour)
	for _, arg := range args {
		ts.Check(filepath.WalkDir(ts.MkAbs(arg), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.Type()&os.ModeSymlink != 0 {
				return err
			}
			return os.Chtimes(p, then, then)
		}))
	}
}

// cmdPlantManifest adds an entry to a build manifest as someone who can
// write to the destination could: plant-manifest DEST OWNER OUTPUT FILE
// lists OUTPUT as made for OWNER ("-" for the practice-wide pages) with
// FILE's size and content hash, keeping the manifest's own version.
func cmdPlantManifest(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: plant-manifest DEST OWNER OUTPUT FILE")
	}
	path := filepath.Join(ts.MkAbs(args[0]), site.ManifestFile)
	data, err := os.ReadFile(path)
	ts.Check(err)
	victim, err := os.ReadFile(ts.MkAbs(args[3]))
	ts.Check(err)
	var m map[string]any
	ts.Check(json.Unmarshal(data, &m))
	entry := map[string]any{"key": "planted", "size": len(victim), "sum": site.HashBytes(victim)}
	owner, ok := m["practice"].(map[string]any)
	if args[1] != "-" {
		clients, _ := m["clients"].(map[string]any)
		owner = map[string]any{}
		clients[args[1]] = owner
		ok = clients != nil
	}
	if !ok {
		ts.Fatalf("plant-manifest: %s has no practice or clients entry", path)
	}
	outputs, _ := owner["outputs"].(map[string]any)
	if outputs == nil {
		outputs = map[string]any{}
		owner["outputs"] = outputs
	}
	outputs[args[2]] = entry
	data, err = json.Marshal(m)
	ts.Check(err)
	ts.Check(os.WriteFile(path, data, 0o644))
}
