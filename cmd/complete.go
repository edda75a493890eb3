package cmd

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/records/check"
	"github.com/rapport-coach/rapport/render"
)

// Shell completion that knows the practice: the shell asks rapport (through
// Cobra's hidden __complete command) for client ids, handout kinds, session
// numbers, rule names and format names. It is wired here, over the finished
// command tree, so that each command's file stays about what the command
// does. Outside a practice, completion quietly offers nothing.

type completer = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

// addCompletions sets the completion of every argument and flag that names
// something in the practice or one of a fixed set of words.
func addCompletions(a *App, root *cobra.Command) {
	client := func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return a.completeClients(toComplete), cobra.ShellCompDirectiveNoFileComp
	}
	for path, fn := range map[string]completer{
		"prep": client, "log": client, "export": client, "close": client, "erase": client, "handover": client,
		"new agreement": client, "new session": client, "new reflection": client,
		"render": a.completeRender,
		"check":  a.completeCheck,
	} {
		if c := subcommand(root, path); c != nil {
			c.ValidArgsFunction = fn
		}
	}

	rules := func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return listValues(toComplete, check.Names()...)
	}
	handoutFormats := append(render.Formats(), strings.Join(render.Formats(), ","))
	for _, f := range []struct {
		path, flag string
		fn         completer
	}{
		{"check", "format", words(checkOutputs...)},
		{"check", "disable", rules},
		{"hours", "format", words("markdown", "csv", "json")},
		{"prep", "format", words("text", "markdown", "json")},
		{"log", "format", words("text", "json")},
		{"status", "format", words("text", "json")},
		{"build", "format", words(handoutFormats...)},
		{"render", "format", words(handoutFormats...)},
		{"portfolio", "format", words(append(handoutFormats, "json")...)},
		{"handover", "format", words(handoutFormats...)},
		{"render", "pdf-engine", words("builtin", "chromium")},
		{"handover", "pdf-engine", words("builtin", "chromium")},
		{"build", "pdf-engine", words("builtin", "chromium")},
		{"new reflection", "by", words("client", "coach")},
		{"new reflection", "session", a.completeSessionFlag},
	} {
		c := subcommand(root, f.path)
		if c == nil || c.Flags().Lookup(f.flag) == nil {
			continue
		}
		_ = c.RegisterFlagCompletionFunc(f.flag, f.fn)
	}
}

// subcommand finds the command at path, such as "new session", or nil.
func subcommand(root *cobra.Command, path string) *cobra.Command {
	c, rest, err := root.Find(strings.Fields(path))
	if err != nil || len(rest) > 0 || c == root {
		return nil
	}
	return c
}

// words completes a flag whose values are a fixed list.
func words(values ...string) completer {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return listValues(toComplete, values...)
	}
}

// listValues offers the values that start with what was typed, and no files.
func listValues(toComplete string, values ...string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(v, toComplete) {
			out = append(out, v)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeClients lists the practice's client ids that start with prefix,
// from the same listing every command reads.
func (a *App) completeClients(prefix string) []string {
	p, err := a.Practice()
	if err != nil {
		return nil
	}
	ids, _, err := p.ClientIDs()
	if err != nil {
		return nil
	}
	out, _ := listValues(prefix, ids...)
	return out
}

// sessionNumbers lists the numbers of a client's sessions, in order.
func (a *App) sessionNumbers(id, prefix string) []string {
	p, err := a.Practice()
	if err != nil || records.ValidID(id) != nil {
		return nil
	}
	c, err := p.LoadClient(id, records.LoadOptions{})
	if err != nil {
		return nil
	}
	var nums []string
	for _, s := range c.Sessions {
		if n := strconv.Itoa(s.Number); s.Number > 0 && (len(nums) == 0 || nums[len(nums)-1] != n) {
			nums = append(nums, n)
		}
	}
	out, _ := listValues(prefix, nums...)
	return out
}

// completeRender completes render CLIENT [WHAT [N]].
func (a *App) completeRender(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	switch len(args) {
	case 0:
		return a.completeClients(toComplete), cobra.ShellCompDirectiveNoFileComp
	case 1:
		kinds := make([]string, len(render.Kinds))
		for i, k := range render.Kinds {
			kinds[i] = string(k)
		}
		return listValues(toComplete, kinds...)
	case 2:
		if k := render.Kind(strings.ToLower(args[1])); k == render.KindSession || k == render.KindReflection {
			return a.sessionNumbers(args[0], toComplete), cobra.ShellCompDirectiveNoFileComp
		}
	}
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// completeCheck offers client ids, and files and folders, which check
// also takes.
func (a *App) completeCheck(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	return a.completeClients(toComplete), cobra.ShellCompDirectiveDefault
}

// completeSessionFlag completes new reflection CLIENT --session N.
func (a *App) completeSessionFlag(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) == 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return a.sessionNumbers(args[0], toComplete), cobra.ShellCompDirectiveNoFileComp
}
