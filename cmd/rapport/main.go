// Command rapport keeps a coaching practice's records as plain text, checks
// them, and renders the handouts a client takes home.
package main

import (
	"os"

	"github.com/rapport-coach/rapport/cmd"
)

func main() {
	os.Exit(cmd.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
