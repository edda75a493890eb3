package cmd

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
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
