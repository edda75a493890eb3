package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/rapport-coach/rapport/render/chromium"
)

// axeEnv names the axe-core script (axe.min.js from the npm package
// axe-core) the accessibility test injects into each page. .ci/run installs
// the package and sets it; on a coach's or developer's machine without it the
// test is skipped.
const axeEnv = "RAPPORT_AXE_JS"

// axeTags are the rule sets a handout must pass: WCAG 2.1 A and AA, and
// axe's best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// TestHandoutsAccessible builds the example practice and opens every HTML
// handout and the coach's index in headless Chromium with axe-core (WCAG 2.1
// A and AA, and best practice), on screen, on a phone-sized screen and as
// printed: a client reading with a screen reader, on a phone or on paper
// must meet no barrier. Any violation fails, not only the serious and
// critical ones: the example practice has none, so a new one is a
// regression. On the phone (320 CSS pixels wide, WCAG's reflow width)
// nothing may need scrolling sideways, and in every view the headings must
// be read in the order they are seen, top to bottom. One client's handouts
// are also built with --large-print and checked again, and there no visible
// text may be below 16 pt.
func TestHandoutsAccessible(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the accessibility check in -short mode")
	}
	axe := axeScript(t)
	browserPath, err := chromium.Find()
	if err != nil {
		// Whoever set the variable meant the check to run, as CI does.
		t.Fatalf("%s is set but %v (Debian package chromium)", axeEnv, err)
	}

	dir := filepath.Join(t.TempDir(), "practice")
	if err := os.CopyFS(dir, os.DirFS("../example-practice")); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	large := filepath.Join(t.TempDir(), "large")
	for _, args := range [][]string{
		{"build", "--practice", dir, "--format", "html", "-d", dest, "--quiet"},
		{"build", "--practice", dir, "--format", "html", "-d", large, "--quiet", "--large-print"},
	} {
		if code, _, stderr := runAt(t, dir, "2026-11-29", args...); code != 0 {
			t.Fatalf("rapport %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	pages := htmlPages(t, dest)
	// Large print changes sizes and spacing, so contrast, reflow and order
	// are checked again on one client's whole set.
	pages = append(pages, htmlPages(t, filepath.Join(large, "eleni-papadopoulou"))...)
	// Large print changes sizes and spacing, so contrast and reflow are
	// checked again on one client's whole set.

	kinds := map[string]bool{}
	for _, p := range pages {
		kinds[handoutKind(p)] = true
	}
	for _, k := range []string{"index", "agreement", "session", "reflection", "progress", "privacy"} {
		if !kinds[k] {
			t.Fatalf("the example practice's build has no %s page to check; pages: %v", k, pages)
		}
	}

	browser := startBrowser(t, browserPath)
	for _, file := range pages {
		name, _ := filepath.Rel(filepath.Dir(dest), file)
		if strings.HasPrefix(file, large) {
			name, _ = filepath.Rel(filepath.Dir(large), file)
		}
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			checkPage(t, browser, file, axe)
		})
	}
}

// axeScript reads the axe-core script, or skips the test when it is not
// installed. In CI (.ci/run sets the variable) a missing script fails.
func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv(axeEnv)
	if path == "" {
		t.Skipf("skipping the accessibility check: set %s to axe-core's axe.min.js (npm install axe-core; .ci/run does)", axeEnv)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", axeEnv, err)
	}
	if !strings.Contains(string(data[:min(len(data), 4096)]), "axe") {
		t.Fatalf("%s=%s does not look like axe-core's script", axeEnv, path)
	}
	return string(data)
}

// runAt runs rapport in-process in dir with today fixed.
func runAt(t *testing.T, dir, today string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	env := map[string]string{"RAPPORT_NOW": today, "GOGC": "100", "GOMEMLIMIT": "off"}
	a := &App{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] },
		Getwd:  func() (string, error) { return dir, nil },
	}
	code := a.Run(args)
	return code, out.String(), errOut.String()
}

// htmlPages lists the HTML files under dir, sorted.
func htmlPages(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// handoutKind is "session" for session-03.html, "index" for index.html.
func handoutKind(file string) string {
	base := strings.TrimSuffix(filepath.Base(file), ".html")
	kind, _, _ := strings.Cut(base, "-")
	return kind
}

func startBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		append(chromium.Options(path, t.TempDir()), chromedp.Flag("hide-scrollbars", true))...)
	t.Cleanup(cancel)
	browser, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return browser
}

