package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
)

// newOptions are the flags of rapport new and its kinds. The flags every kind
// shares live on the parent command; the rest belong to one kind each.
type newOptions struct {
	edit, commit, force, dryRun bool

	email, phone, id string // client and agreement
	date             string // session and reflection
	by               string // reflection
	session          int    // reflection
}

// newKind is one thing rapport new can make, as listed by rapport new alone.
type newKind struct {
	name, args, what string
}

var newKinds = []newKind{
	{"client", "NAME", "a new client and their coaching agreement"},
	{"agreement", "CLIENT", "a new engagement with an existing client"},
	{"session", "CLIENT", "the client's next session, dated today"},
	{"reflection", "CLIENT", "the client's reflection on their latest session (--by coach: your own)"},
}

func newNewCmd(a *App) *cobra.Command {
	o := &newOptions{}
	c := &cobra.Command{
		Use:   "new KIND ARG",
		Short: "Start a client, agreement, session or reflection from its scaffold",
		Long: `Start a record from its scaffold, pre-filled from practice.yaml and the
client's records, with TODO(...) placeholders for what only you or the client
can decide; rapport check reports every placeholder left.

The scaffolds are embedded in rapport; a file of the same name in the
practice's templates/scaffolds/ folder (agreement.md, session.md,
reflection-client.md, reflection-coach.md) replaces the embedded one.

New files are written atomically and never replace an existing file unless
--force is given. The path of the new file is printed.`,
		Example: `  rapport new client "Alice Smith" --email alice@example.org
  rapport new session alice-smith --edit --commit
  rapport new reflection alice-smith --by coach`,
		Args: cobra.ArbitraryArgs,
		// An unknown kind may come with the flags of the kind that was meant:
		// say what the kind should be rather than complain about its flags.
		FParseErrWhitelist: cobra.FParseErrWhitelist{UnknownFlags: true},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				listNewKinds(a)
				return nil
			}
			names := make([]string, len(newKinds))
			for i, k := range newKinds {
				names[i] = k.name
			}
			msg := fmt.Sprintf("unknown kind %s", args[0])
			if s := records.Suggest(args[0], names); s != "" {
				msg += "; did you mean " + s + "?"
			}
			return usageError("rapport new lists what can be made", "%s", msg)
		},
	}
	pf := c.PersistentFlags()
	pf.BoolVar(&o.edit, "edit", false, "open the new file in $VISUAL or $EDITOR")
	pf.BoolVar(&o.commit, "commit", false, "commit the new file to git, authored by the coach")
	pf.BoolVar(&o.force, "force", false, "replace the file if it exists")
	pf.BoolVarP(&o.dryRun, "dry-run", "n", false, "print the scaffold instead of writing it")
	c.AddCommand(
		newNewClientCmd(a, o),
		newNewAgreementCmd(a, o),
		newNewSessionCmd(a, o),
		newNewReflectionCmd(a, o),
	)
	return c
}

func listNewKinds(a *App) {
	fmt.Fprintln(a.Stdout, "rapport new starts a record from its scaffold. It can make:")
	fmt.Fprintln(a.Stdout)
	for _, k := range newKinds {
		fmt.Fprintf(a.Stdout, "  %-30s %s\n", "rapport new "+k.name+" "+k.args, k.what)
	}
	fmt.Fprintln(a.Stdout)
	fmt.Fprintln(a.Stdout, "Run rapport new KIND --help for the flags of each.")
}

func newNewClientCmd(a *App, o *newOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "client NAME",
		Short: "Add a client and start their coaching agreement",
		Long: `Add a client: make their folder clients/<id>/ and start their coaching
agreement in it, pre-filled from the practice's defaults, as a draft until it
is signed. The id is made from the name ("Zoë Łukasiewicz" becomes
zoe-lukasiewicz) unless --id gives one.`,
		Example: `  rapport new client "Alice Smith" --email alice@example.org --phone "+44 7700 900123"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runNew(a, o, func(p *records.Practice) (*newPlan, error) { return planClient(a, p, o, args[0]) })
		},
	}
	contactFlags(c, o)
	c.Flags().StringVar(&o.id, "id", "", "the client's `id` (default: made from the name)")
	return c
}

func newNewAgreementCmd(a *App, o *newOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "agreement CLIENT",
		Short: "Start a new engagement with an existing client",
		Long: `Start a new coaching agreement with an existing client (re-contracting). The
practice's defaults are filled in again; the client's name, contact details
and the goals still open carry over. The previous agreement is left as it is.`,
		Example: `  rapport new agreement alice-smith`,
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runNew(a, o, func(p *records.Practice) (*newPlan, error) { return planAgreement(a, p, o, args[0]) })
		},
	}
	contactFlags(c, o)
	return c
}

func newNewSessionCmd(a *App, o *newOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "session CLIENT",
		Short: "Start the client's next session",
		Long: `Start the client's next session: numbered one more than the highest so far,
dated today (or --date), with the goals of the agreement in force and the
client's still-open actions carried forward with their due dates. It warns,
but goes ahead, when there is no active agreement or the agreed sessions are
used up.`,
		Example: `  rapport new session alice-smith
  rapport new session alice-smith --date 2026-02-03`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runNew(a, o, func(p *records.Practice) (*newPlan, error) { return planSession(a, p, o, args[0]) })
		},
	}
	c.Flags().StringVar(&o.date, "date", "", "the session's `date`, YYYY-MM-DD (default: today)")
	return c
}

func newNewReflectionCmd(a *App, o *newOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "reflection CLIENT",
		Short: "Start a reflection on a session: the client's, or your own",
		Long: `Start a reflection on the client's latest session (or --session N). By
default it is the client's, typed up from their reflection log or as they sent
it; --by coach starts your own, private reflection for your development and
supervision, which never reaches a handout.`,
		Example: `  rapport new reflection alice-smith
  rapport new reflection alice-smith --by coach --session 3`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runNew(a, o, func(p *records.Practice) (*newPlan, error) { return planReflection(a, p, o, args[0]) })
		},
	}
	f := c.Flags()
	f.StringVar(&o.by, "by", "client", "whose reflection: `client` or coach")
	f.IntVar(&o.session, "session", 0, "the session `number` it reflects on (default: the latest)")
	f.StringVar(&o.date, "date", "", "the reflection's `date`, YYYY-MM-DD (default: today)")
	return c
}

func contactFlags(c *cobra.Command, o *newOptions) {
	c.Flags().StringVar(&o.email, "email", "", "the client's email `address`")
	c.Flags().StringVar(&o.phone, "phone", "", "the client's phone `number`")
}
