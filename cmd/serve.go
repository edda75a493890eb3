package cmd

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/render"
	"github.com/rapport-coach/rapport/render/site"
)

type serveOptions struct {
	port  int
	bind  string
	dest  string
	quiet bool
}

func newServeCmd(a *App) *cobra.Command {
	o := &serveOptions{}
	c := &cobra.Command{
		Use:   "serve [--port 1414] [--bind 127.0.0.1]",
		Short: "Preview the built handouts in a browser, rebuilding as records change",
		Long: `Build the HTML handouts and the coach's index into public/, serve them on
this computer only (127.0.0.1, answering only requests addressed to
localhost, 127.0.0.1 or [::1]), and watch the practice: when a record, a
template or practice.yaml changes, rebuild what depends on it and reload the
open page. The reload script is added to pages as they are served; built
files never contain it. Ctrl-C stops.

serve starts from what rapport build made. A client whose handouts build made
in PDF too has their PDFs rendered again with the HTML, in the print build
set them in, so the PDF links give the current handouts; run rapport build
--format pdf to make PDFs for the others.

--bind with an address other than loopback lets other computers on the network
read every client's handouts; rapport warns when you do it.`,
		Example: `  rapport serve
  rapport serve --port 8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runServe(ctx, a, o)
		},
	}
	f := c.Flags()
	f.IntVar(&o.port, "port", 1414, "the `port` to serve on (0 picks a free one)")
	f.StringVar(&o.bind, "bind", "127.0.0.1", "the `address` to listen on; keep it loopback unless you mean to share the handouts")
	destinationFlag(f, &o.dest, "the `folder` to build into (default: public/ in the practice)", a.Stderr)
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print only the address and errors")
	return c
}

// clientOf is the client whose folder holds the file at full, a path
// inside the practice at root; false for anything else, and for a client
// folder itself (come or gone).
func clientOf(root, full string) (string, bool) {
	rel, err := filepath.Rel(root, full)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) < 3 || parts[0] != records.ClientsDir || records.ValidID(parts[1]) != nil {
		return "", false
	}
	return parts[1], true
}

// isLoopback reports whether addr only listens on this computer.
func isLoopback(addr string) bool {
	if addr == "localhost" {
		return true
	}
	ip := net.ParseIP(addr)
	return ip != nil && ip.IsLoopback()
}

// tuneServeGC has Go collect at twice the live heap, its default, with no
// soft limit. serve keeps between rebuilds what makes a rebuild cheap (the
// build manifest, every client's names, what git's index and history say
// of each record): about 15 MB at 1,000 clients, 70 MB in git, above the
// limit tuneGC sets for a build, under which the collector would run
// without end. GOGC or GOMEMLIMIT in the environment win.
func (a *App) tuneServeGC() {
	if a.Getenv("GOGC") != "" || a.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
}

// manifestQuiet is how long serve waits after a rebuild before saving the
// build manifest: saving is work in proportion to the practice, so a spell
// of edits saves it once every so often. A serve that is killed meanwhile costs the next
// build some rendering, never an output: what the older manifest does not
// vouch for is rendered again, and a file it does not recognise is never
// removed.
const manifestQuiet = 2 * time.Second

// afterFirstBuild, when set by a test, runs after serve's first build.
var afterFirstBuild func()

func runServe(ctx context.Context, a *App, o *serveOptions) error {
	if o.port < 0 || o.port > 65535 {
		return usageError("pass a port between 1 and 65535, or 0 for any free one", "port %d is out of range", o.port)
	}
	p, err := a.Practice()
	if err != nil {
		return err
	}
	dest, err := a.buildDest(p, o.dest)
	if err != nil {
		return err
	}
	a.tuneServeGC()
	if !isLoopback(o.bind) {
		fmt.Fprintf(a.Stderr, "rapport: warning: serving on %s: anyone who can reach this computer can read every client's handouts and your index\n", o.bind)
	}

	var outMu sync.Mutex // the rebuilds and the server both print
	say := func(format string, args ...any) {
		outMu.Lock()
		defer outMu.Unlock()
		fmt.Fprintf(a.Stdout, format, args...)
	}
	// What the rebuilds keep between them, so that one after a change
	// costs what the change does: the build manifest, saved after a quiet
	// spell and on stopping, and the leak guard's index of every client's
	// names, in which only the clients that changed are read again.
	public := site.NewSite(dest)
	g := render.NewGuard(p)
	save := func() {
		if err := public.Save(); err != nil {
			outMu.Lock()
			fmt.Fprintf(a.Stderr, "rapport: warning: saving the build manifest: %v\n", err)
			outMu.Unlock()
		}
	}
	rebuild := func(ctx context.Context, verb string, only map[string]bool) (site.Stats, error) {
		// practice.yaml may have changed: read the practice afresh each time.
		fresh, err := records.Open(p.Root)
		if err != nil {
			return site.Stats{}, err
		}
		g.Refresh(fresh, only)
		pl, err := newBuildPlanner(a, fresh, []string{"html"}, false, g)
		if err != nil {
			return site.Stats{}, err
		}
		// The preview shows HTML; the PDFs a build made are kept current
		// with it, so their links never give a stale one.
		s, err := public.Build(ctx, pl, site.Options{Root: p.Root, Formats: []string{"html"}, Follow: []string{"pdf"}, Only: only})
		if err != nil {
			return s, err
		}
		if !o.quiet {
			say("%s: %s\n", verb, s)
		}
		outMu.Lock()
		reportFailures(a.Stderr, s)
		outMu.Unlock()
		return s, nil
	}
	// One rebuild at a time; changes during a rebuild ask for one more.
	// Only the clients whose folders changed are looked at again; anything
	// else (practice.yaml, templates, a client folder come or gone, events
	// the system lost, folders it could not watch) has every client looked
	// at. The practice is watched before the first build, so a change while
	// it runs asks for one more.
	ctx, stopAll := context.WithCancel(ctx)
	defer stopAll()
	pending := make(chan struct{}, 1)
	var changedMu sync.Mutex
	changed, everything := map[string]bool{}, false
	// Editors save in a few quick steps (a temporary file, a rename): a
	// short quiet spell takes them as one change.
	watching, err := site.Watch(ctx, p.Root, []string{dest}, 25*time.Millisecond, func(paths []string) {
		changedMu.Lock()
		if paths == nil {
			everything = true
		}
		for _, full := range paths {
			if id, ok := clientOf(p.Root, full); ok {
				changed[id] = true
			} else {
				everything = true
			}
		}
		changedMu.Unlock()
		select {
		case pending <- struct{}{}:
		default:
		}
	}, func(err error) {
		// The leak guard looks at every client's agreements itself, so
		// names are never missed; a handout whose folder is not watched is
		// rebuilt only with the next change seen.
		outMu.Lock()
		fmt.Fprintf(a.Stderr, "rapport: warning: cannot watch every folder of the practice (%v), so every change rebuilds every client, and a change in a folder not watched waits for another change to be seen: raise the system's limit on watched files or open files\n", err)
		outMu.Unlock()
	})
	if err != nil {
		fmt.Fprintf(a.Stderr, "rapport: warning: cannot watch the practice, so changes will not be rebuilt: %v\n", err)
	} else {
		defer func() { stopAll(); <-watching }()
	}

	if _, err := rebuild(ctx, "built "+a.display(dest), nil); err != nil {
		save()
		if errors.Is(err, context.Canceled) {
			return nil
		}
		return failure(err, "")
	}
	save()
	if afterFirstBuild != nil {
		afterFirstBuild()
	}

	ln, err := net.Listen("tcp", net.JoinHostPort(o.bind, strconv.Itoa(o.port)))
	if err != nil {
		return failure(fmt.Errorf("cannot serve on %s port %d: %w", o.bind, o.port, err), "pass another --port, or stop what is using this one")
	}
	srv := site.NewServer(dest)
	port := o.port
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok {
		port = tcp.Port // the one picked for --port 0
	}
	// Only requests for this computer are answered, so a web page that
	// rebinds its name to 127.0.0.1 cannot read the handouts.
	hs := &http.Server{Handler: site.LocalOnly(srv, o.bind, port), ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	say("serving %s at http://%s/ (Ctrl-C to stop)\n", p.Settings.Name, net.JoinHostPort(o.bind, strconv.Itoa(port)))

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var quiet <-chan time.Time // when to save the manifest
		g.Prepare()                // an error is reported when a handout is checked
		for {
			select {
			case <-ctx.Done():
				return
			case <-quiet:
				quiet = nil
				save()
				continue
			case <-pending:
			}
			changedMu.Lock()
			only := changed
			if everything {
				only = nil
			}
			changed, everything = map[string]bool{}, false
			changedMu.Unlock()
			s, err := rebuild(ctx, "rebuilt", only)
			if quiet == nil {
				quiet = time.After(manifestQuiet)
			}
			if err != nil {
				if ctx.Err() == nil {
					outMu.Lock()
					fmt.Fprintf(a.Stderr, "rapport: rebuild failed: %v\n", err)
					outMu.Unlock()
				}
				// The clients it was to look at may not have been, by the
				// build or by the leak guard: the next rebuild looks at all.
				changedMu.Lock()
				everything = true
				changedMu.Unlock()
				continue
			}
			if s.Rendered+s.Removed > 0 {
				srv.Reload()
			}
		}
	}()

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	stopAll()
	srv.Close()
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	hs.Shutdown(shutdown)
	wg.Wait()
	save()
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return failure(serveErr, "")
	}
	if !o.quiet {
		say("stopped\n")
	}
	return nil
}
