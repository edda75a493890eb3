package cmd

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-coach/rapport/records"
)

// rapportBin is the test binary acting as rapport, which testscript puts on
// PATH: real processes, each with its own locks and files.
func rapportBin(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("rapport")
	if err != nil {
		t.Fatalf("the rapport test binary is not on PATH: %v", err)
	}
	return bin
}

// startRapport starts rapport in dir without waiting for it.
func startRapport(ctx context.Context, bin, dir string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "RAPPORT_NOW=2026-02-04", "NO_COLOR=1", "GIT_CONFIG_NOSYSTEM=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// TestNewSessionProcessesNeverShareANumber runs several `rapport new session`
// processes for one client at once, two of them on the same day (so the same
// file name). Whatever order they run in, the sessions kept have distinct
// numbers, every file is whole, and no temporary file is left behind.
func TestNewSessionProcessesNeverShareANumber(t *testing.T) {
	bin := rapportBin(t)
	dir := newPractice(t)
	if code, _, stderr := run(t, dir, "new", "client", "Alice Smith"); code != 0 {
		t.Fatal(stderr)
	}
	dates := []string{"2026-02-01", "2026-02-02", "2026-02-03", "2026-02-03", "2026-02-04", "2026-02-05"}
	for round := 0; round < 3; round++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		var wg sync.WaitGroup
		outs := make([]*bytes.Buffer, len(dates))
		errs := make([]error, len(dates))
		start := make(chan struct{})
		for i, d := range dates {
			cmd, out := startRapport(ctx, bin, dir, "new", "session", "alice-smith", "--date", d)
			outs[i] = out
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				errs[i] = cmd.Run()
			}(i)
		}
		close(start)
		wg.Wait()
		cancel()
		for i, err := range errs {
			msg := outs[i].String()
			if strings.Contains(msg, "panic") {
				t.Fatalf("process %d crashed:\n%s", i, msg)
			}
			if err != nil && !strings.Contains(msg, "already exists") && !strings.Contains(msg, "at the same time") && !strings.Contains(msg, "took session number") {
				t.Errorf("round %d, process %d: %v\n%s", round, i, err, msg)
			}
		}
	}

	p, err := records.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.LoadClient("alice-smith", records.LoadOptions{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range c.Problems {
		// The scaffold's placeholders are expected; anything else means a
		// file was cut short or mangled.
		if pr.Rule != "placeholder-left" {
			t.Errorf("a record is not whole: %s", pr)
		}
	}
	if len(c.Sessions) == 0 {
		t.Fatal("no session was created")
	}
	seen := map[int]string{}
	for _, s := range c.Sessions {
		if other, dup := seen[s.Number]; dup {
			t.Errorf("%s and %s share session number %d", other, s.Path, s.Number)
		}
		seen[s.Number] = s.Path
		if !bytes.Contains(s.Body, []byte("##")) {
			t.Errorf("%s has no body: it was cut short", s.Path)
		}
	}
	t.Logf("%d sessions kept from %d processes", len(c.Sessions), 3*len(dates))
	assertNoTempFiles(t, dir)
}

// TestRenderProcessesNeverLeaveATruncatedHandout renders one client's
// handouts from two processes at once, over and over, into the same folder,
// while a reader keeps opening the handouts: every read sees a whole file.
func TestRenderProcessesNeverLeaveATruncatedHandout(t *testing.T) {
	bin := rapportBin(t)
	dir := filepath.Join(t.TempDir(), "p")
	if err := os.CopyFS(dir, os.DirFS("../example-practice")); err != nil {
		t.Fatal(err)
	}
	const client = "eleni-papadopoulou"
	dest := filepath.Join(dir, "public", client)
	if out, err := exec.Command(bin, "--practice", dir, "render", client).CombinedOutput(); err != nil {
		t.Fatalf("first render: %v\n%s", err, out)
	}
	handouts, err := filepath.Glob(filepath.Join(dest, "*.html"))
	if err != nil || len(handouts) == 0 {
		t.Fatalf("no handouts written: %v", err)
	}

	stop := make(chan struct{})
	var reads, torn int
	var readerDone sync.WaitGroup
	readerDone.Add(1)
	go func() {
		defer readerDone.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, h := range handouts {
				data, err := os.ReadFile(h)
				reads++
				if err != nil || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("</html>")) {
					torn++
				}
			}
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for round := 0; round < 5; round++ {
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			cmd, out := startRapport(ctx, bin, dir, "render", client)
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := cmd.Run(); err != nil {
					t.Errorf("render: %v\n%s", err, out)
				}
			}()
		}
		wg.Wait()
	}
	close(stop)
	readerDone.Wait()
	if torn > 0 {
		t.Errorf("%d of %d reads found a handout missing or cut short", torn, reads)
	}
	for _, h := range handouts {
		data, err := os.ReadFile(h)
		if err != nil || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("</html>")) {
			t.Errorf("%s is not whole after the renders: %v", h, err)
		}
	}
	assertNoTempFiles(t, dest)
}

