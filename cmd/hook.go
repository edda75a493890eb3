package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
)

// hookMarker identifies a pre-commit hook rapport wrote, so it can be
// rewritten but someone else's hook is never overwritten.
const hookMarker = "# installed by rapport hook install"

type hookOptions struct {
	force bool
}

func newHookCmd(a *App) *cobra.Command {
	c := &cobra.Command{
		Use:   "hook",
		Short: "Manage the git pre-commit hook that runs rapport check",
		Args:  cobra.NoArgs,
	}
	o := &hookOptions{}
	install := &cobra.Command{
		Use:   "install",
		Short: "Install a git pre-commit hook that blocks commits with errors in the records",
		Long: `Install a git pre-commit hook in the practice's repository. Before each commit
it runs rapport check on the practice and stops the commit when any record has
an error (warnings do not stop it). Commit anyway with git commit --no-verify.

An existing pre-commit hook that rapport did not write is left alone unless
--force is given.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			p, err := a.Practice()
			if err != nil {
				return err
			}
			return installHook(a, p.Root, o.force)
		},
	}
	install.Flags().BoolVar(&o.force, "force", false, "replace a pre-commit hook rapport did not write")
	c.AddCommand(install)
	return c
}

// installHook writes the pre-commit hook for the practice at root.
func installHook(a *App, root string, force bool) error {
	repo, err := records.OpenRepo(root)
	if errors.Is(err, records.ErrNoRepo) {
		return failure(err, "run git init in the practice first (rapport init does this)")
	}
	if err != nil {
		return failure(err, "")
	}
	hooks, err := hooksDir(repo.Root)
	if err != nil {
		return failure(err, "")
	}
	rel, err := filepath.Rel(repo.Root, root)
	if err != nil {
		return failure(err, "")
	}
	script := hookScript(filepath.ToSlash(rel))
	path := filepath.Join(hooks, "pre-commit")
	old, err := os.ReadFile(path)
	switch {
	case err == nil && bytes.Equal(old, script):
		fmt.Fprintf(a.Stdout, "the pre-commit hook is already installed in %s\n", path)
		return nil
	case err == nil && !bytes.Contains(old, []byte(hookMarker)) && !force:
		return failure(fmt.Errorf("%s already exists and rapport did not write it", path),
			"add the line `rapport check --disable uncommitted || exit 1` to it yourself, or replace it with rapport hook install --force")
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return failure(err, "")
	}
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		return failure(err, "")
	}
	if err := records.WriteFile(path, script, 0o755); err != nil {
		return failure(err, "")
	}
	if err := os.Chmod(path, 0o755); err != nil {
		return failure(err, "")
	}
	fmt.Fprintf(a.Stdout, "installed the pre-commit hook in %s: commits with errors in the records are stopped\n", path)
	return nil
}

// hookScript runs check on the practice at rel (relative to the top of the
// work tree, where git runs hooks). Uncommitted files are what a commit is
// about to record, so that rule is off. When rapport is not on PATH the hook
// falls back to the binary that installed it, unless that was a throwaway
// build (go run), which would be gone by the next commit.
func hookScript(rel string) []byte {
	fallback := ""
	if exe, err := os.Executable(); err == nil && !within(exe, os.TempDir()) {
		fallback = exe
	}
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	return []byte(`#!/bin/sh
` + hookMarker + `: check the practice's records before each commit.
rapport=rapport
command -v rapport >/dev/null 2>&1 || rapport=` + quote(fallback) + `
[ -n "$rapport" ] && command -v "$rapport" >/dev/null 2>&1 || {
	echo "rapport pre-commit hook: rapport is not on PATH, so the records were not checked" >&2
	exit 0
}
"$rapport" check --practice ` + quote(rel) + ` --disable uncommitted || {
	echo "rapport: commit stopped: fix the errors above (rapport check --explain shows where), or commit with git commit --no-verify" >&2
	exit 1
}
`)
}

// hooksDir finds the hooks folder of the repository whose work tree is root,
// including for a linked work tree (whose .git is a file naming the real
// git folder).
func hooksDir(root string) (string, error) {
	dotgit := filepath.Join(root, ".git")
	fi, err := os.Stat(dotgit)
	if err != nil {
		return "", err
	}
	if fi.IsDir() {
		return filepath.Join(dotgit, "hooks"), nil
	}
	data, err := os.ReadFile(dotgit)
	if err != nil {
		return "", err
	}
	gitdir, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s is not a git folder or link", dotgit)
	}
	gitdir = strings.TrimSpace(gitdir)
	if !filepath.IsAbs(gitdir) {
		gitdir = filepath.Join(root, gitdir)
	}
	if common, err := os.ReadFile(filepath.Join(gitdir, "commondir")); err == nil {
		c := strings.TrimSpace(string(common))
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitdir, c)
		}
		gitdir = c
	}
	return filepath.Join(gitdir, "hooks"), nil
}
