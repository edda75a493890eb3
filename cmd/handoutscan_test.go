package cmd

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/rapport-coach/rapport/render"
)

// forbiddenTags could run code, fetch something or send something.
var forbiddenTags = map[string]bool{
	"script": true, "iframe": true, "frame": true, "object": true, "embed": true, "img": true, "image": true,
	"svg": true, "math": true, "link": true, "base": true, "form": true, "input": true, "button": true,
	"video": true, "audio": true, "source": true, "track": true, "picture": true, "portal": true, "template": true,
	"noscript": true, "applet": true, "meta:refresh": true,
}

// fetchingAttrs are attributes that make a browser load something.
var fetchingAttrs = map[string]bool{
	"src": true, "srcset": true, "action": true, "formaction": true, "background": true, "poster": true,
	"data": true, "codebase": true, "ping": true, "xlink:href": true, "lowsrc": true, "dynsrc": true,
}

// scanHandout reads a handout as a browser would and lists everything in it
// that could run, fetch or lead anywhere but the web and e-mail: a value
// from a record reaching the HTML unescaped shows up here as an element or
// attribute the layouts never write.
func scanHandout(data []byte) []string { return scanPage(data, false) }

// scanPage is scanHandout for any page of public/; the coach's index may
// link to the handouts beside it (relative links that stay inside public/).
func scanPage(data []byte, index bool) []string {
	var found []string
	bad := func(format string, args ...any) { found = append(found, fmt.Sprintf(format, args...)) }
	z := html.NewTokenizer(bytes.NewReader(data))
	styles, csp := 0, false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				bad("does not parse: %v", z.Err())
			}
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		name := tok.Data
		if forbiddenTags[name] {
			bad("a <%s> element", name)
		}
		if name == "style" {
			styles++
		}
		for _, a := range tok.Attr {
			key, val := strings.ToLower(a.Key), strings.ToLower(a.Val)
			switch {
			case strings.HasPrefix(key, "on"):
				bad("an event handler %s=%q on <%s>", a.Key, a.Val, name)
			case fetchingAttrs[key]:
				bad("a %s=%q on <%s>", a.Key, a.Val, name)
			case key == "href" && index && localLink(a.Val):
			case key == "href" && !render.SafeURL(a.Val):
				bad("a link to %q", a.Val)
			case key == "style" && (strings.Contains(val, "url(") || strings.Contains(val, "expression(") || strings.Contains(val, "@import")):
				bad("a style that fetches: %q", a.Val)
			case name == "meta" && key == "http-equiv" && val == "refresh":
				bad("a meta refresh")
			case name == "meta" && key == "http-equiv" && val == "content-security-policy":
				csp = true
			}
		}
	}
	// A handout has the page's own rules and the shared sheet; the
	// coach's index, one sheet.
	if want := map[bool]int{false: 2, true: 1}[index]; styles != want {
		bad("%d <style> elements, want the layout's %d", styles, want)
	}
	if !csp {
		bad("no Content-Security-Policy")
	}
	return found
}

// localLink is a relative link to a file beside or below the page.
func localLink(href string) bool {
	return href != "" && !strings.ContainsAny(href, ":\\") && !strings.HasPrefix(href, "/") && !strings.Contains(href, "..")
}

// scanHandouts scans every handout under dir.
func scanHandouts(dir string) (map[string][]string, int, error) {
	out := map[string][]string{}
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		if found := scanPage(data, filepath.Base(p) == "index.html" && filepath.Dir(p) == dir); len(found) > 0 {
			out[p] = found
		}
		return nil
	})
	return out, n, err
}

// TestScanHandout shows the scanner finds what it looks for, so a clean scan
// of the hostile practice means something.
func TestScanHandout(t *testing.T) {
	const head = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><style>@page{}</style><style>p{}</style></head><body>`
	tests := []struct {
		name, body string
		clean      bool
	}{
		{"clean", `<p>Hello &lt;script&gt; <a href="https://example.org">x</a> <a href="mailto:a@b">m</a></p>`, true},
		{"script", `<script>alert(1)</script>`, false},
		{"handler", `<p onclick="x()">p</p>`, false},
		{"javascript link", `<a href="javascript:alert(1)">x</a>`, false},
		{"relative link", `<a href="../coach/index.html">x</a>`, false},
		{"image", `<img src="https://tracker.example/p.gif">`, false},
		{"second style", `<style>body{background:url(https://x)}</style>`, false},
		{"style attribute fetch", `<p style="background:url(https://x)">p</p>`, false},
		{"iframe", `<iframe></iframe>`, false},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=https://x">`, false},
	}
	for _, tt := range tests {
		found := scanHandout([]byte(head + tt.body + "</body></html>"))
		if clean := len(found) == 0; clean != tt.clean {
			t.Errorf("%s: found %v, want clean=%v", tt.name, found, tt.clean)
		}
	}
	if found := scanHandout([]byte("<html><head><style></style></head></html>")); len(found) == 0 {
		t.Error("a handout without a Content-Security-Policy passed")
	}
}