// assertNoTempFiles fails when an atomic write left its temporary file.
func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		return nil
	})
}

// TestRenderFailedWriteKeepsTheOthers makes one handout impossible to write
// (a folder stands where it goes): render fails and says which, writes every
// other handout whole, and leaves no temporary file.
func TestRenderFailedWriteKeepsTheOthers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	if err := os.CopyFS(dir, os.DirFS("../example-practice")); err != nil {
		t.Fatal(err)
	}
	const client = "eleni-papadopoulou"
	dest := filepath.Join(dir, "public", client)
	blocked := filepath.Join(dest, "session-02.html")
	if err := os.MkdirAll(filepath.Join(blocked, "in-the-way"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, dir, "render", client)
	if code != ExitFailure {
		t.Errorf("exit %d, want %d", code, ExitFailure)
	}
	if !strings.Contains(stderr, "session-02.html") {
		t.Errorf("stderr does not name the handout it could not write:\n%s", stderr)
	}
	if !strings.Contains(stdout, "session-03.html") {
		t.Errorf("the other handouts were not written:\n%s", stdout)
	}
	handouts, _ := filepath.Glob(filepath.Join(dest, "*.html"))
	for _, h := range handouts {
		if h == blocked {
			continue
		}
		data, err := os.ReadFile(h)
		if err != nil || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("</html>")) {
			t.Errorf("%s is not whole: %v", h, err)
		}
	}
	assertNoTempFiles(t, dest)
}

