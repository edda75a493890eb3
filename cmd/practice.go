package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
)

func newPracticeCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "practice",
		Short: "Print where the practice is and whose it is",
		Long: `Print the folder of the practice rapport would work on from here (the nearest
folder holding practice.yaml, or --practice), its name, its coach and how many
client folders it holds.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			p, err := a.Practice()
			if err != nil {
				return err
			}
			ids, _, err := p.ClientIDs()
			if err != nil {
				return failure(err, "")
			}
			fmt.Fprintf(a.Stdout, "%s\n", p.Root)
			fmt.Fprintf(a.Stdout, "  practice: %s\n  coach:    %s\n  clients:  %d\n", records.Visible(p.Settings.Name), records.Visible(p.Settings.Coach.Name), len(ids))
			return nil
		},
	}
}
