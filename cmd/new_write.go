package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/mattn/go-shellwords"

	"github.com/rapport-coach/rapport/records"
)

// newLockWait is how long rapport new waits for another command to finish
// changing the practice.
const newLockWait = 10 * time.Second

// runNew opens the practice, lets decide read the client's records and
// choose what to write, and writes it. Reading, deciding and writing happen
// under the practice lock, so two commands never decide on the same session
// number.
func runNew(a *App, o *newOptions, decide func(*records.Practice) (*newPlan, error)) error {
	p, err := a.Practice()
	if err != nil {
		return err
	}
	if o.dryRun {
		plan, err := decide(p)
		if err != nil {
			return err
		}
		_, err = a.Stdout.Write(plan.data)
		return err
	}
	lock, err := p.Lock(newLockWait)
	if err != nil {
		return failure(err, "nothing was written")
	}
	plan, err := decide(p)
	if err == nil && plan.handover && !o.dryRun {
		// The rule goes in before the notes do, so not even a git add -A
		// run a moment later picks them up.
		if _, err = ensureIgnored(p.Path(".gitignore"), records.HandoverIgnore); err != nil {
			err = failure(fmt.Errorf("keeping the notes out of git: %w", err), "nothing was written")
		}
	}
	if err == nil {
		err = writePlan(a, p, o, plan)
	}
	lock.Unlock()
	if err != nil {
		return err
	}
	// The editor may stay open for as long as the coach writes: the lock is
	// already released, since the record's number and name are settled.
	full := p.Path(plan.rel)
	if o.edit {
		if err := runEditor(a, full); err != nil {
			return err
		}
	}
	if plan.handover {
		fmt.Fprintf(a.Stdout, "the client holds the records: these notes stay out of git until rapport handover %s gives them to the client\n", plan.client)
		return nil
	}
	if o.commit {
		return commitNew(a, p, full, plan.msg)
	}
	return nil
}

// writePlan writes the new record atomically. Without --force an existing
// file is never touched; on any failure nothing is left behind, not even the
// folders made for the record.
func writePlan(a *App, p *records.Practice, o *newOptions, plan *newPlan) error {
	full := p.Path(plan.rel)
	if err := insideClients(p, filepath.Dir(full)); err != nil {
		return failure(err, "nothing was written")
	}
	_, statErr := os.Lstat(full)
	existed := statErr == nil
	made, err := mkdirs(filepath.Dir(full))
	if err != nil {
		return failure(err, "")
	}
	undo := func() {
		for i := len(made) - 1; i >= 0; i-- {
			os.Remove(made[i])
		}
	}
	write := records.CreateFile
	if o.force {
		write = records.WriteFile
	}
	if err := write(full, plan.data, 0o644); err != nil {
		undo()
		if errors.Is(err, records.ErrExists) {
			return failure(fmt.Errorf("%s already exists", plan.rel), "nothing was changed; pass --force to replace it")
		}
		return failure(err, "")
	}
	if plan.verify != nil && !existed {
		if err := plan.verify(); err != nil {
			os.Remove(full)
			undo()
			return err
		}
	}
	verb := "created"
	if existed {
		verb = "replaced"
	}
	fmt.Fprintf(a.Stdout, "%s %s\n", verb, a.display(full))
	return nil
}

// mkdirs makes dir and its missing parents, and returns the folders it made,
// outermost first, so a failed write can take them back.
func mkdirs(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		}
		missing = append([]string{d}, missing...)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return missing, nil
}