// axeResult is the part of axe.run's results the test reads.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// checkPage runs axe-core over one page on screen at desktop and phone
// widths and as printed, and checks reflow and reading order.
func checkPage(t *testing.T, browser context.Context, file, axe string) {
	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	tab, cancel = context.WithTimeout(tab, 2*time.Minute)
	defer cancel()
	// The handouts' Content-Security-Policy forbids every script, rightly;
	// the test's own must run all the same.
	if _, err := chromedp.Call(tab, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(fileURL(file))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	views := []struct {
		name          string
		media         string
		width, height int64
	}{
		{"screen", "screen", 1000, 1200},
		{"phone", "screen", 320, 640},
		{"print", "print", 794, 1123}, // A4 at 96 dpi
	}
	run := fmt.Sprintf("axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})", jsonString(t, axeTags))
	for _, v := range views {
		if _, err := chromedp.Call(tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: v.media}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab, chromedp.EmulateViewport(v.width, v.height)); err != nil {
			t.Fatal(err)
		}
		res, err := chromedp.Run(tab, chromedp.Evaluate[axeResult](run, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: running axe: %v", v.name, err)
		}
		for _, viol := range res.Violations {
			var where []string
			for _, n := range viol.Nodes {
				where = append(where, fmt.Sprintf("%v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
			}
			t.Errorf("%s: %s (%s): %s\n  %s", v.name, viol.ID, viol.Impact, viol.Help, strings.Join(where, "\n  "))
		}
		if v.name == "phone" {
			overflow, err := chromedp.Run(tab, chromedp.Evaluate[[]string](sidewaysJS))
			if err != nil {
				t.Fatal(err)
			}
			if len(overflow) > 0 {
				t.Errorf("on a phone-sized screen these need scrolling sideways: %s", strings.Join(overflow, "; "))
			}
		}
		if strings.Contains(file, string(filepath.Separator)+"large"+string(filepath.Separator)) {
			small, err := chromedp.Run(tab, chromedp.Evaluate[[]string](smallTextJS))
			if err != nil {
				t.Fatal(err)
			}
			if len(small) > 0 {
				t.Errorf("%s: large print has text below 16 pt: %s", v.name, strings.Join(small, "; "))
			}
		}
		order, err := chromedp.Run(tab, chromedp.Evaluate[[]string](readingOrderJS))
		if err != nil {
			t.Fatal(err)
		}
		if len(order) > 0 {
			t.Errorf("%s: headings are read in another order than they are seen: %s", v.name, strings.Join(order, "; "))
		}
	}
}

// fileURL is the file: URL of an absolute path, on Windows too.
func fileURL(file string) string {
	p := filepath.ToSlash(file)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return "file://" + p
}

func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sidewaysJS lists the elements wider than the screen: reading them on a
// phone would mean scrolling the page sideways line by line (WCAG 1.4.10,
// reflow). A wide table may scroll inside a region of its own, as the
// coach's index does.
const sidewaysJS = `(() => {
  const w = document.documentElement.clientWidth;
  const scrolls = el => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const out = [];
  if (document.documentElement.scrollWidth > w + 1) {
    out.push('the page is ' + document.documentElement.scrollWidth + 'px wide, the screen ' + w + 'px');
  }
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1 && !scrolls(el)) {
      out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' reaches ' + Math.round(r.right) + 'px');
    }
  }
  return out.slice(0, 5);
})()`

// smallTextJS lists visible text set below 16 pt (21.33 CSS pixels), which
// large print must not have.
const smallTextJS = `(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || el.closest('.visually-hidden')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 21.3) out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' "' + n.textContent.trim().slice(0, 30) + '" at ' + (size * 0.75).toFixed(1) + 'pt');
  }
  return out.slice(0, 8);
})()`

// readingOrderJS lists headings that a screen reader reaches before a
// heading shown above them: the document order must be the visual order.
const readingOrderJS = `(() => {
  const out = [];
  let last = null;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const r = h.getBoundingClientRect();
    if (r.height === 0) continue;
    if (last && r.top + 1 < last.top) {
      out.push('"' + h.textContent.trim() + '" is shown above "' + last.text + '" but read after it');
    }
    last = {top: r.top, text: h.textContent.trim()};
  }
  return out;
})()`
