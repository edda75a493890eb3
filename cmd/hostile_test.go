package cmd

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-coach/rapport/internal/hostile"
	"github.com/rapport-coach/rapport/records"
)

// reader is a command that reads records, run over the hostile practice.
type reader struct {
	name string
	args []string
	// perClient runs the command once per client folder, with the client's
	// id after args.
	perClient bool
	// names says every broken record of the clients it reads must be named
	// in its output.
	names bool
	// good checks that the good client was processed in full.
	good func(t *testing.T, c *hostile.Corpus, stdout string)
}

// readers are every command that reads records. A new command is one line.
var readers = []reader{
	{name: "check", args: []string{"check"}, names: true, good: wantNoErrors},
	{name: "check-json", args: []string{"check", "--format", "json"}, good: wantNoErrors},
	{name: "check-explain", args: []string{"check", "--explain"}, names: true, good: wantNoErrors},
	{name: "build", args: []string{"build", "--clean"}, good: wantHandouts},
	{name: "export", args: []string{"export"}, perClient: true, good: wantExport},
	{name: "portfolio", args: []string{"portfolio"}, good: wantFile("public/coach/portfolio.html", "COACH-ONLY-PHRASE")},
	{name: "status", args: []string{"status"}, good: wantRow(hostile.GoodClient, "Greta Good", "active")},
	{name: "status-json", args: []string{"status", "--format", "json"}, good: wantText(`"id": "good-client"`)},
	{name: "hours", args: []string{"hours"}, good: wantText("Greta Good")},
	{name: "hours-csv", args: []string{"hours", "--format", "csv"}, good: wantText("Greta Good,greta@example.org")},
	{name: "prep", args: []string{"prep"}, perClient: true, good: wantText("GOOD-SESSION-NOTES")},
	{name: "prep-markdown", args: []string{"prep", "--format", "markdown"}, perClient: true, good: wantText("Greta Good")},
	{name: "render", args: []string{"render"}, perClient: true, names: true, good: wantHandouts},
}

// Generous bounds: a command that needs more is broken, not slow.
const (
	hostileTimeout = 2 * time.Minute
	hostileMaxRSS  = 1 << 30 // bytes
)

// TestHostilePractice runs every command that reads records over a practice
// full of broken and hostile input: none may panic, hang or balloon, each
// reports what it could not read by file, nothing from outside the practice
// leaks in, and the good client is still processed in full.
func TestHostilePractice(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a practice of hostile records, some of them large")
	}
	bin := rapportBin(t)
	if hostile.NearLimit >= records.MaxRecordSize {
		t.Fatalf("hostile.NearLimit is %d, not under records.MaxRecordSize %d", hostile.NearLimit, records.MaxRecordSize)
	}
	corpus, err := hostile.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(corpus.Restore)
	if corpus.RootReads {
		t.Logf("running as root: files with mode 000 are still readable, so unreadable records are not tested")
	}
	for _, r := range readers {
		t.Run(r.name, func(t *testing.T) {
			if !r.perClient {
				stdout := runHostile(t, bin, corpus, r.args)
				r.good(t, corpus, stdout)
				if r.names {
					wantNamed(t, corpus, "clients/")
				}
				return
			}
			for _, id := range corpus.Clients {
				t.Run(id, func(t *testing.T) {
					stdout := runHostile(t, bin, corpus, append(append([]string{}, r.args...), id))
					if id == hostile.GoodClient {
						r.good(t, corpus, stdout)
					}
					if r.names {
						wantNamed(t, corpus, "clients/"+id+"/")
					}
				})
			}
		})
	}
	t.Logf("the most memory one command took: %d MB, by rapport %s", peakRSS>>20, peakCmd)
	// No value from a record reached a handout as markup.
	unsafe, n, err := scanHandouts(filepath.Join(corpus.Root, "public"))
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no handouts to scan")
	}
	for p, found := range unsafe {
		t.Errorf("%s:\n  %s", p, strings.Join(found, "\n  "))
	}
	// Nothing from outside the practice reached a handout.
	filepath.WalkDir(filepath.Join(corpus.Root, "public"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte(hostile.OutsideSecret)) {
			t.Errorf("%s holds text from a file outside the practice", p)
		}
		return nil
	})
}

