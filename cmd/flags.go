package cmd

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"
)

// destinationFlag is the one name of the output folder flag, -d and
// --destination, on every command that writes handouts. --dest, build's and
// serve's earlier name, is kept hidden so that scripts written for it still
// work, with a warning on stderr (pflag's own deprecation note would go to
// stdout, among the command's output).
func destinationFlag(f *pflag.FlagSet, p *string, usage string, stderr io.Writer) {
	f.StringVarP(p, "destination", "d", "", usage)
	f.Var(&oldFlag{p: p, name: "dest", now: "--destination", stderr: stderr}, "dest", usage)
	_ = f.MarkHidden("dest")
}

// oldFlag is a string flag under a name rapport no longer documents.
type oldFlag struct {
	p         *string
	name, now string
	stderr    io.Writer
}

func (o *oldFlag) String() string {
	if o.p == nil {
		return ""
	}
	return *o.p
}

func (o *oldFlag) Set(v string) error {
	fmt.Fprintf(o.stderr, "rapport: warning: --%s is an old name; use %s\n", o.name, o.now)
	*o.p = v
	return nil
}

func (o *oldFlag) Type() string { return "string" }
