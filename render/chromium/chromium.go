// Package chromium prints HTML handouts to PDF through an installed Chrome
// or Chromium, for exact print-CSS fidelity. One headless browser serves a
// whole run and prints every handout in the same tab.
package chromium

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNotFound means no Chrome or Chromium is installed where Find looks.
var ErrNotFound = errors.New("no chrome or chromium browser found")

// InstallHint tells the coach how to get a browser, or to do without one.
const InstallHint = "install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) " +
	"or use the builtin pdf engine, which needs no browser"

// names are the browser commands looked up on PATH, most specific first.
var names = []string{
	"chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
	"chrome", "headless-shell", "chrome-headless-shell", "microsoft-edge",
}

// macApps are where macOS keeps browsers that are not on PATH.
var macApps = []string{
	"/Applications/Chromium.app/Contents/MacOS/Chromium",
	"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
}

// Find returns the path of an installed Chrome or Chromium, or an error
// wrapping ErrNotFound; InstallHint says what to do about it.
func Find() (string, error) {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	if runtime.GOOS == "darwin" {
		for _, p := range macApps {
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("%w on PATH (looked for chromium, google-chrome, chrome)", ErrNotFound)
}

// Options are how rapport starts a headless Chromium, here and in the tests
// that look at handouts in one: a fresh profile in dataDir, no network (a
// handout never needs it, and look-ups hang a sandboxed machine), and none
// of the browser's background services.
func Options(execPath, dataDir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(dataDir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
	}
}

// Printer prints HTML to PDF with one headless browser and one tab. It is
// safe for concurrent use; prints take turns in the tab. Close it when done.
type Printer struct {
	mu      sync.Mutex
	tab     context.Context
	cancel  []context.CancelFunc
	dataDir string
	timeout time.Duration
}

// New starts a headless browser. An empty execPath means Find's choice.
// The browser gets a fresh profile in the temporary folder, no network
// beyond the page itself, and none of its background services.
func New(execPath string) (*Printer, error) {
	if execPath == "" {
		p, err := Find()
		if err != nil {
			return nil, err
		}
		execPath = p
	}
	dir, err := os.MkdirTemp("", "rapport-chromium-")
	if err != nil {
		return nil, fmt.Errorf("start browser: %w", err)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), Options(execPath, dir)...)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	p := &Printer{tab: tab, cancel: []context.CancelFunc{cancelTab, cancelAlloc}, dataDir: dir, timeout: time.Minute}
	// The first action starts the browser; it must not carry a timeout.
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		p.Close()
		return nil, fmt.Errorf("start browser %s: %w", execPath, err)
	}
	return p, nil
}

// Print lays out a self-contained HTML page (styles inline, no external
// files) and returns it as PDF. The page's CSS @page rule sets the paper
// size and margins; backgrounds are printed.
func (p *Printer) Print(html []byte) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ctx, cancel := context.WithTimeout(p.tab, p.timeout)
	defer cancel()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return err
		}
		_, err = chromedp.Call(ctx, page.SetDocumentContent, page.SetDocumentContentParams{
			FrameID: tree.FrameTree.Frame.ID,
			HTML:    string(html),
		})
		return err
	}))
	if err != nil {
		return nil, fmt.Errorf("print to pdf: load page: %w", err)
	}
	// Wait for web fonts, if the page has any, before laying out.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, fmt.Errorf("print to pdf: wait for fonts: %w", err)
	}
	out, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		return nil, fmt.Errorf("print to pdf: %w", err)
	}
	return out, nil
}

// Close stops the browser and removes its temporary profile.
func (p *Printer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.cancel {
		c()
	}
	p.cancel = nil
	if p.dataDir == "" {
		return nil
	}
	err := os.RemoveAll(p.dataDir)
	p.dataDir = ""
	return err
}