// holdLock takes the practice lock of the folder in its argument, says so,
// and holds it until it is killed: a rapport command that crashes mid-write.
func holdLock() {
	p, err := records.Open(os.Args[1])
	if err == nil {
		_, err = p.Lock(10 * time.Second)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("locked")
	time.Sleep(time.Hour)
}

// TestLockReleasedWhenHolderIsKilled kills a process holding the practice
// lock: a waiting rapport new session carries on, and numbers its session as
// if nothing had happened.
func TestLockReleasedWhenHolderIsKilled(t *testing.T) {
	bin := rapportBin(t)
	holder, err := exec.LookPath("rapport-hold-lock")
	if err != nil {
		t.Fatal(err)
	}
	dir := newPractice(t)
	if code, _, stderr := run(t, dir, "new", "client", "Alice Smith"); code != 0 {
		t.Fatal(stderr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	hold := exec.CommandContext(ctx, holder, dir)
	out, err := hold.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	defer hold.Process.Kill()
	if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
		t.Fatalf("the holder did not take the lock: %v", err)
	}

	waiter, waiterOut := startRapport(ctx, bin, dir, "new", "session", "alice-smith")
	if err := waiter.Start(); err != nil {
		t.Fatal(err)
	}
	finished := make(chan error, 1)
	go func() { finished <- waiter.Wait() }()
	select {
	case err := <-finished:
		t.Fatalf("new session did not wait for the lock (%v):\n%s", err, waiterOut)
	case <-time.After(500 * time.Millisecond):
	}
	if err := hold.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	hold.Wait()
	if err := <-finished; err != nil {
		t.Fatalf("new session after the holder was killed: %v\n%s", err, waiterOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "clients/alice-smith/sessions/2026-02-04-01.md")); err != nil {
		t.Errorf("session 1 was not written: %v\n%s", err, waiterOut)
	}
}

// TestEraseAndNewSessionProcesses erases a client while another process adds
// a session for them, over and over. Whichever runs first, an erase that
// says it is done leaves nothing of the client behind: no session written
// into a folder that was being erased, carrying the client's goals and
// actions with it.
func TestEraseAndNewSessionProcesses(t *testing.T) {
	bin := rapportBin(t)
	const rounds = 12
	resurrected := 0
	for round := 0; round < rounds; round++ {
		dir := newPractice(t)
		if code, _, stderr := run(t, dir, "new", "client", "Alice Smith", "--commit"); code != 0 {
			t.Fatal(stderr)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		erase, eraseOut := startRapport(ctx, bin, dir, "erase", "alice-smith", "--yes")
		session, sessionOut := startRapport(ctx, bin, dir, "new", "session", "alice-smith")
		var wg sync.WaitGroup
		var eraseErr error
		wg.Add(2)
		go func() { defer wg.Done(); eraseErr = erase.Run() }()
		go func() { defer wg.Done(); session.Run() }()
		wg.Wait()
		cancel()
		if strings.Contains(eraseOut.String()+sessionOut.String(), "panic") {
			t.Fatalf("a process crashed:\n%s\n%s", eraseOut, sessionOut)
		}
		if eraseErr != nil {
			t.Logf("round %d: erase failed, which is allowed: %v\n%s", round, eraseErr, eraseOut)
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "clients", "alice-smith")); err == nil {
			resurrected++
			t.Errorf("round %d: erase said it was done, but clients/alice-smith/ is back:\nerase: %s\nnew session: %s", round, eraseOut, sessionOut)
		}
		assertNoTempFiles(t, filepath.Join(dir, "clients"))
	}
	if resurrected > 0 {
		t.Errorf("%d of %d rounds left the erased client's folder behind", resurrected, rounds)
	}
}

// TestEraseKilledMidwayIsFinishedNextTime kills rapport erase (SIGKILL, as
// kill -9 or a power cut) just before each of its steps, with and without
// --purge-history. Whatever step it died at, check reports what it left,
// the next rapport erase of the client finishes the job, and afterwards
// nothing of the client is on disk or in the branch, while the other
// client and the coach's own files are untouched.
func TestEraseKilledMidwayIsFinishedNextTime(t *testing.T) {
	killed, err := exec.LookPath("rapport-killed")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	steps := []string{"move clients/alice-smith", "move public/alice-smith", "update the index", "move the branch", "delete"}
	for _, purge := range []bool{false, true} {
		for _, step := range steps {
			t.Run(fmt.Sprintf("purge=%v/%s", purge, step), func(t *testing.T) {
				dir := newPractice(t)
				for _, name := range []string{"Alice Smith", "Bob Jones"} {
					if code, _, stderr := run(t, dir, "new", "client", name, "--commit"); code != 0 {
						t.Fatal(stderr)
					}
				}
				for p, data := range map[string]string{"public/alice-smith/agreement.html": "handout", "notes.txt": "the coach's own"} {
					if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(dir, p), []byte(data), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				args := []string{"erase", "alice-smith", "--yes"}
				if purge {
					args = append(args, "--purge-history")
				}
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				cmd, out := startRapport(ctx, killed, dir, args...)
				cmd.Env = append(cmd.Env, "RAPPORT_TEST_KILL_BEFORE="+step)
				err := cmd.Run()
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != -1 {
					t.Fatalf("erase was not killed before %q: %v\n%s", step, err, out)
				}

				left, err := filepath.Glob(filepath.Join(dir, "*", ".erasing-alice-smith-*"))
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("killed before %q, leaving %d folders", step, len(left))
				code, stdout, _ := run(t, dir, "check", "--format", "json")
				for _, l := range left {
					rel, _ := filepath.Rel(dir, l)
					if code != 1 || !strings.Contains(stdout, `"path": "`+filepath.ToSlash(rel)+`"`) || !strings.Contains(stdout, "erase-unfinished") {
						t.Errorf("check does not report %s (exit %d):\n%s", rel, code, stdout)
					}
				}

				code, stdout, stderr := run(t, dir, args...)
				if code != 0 {
					t.Fatalf("erase after the kill: exit %d\n%s%s", code, stdout, stderr)
				}
				for _, p := range []string{"clients/alice-smith", "public/alice-smith"} {
					if _, err := os.Lstat(filepath.Join(dir, p)); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("%s is still there: %v", p, err)
					}
				}
				if left, _ := filepath.Glob(filepath.Join(dir, "*", ".erasing-*")); len(left) > 0 {
					t.Errorf("left behind: %v", left)
				}
				if data, err := os.ReadFile(filepath.Join(dir, "notes.txt")); string(data) != "the coach's own" {
					t.Errorf("notes.txt: %q, %v", data, err)
				}
				if _, err := os.Stat(filepath.Join(dir, "clients/bob-jones/agreement.md")); err != nil {
					t.Errorf("bob's agreement: %v", err)
				}
				gitOut := func(args ...string) string {
					c := exec.Command("git", args...)
					c.Dir = dir
					out, err := c.CombinedOutput()
					if err != nil {
						t.Fatalf("git %v: %v\n%s", args, err, out)
					}
					return string(out)
				}
				if files := gitOut("ls-tree", "-r", "--name-only", "HEAD"); strings.Contains(files, "alice-smith") || !strings.Contains(files, "bob-jones") {
					t.Errorf("HEAD holds:\n%s", files)
				}
				if st := gitOut("status", "--porcelain"); st != "?? notes.txt\n" {
					t.Errorf("git status:\n%s", st)
				}
				if purge {
					if log := gitOut("log", "--all", "--name-only", "--format="); strings.Contains(log, "alice-smith") {
						t.Errorf("history still holds alice-smith:\n%s", log)
					}
				}
			})
		}
	}
}
