package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/rapport-coach/rapport/internal/atomicfile"
)

func newGenCmd(a *App) *cobra.Command {
	c := &cobra.Command{
		Use:   "gen",
		Short: "Generate files about rapport itself, such as man pages",
		Args:  cobra.NoArgs,
	}
	c.AddCommand(&cobra.Command{
		Use:   "man DIR",
		Short: "Write a man page for every command into DIR",
		Long: `Write a man page (section 1) for rapport and each of its commands into DIR,
made from the same help as rapport COMMAND --help: rapport.1,
rapport-check.1, rapport-new-session.1 and so on. DIR is created when it is
missing; the pages in it are replaced. RAPPORT_NOW sets the date on the pages.

To read them without installing: man -l DIR/rapport-check.1
To install for yourself: rapport gen man ~/.local/share/man/man1`,
		Example: `  rapport gen man man1`,
		Args:    needArg("name the folder, such as rapport gen man man1"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGenMan(a, cmd.Root(), args[0])
		},
	})
	return c
}

// needArg wants exactly one argument and says what to pass otherwise.
func needArg(hint string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usageError(hint, "%s takes one argument, got %d", c.CommandPath(), len(args))
		}
		return nil
	}
}

func runGenMan(a *App, root *cobra.Command, dir string) error {
	dir, err := a.abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return failure(err, "")
	}
	now := a.Now()
	header := &doc.GenManHeader{Title: "RAPPORT", Section: "1", Date: &now,
		Source: "rapport " + Version(), Manual: "rapport manual"}
	root.DisableAutoGenTag = true
	n := 0
	var walk func(c *cobra.Command) error
	walk = func(c *cobra.Command) error {
		for _, sub := range c.Commands() {
			if !sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand() {
				continue
			}
			if err := walk(sub); err != nil {
				return err
			}
		}
		c.DisableAutoGenTag = true
		var b bytes.Buffer
		h := *header
		if err := doc.GenMan(c, &h, &b); err != nil {
			return err
		}
		name := strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
		if err := atomicfile.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			return err
		}
		n++
		return nil
	}
	if err := walk(root); err != nil {
		return failure(err, "")
	}
	_, err = fmt.Fprintf(a.Stdout, "wrote %s in %s\n", nOf(n, "man page"), a.display(dir))
	return err
}
