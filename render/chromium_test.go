package render

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/rapport-coach/rapport/render/chromium"
)

const chromiumPath = "/usr/bin/chromium"

// TestHandoutsInChromium opens handouts of the example practice in headless
// Chromium, as a client would, and asserts that nothing is fetched and
// nothing complains. It saves a screen and a print screenshot of each in the
// test's temporary folder (and in $RAPPORT_SCREENSHOTS when set) for a
// person to look at.
func TestHandoutsInChromium(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("skipping the browser check: %s is not installed (Debian package chromium)", chromiumPath)
	}
	if testing.Short() {
		t.Skip("skipping the browser check in -short mode")
	}
	root := copyPractice(t, "../example-practice")
	p := openPractice(t, root)
	dest := filepath.Join(root, "public")
	if _, err := ClientHandouts(p, "eleni-papadopoulou", Options{Dest: dest, Today: exampleToday}); err != nil {
		t.Fatal(err)
	}
	shots := t.TempDir()

	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		append(chromium.Options(chromiumPath, t.TempDir()), chromedp.Flag("hide-scrollbars", true), chromedp.WindowSize(1000, 1200))...)
	defer cancel()
	browser, cancel := chromedp.NewContext(alloc)
	defer cancel()
	browser, cancel = context.WithTimeout(browser, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}

	for _, id := range []string{"agreement", "session-04", "reflection-04", "progress", "privacy"} {
		t.Run(id, func(t *testing.T) {
			file := filepath.Join(dest, "eleni-papadopoulou", id+".html")
			url := "file://" + file
			var mu sync.Mutex
			var complaints, requests []string
			tab, cancel := chromedp.NewContext(browser, chromedp.WithListener(func(ev any) {
				mu.Lock()
				defer mu.Unlock()
				switch ev := ev.(type) {
				case *network.EventRequestWillBeSent:
					if ev.Request.URL != url {
						requests = append(requests, ev.Request.URL)
					}
				case *runtime.EventConsoleAPICalled:
					complaints = append(complaints, fmt.Sprintf("console.%s", ev.Type))
				case *runtime.EventExceptionThrown:
					complaints = append(complaints, "exception: "+ev.ExceptionDetails.Text)
				case *cdplog.EventEntryAdded:
					if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
						complaints = append(complaints, fmt.Sprintf("%s: %s", ev.Entry.Level, ev.Entry.Text))
					}
				}
			}))
			defer cancel()
			if err := chromedp.Do(tab); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(tab, cdplog.Enable, cdp.Empty{}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(tab, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("footer.colophon"))); err != nil {
				t.Fatal(err)
			}
			title, err := chromedp.Run(tab, chromedp.Title())
			if err != nil {
				t.Fatal(err)
			}
			screen, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(tab, chromedp.EmulateViewport(794, 1123)); err != nil {
				t.Fatal(err)
			}
			print, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(requests) > 0 {
				t.Errorf("the handout made network requests: %s", strings.Join(requests, ", "))
			}
			if len(complaints) > 0 {
				t.Errorf("the browser complained: %s", strings.Join(complaints, "; "))
			}
			if !strings.Contains(title, "Ελένη Παπαδοπούλου") {
				t.Errorf("title = %q, want the client's name in it", title)
			}
			save(t, shots, id+".png", screen)
			save(t, shots, id+"-print.png", print)
		})
	}
	t.Logf("screenshots in %s", shots)
}

func save(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if len(data) < 1000 || string(data[1:4]) != "PNG" {
		t.Errorf("%s is not a PNG screenshot (%d bytes)", name, len(data))
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if extra := os.Getenv("RAPPORT_SCREENSHOTS"); extra != "" {
		if err := os.WriteFile(filepath.Join(extra, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