// insideClients refuses a folder that is, or would be, outside the practice's
// clients/ folder, such as a client folder that is a link to somewhere else.
func insideClients(p *records.Practice, dir string) error {
	// A client folder or records folder that is a link is never read, so
	// it is not written through either: a session written into a linked
	// sessions/ would land in whatever folder it points to.
	if rel, err := filepath.Rel(p.Root, dir); err == nil {
		at := p.Root
		for _, part := range strings.Split(rel, string(filepath.Separator)) {
			at = filepath.Join(at, part)
			fi, err := os.Lstat(at)
			if err != nil {
				break // the rest is made by rapport
			}
			if records.IsLink(fi.Mode()) {
				return &records.LinkError{Path: filepath.ToSlash(strings.TrimPrefix(at, p.Root+string(filepath.Separator))), Target: readlink(at)}
			}
		}
	}
	clients := p.Path(records.ClientsDir)
	if real, err := filepath.EvalSymlinks(clients); err == nil {
		clients = real
	} else if root, err := filepath.EvalSymlinks(p.Root); err == nil {
		clients = filepath.Join(root, records.ClientsDir)
	}
	d := dir
	for {
		real, err := filepath.EvalSymlinks(d)
		if err == nil {
			// The missing part below d is made by rapport, from a valid id.
			real = filepath.Join(real, strings.TrimPrefix(dir, d))
			rel, err := filepath.Rel(clients, real)
			if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				shown := dir
				if r, err := filepath.Rel(p.Root, dir); err == nil {
					shown = filepath.ToSlash(r)
				}
				return fmt.Errorf("%s leads outside the practice's clients folder, to %s", shown, real)
			}
			return nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil
		}
		d = parent
	}
}

// runEditor opens path in $VISUAL or $EDITOR, which may carry arguments of its
// own, such as "code --wait", split as a shell would split them.
func runEditor(a *App, path string) error {
	name, editor := "VISUAL", a.Getenv("VISUAL")
	if strings.TrimSpace(editor) == "" {
		name, editor = "EDITOR", a.Getenv("EDITOR")
	}
	args, err := editorCommand(editor, runtime.GOOS)
	if err != nil {
		return failure(fmt.Errorf("%s: %w", name, err),
			"quote a path with spaces, such as export EDITOR='\"/opt/My Editor/edit\" --wait'; the file is written: "+a.display(path))
	}
	if len(args) == 0 {
		return failure(errors.New("no editor to open the new file with"),
			"set VISUAL or EDITOR, such as export EDITOR=nano; the file is written: "+a.display(path))
	}
	cmd := exec.Command(args[0], append(args[1:], path)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = a.Stdin, a.Stdout, a.Stderr
	if err := cmd.Run(); err != nil {
		return failure(fmt.Errorf("editor %s: %w", args[0], err), "the file is written: "+a.display(path))
	}
	return nil
}

// editorCommand splits the value of $VISUAL or $EDITOR into the program and
// its arguments by the shell's quoting rules, as git does by handing it to a
// shell, without running a shell: variables and command substitutions are
// not expanded, and a shell operator (;, |, &, <, >) or a command
// substitution is refused. On Windows a
// backslash is part of a path, not an escape.
func editorCommand(value, goos string) ([]string, error) {
	if strings.Contains(value, "`") || strings.Contains(value, "$(") {
		return nil, fmt.Errorf("%q holds a command substitution; rapport runs the editor itself, not through a shell", value)
	}
	if goos == "windows" {
		value = strings.ReplaceAll(value, `\`, `\\`)
	}
	p := shellwords.NewParser()
	args, err := p.Parse(value)
	if err != nil {
		return nil, fmt.Errorf("cannot read %q as a command: %v", value, err)
	}
	if p.Position >= 0 {
		return nil, fmt.Errorf("%q holds a shell operator; rapport runs the editor itself, not through a shell", value)
	}
	return args, nil
}

// commitNew commits the new record, authored by the coach.
func commitNew(a *App, p *records.Practice, full, msg string) error {
	repo, err := records.OpenRepo(p.Root)
	if errors.Is(err, records.ErrNoRepo) {
		return failure(err, "the file is written; run git init in the practice to keep it in git")
	}
	if err != nil {
		return failure(fmt.Errorf("opening the git repository: %w", err), "the file is written; commit it with git")
	}
	name, email := p.Settings.Coach.Name, p.Settings.Coach.Email
	if name == "" {
		name = "coach"
	}
	if email == "" {
		email = "coach@localhost"
	}
	hash, err := repo.Commit([]string{full}, msg, name, email, a.Now())
	if err != nil {
		return failure(fmt.Errorf("committing %s: %w", a.display(full), err), "the file is written; commit it with git")
	}
	fmt.Fprintf(a.Stdout, "committed %s %q\n", hash.String()[:7], msg)
	return nil
}

func readlink(path string) string {
	t, _ := os.Readlink(path)
	return filepath.ToSlash(t)
}
