package cmd

import (
	"github.com/spf13/cobra"
)

func newRootCmd(a *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "rapport",
		Short: "Keep a coaching practice's records as plain text, check them, and render client handouts",
		Long: `rapport keeps a coaching practice's records as Markdown files with YAML
frontmatter in a git repository, checks them against what coaching ethics and
data-protection law expect, and renders the handouts a client takes home.

Exit codes: 0 success, 1 failure or problems found, 2 usage error or no practice found.
Set RAPPORT_NOW=YYYY-MM-DD to fix the date rapport uses as today.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRun: func(*cobra.Command, []string) {
			a.ran = true
		},
	}
	// --version as well as the version command, as git, hugo and gh answer it.
	root.Version = Version()
	root.SetVersionTemplate(versionLine())
	root.Flags().Bool("version", false, "print rapport's version")
	root.SetIn(a.Stdin)
	root.SetOut(a.Stdout)
	root.SetErr(a.Stderr)
	root.PersistentFlags().StringVar(&a.practiceDir, "practice", "", "the practice `folder` (default: the nearest folder with practice.yaml, from here upwards)")
	root.PersistentFlags().BoolVar(&a.noCache, "no-cache", false, "read every record afresh, neither using nor updating the cache of what was read before")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("run "+c.CommandPath()+" --help for its flags", "%v", err)
	})
	// In the order a coach meets them, as the README tells it.
	root.AddCommand(
		newInitCmd(a),
		newNewCmd(a),
		newCheckCmd(a),
		newRenderCmd(a),
		newBuildCmd(a),
		newServeCmd(a),
		newPrepCmd(a),
		newStatusCmd(a),
		newHoursCmd(a),
		newPortfolioCmd(a),
		newLogCmd(a),
		newExportCmd(a),
		newCloseCmd(a),
		newHandoverCmd(a),
		newEraseCmd(a),
		newSyncCmd(a),
		newHookCmd(a),
		newPracticeCmd(a),
		newVersionCmd(a),
		newGenCmd(a),
		newSchemaCmd(a),
		newRecordsHelp(),
	)
	addCompletions(a, root)
	return root
}