// TestHostileSettings runs every reader over the good client under a broken
// or hostile practice.yaml: the defaults stand in, and the client is still
// processed in full.
func TestHostileSettings(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 50 MB practice.yaml")
	}
	bin := rapportBin(t)
	for _, v := range hostile.SettingsVariants() {
		t.Run(v.Name, func(t *testing.T) {
			corpus, err := hostile.WriteWithSettings(t.TempDir(), v)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range readers {
				args := r.args
				if r.perClient {
					args = append(append([]string{}, args...), hostile.GoodClient)
				}
				stdout := runHostile(t, bin, corpus, args)
				r.good(t, corpus, stdout)
			}
			unsafe, _, err := scanHandouts(filepath.Join(corpus.Root, "public"))
			if err != nil {
				t.Fatal(err)
			}
			for p, found := range unsafe {
				t.Errorf("%s:\n  %s", p, strings.Join(found, "\n  "))
			}
		})
	}
}

// peakRSS and peakCmd are the most memory any one command took, for the log.
var (
	peakRSS int64
	peakCmd string
)

// lastOutput is the stdout and stderr of the last runHostile, for the checks
// that need both.
var lastOutput string

// runHostile runs the real binary over the corpus and checks what every
// command owes bad input. It returns stdout.
func runHostile(t *testing.T, bin string, c *hostile.Corpus, args []string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"--practice", c.Root}, args...)...)
	cmd.Dir = c.Root
	if args[0] == "export" {
		// export writes its archive in the working folder, which must be
		// outside the practice.
		cmd.Dir = exportDir(t, c)
	}
	cmd.Env = append(os.Environ(), "RAPPORT_NOW=2026-02-04", "NO_COLOR=1", "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	lastOutput = stdout.String() + stderr.String()
	if ctx.Err() != nil {
		t.Fatalf("rapport %s did not finish within %s", strings.Join(args, " "), hostileTimeout)
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code != ExitOK && code != ExitFailure {
		t.Errorf("rapport %s exited %d, want 0 or 1\n%s", strings.Join(args, " "), code, clip(lastOutput))
	}
	for _, sign := range []string{"panic:", "goroutine ", "runtime error", "fatal error:"} {
		if strings.Contains(lastOutput, sign) {
			t.Fatalf("rapport %s crashed:\n%s", strings.Join(args, " "), clip(lastOutput))
		}
	}
	if code == ExitFailure && strings.TrimSpace(lastOutput) == "" {
		t.Errorf("rapport %s failed without saying why", strings.Join(args, " "))
	}
	if rss, ok := peakMemory(cmd.ProcessState); ok {
		if rss > peakRSS {
			peakRSS, peakCmd = rss, strings.Join(args, " ")
		}
		if rss > hostileMaxRSS {
			t.Errorf("rapport %s used %d MB of memory, more than %d MB", strings.Join(args, " "), rss>>20, hostileMaxRSS>>20)
		}
	}
	if strings.Contains(lastOutput, hostile.OutsideSecret) {
		t.Errorf("rapport %s shows text from a file outside the practice:\n%s", strings.Join(args, " "), clip(lastOutput))
	}
	// A CSV's CRLF line ends are fine; a lone carriage return is not.
	shown := strings.ReplaceAll(lastOutput, "\r\n", "\n")
	for _, ctl := range []string{"\x1b", "\u202e", "\u200b", "\r", "\a"} {
		if strings.Contains(shown, ctl) {
			t.Errorf("rapport %s writes %q to the terminal unescaped", strings.Join(args, " "), ctl)
		}
	}
	return stdout.String()
}

// wantNamed checks that the last command named every broken entry under
// prefix in its output.
func wantNamed(t *testing.T, c *hostile.Corpus, prefix string) {
	t.Helper()
	var missing []string
	for _, e := range c.Entries {
		// Paths are shown as records.Visible makes them, escapes and all.
		if e.Finding && strings.HasPrefix(e.Path, prefix) && !mustBeSkipped(c, e) && !strings.Contains(lastOutput, records.Visible(e.Path)) {
			missing = append(missing, e.Path+" ("+e.What+")")
		}
	}
	if len(missing) > 0 {
		t.Errorf("not named in the output:\n%s\noutput:\n%s", strings.Join(missing, "\n"), clip(lastOutput))
	}
}

// mustBeSkipped is true for the unreadable records when root can read them.
func mustBeSkipped(c *hostile.Corpus, e hostile.Entry) bool {
	if !c.RootReads {
		return false
	}
	for _, u := range c.Unreadable {
		if e.Path == u || strings.HasPrefix(e.Path, u+"/") {
			return true
		}
	}
	return false
}

func wantText(s string) func(*testing.T, *hostile.Corpus, string) {
	return func(t *testing.T, _ *hostile.Corpus, stdout string) {
		t.Helper()
		if !strings.Contains(stdout, s) {
			t.Errorf("the good client is missing: want %q in\n%s", s, clip(stdout))
		}
	}
}

// wantRow wants a line of the table holding every one of cells.
func wantRow(cells ...string) func(*testing.T, *hostile.Corpus, string) {
	return func(t *testing.T, _ *hostile.Corpus, stdout string) {
		t.Helper()
		for _, line := range strings.Split(stdout, "\n") {
			fields := strings.Fields(line)
			if len(fields) > 0 && fields[0] == cells[0] {
				for _, c := range cells[1:] {
					if !strings.Contains(line, c) {
						t.Errorf("the good client's row %q lacks %q", line, c)
					}
				}
				return
			}
		}
		t.Errorf("the good client has no row in\n%s", clip(stdout))
	}
}

// wantNoErrors wants no error reported in the good client's records.
func wantNoErrors(t *testing.T, _ *hostile.Corpus, stdout string) {
	t.Helper()
	for _, line := range strings.Split(lastOutput, "\n") {
		if strings.Contains(line, "clients/"+hostile.GoodClient+"/") && strings.Contains(line, "error") {
			t.Errorf("the good client has an error: %s", line)
		}
	}
}

// wantExport wants the good client's archive, holding their records.
// exportDir is the folder beside the practice where export runs.
func exportDir(t *testing.T, c *hostile.Corpus) string {
	t.Helper()
	dir := filepath.Join(filepath.Dir(c.Root), "exports")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func wantExport(t *testing.T, c *hostile.Corpus, _ string) {
	t.Helper()
	zips, _ := filepath.Glob(filepath.Join(exportDir(t, c), hostile.GoodClient+"-export-*.zip"))
	if len(zips) != 1 {
		t.Fatalf("want one archive for the good client, found %v", zips)
	}
	r, err := zip.OpenReader(zips[0])
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	found := false
	for _, f := range r.File {
		found = found || strings.HasSuffix(f.Name, "agreement.md")
	}
	if !found {
		t.Errorf("the good client's archive does not hold their agreement")
	}
}

// wantFile wants a file under the practice holding text.
func wantFile(rel, text string) func(*testing.T, *hostile.Corpus, string) {
	return func(t *testing.T, c *hostile.Corpus, _ string) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(c.Root, filepath.FromSlash(rel)))
		if err != nil || !bytes.Contains(data, []byte(text)) {
			t.Errorf("%s is missing or lacks %q: %v", rel, text, err)
		}
	}
}

// wantHandouts checks every handout of the good client was written whole
// and holds nothing coach-only.
func wantHandouts(t *testing.T, c *hostile.Corpus, _ string) {
	t.Helper()
	for _, name := range []string{"agreement.html", "session-01.html", "reflection-01.html", "progress.html", "privacy.html"} {
		data, err := os.ReadFile(filepath.Join(c.Root, "public", hostile.GoodClient, name))
		if err != nil {
			t.Errorf("good client's handout: %v", err)
			continue
		}
		if !bytes.HasSuffix(bytes.TrimSpace(data), []byte("</html>")) {
			t.Errorf("%s is cut short", name)
		}
		for _, phrase := range hostile.PrivatePhrases {
			if bytes.Contains(data, []byte(phrase)) {
				t.Errorf("%s holds the coach-only %q", name, phrase)
			}
		}
	}
}

func clip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "\n..."
	}
	return s
}
