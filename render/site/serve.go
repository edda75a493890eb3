package site

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
)

// EventsPath is where a served page listens for rebuilds.
const EventsPath = "/_rapport/events"

// Server serves a built destination for previewing, with live reload: every
// HTML page it sends carries a small script that listens on EventsPath and
// reloads the page after each rebuild. The script is added as the page is
// served; built files never contain it.
type Server struct {
	dir string

	mu   sync.Mutex
	gen  int // counts rebuilds; a page reloads when it changes
	subs map[chan int]struct{}
	done chan struct{}
}

// NewServer serves the files in dir.
func NewServer(dir string) *Server {
	return &Server{dir: dir, subs: map[chan int]struct{}{}, done: make(chan struct{})}
}

// Reload tells every open page that the site was rebuilt.
func (s *Server) Reload() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	for ch := range s.subs {
		select {
		case ch <- s.gen:
		default: // that page already has a reload coming
		}
	}
}

// Close ends the event streams of open pages, so the server can shut down.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

func (s *Server) generation() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen
}

// ServeHTTP serves the event stream, HTML pages with the reload script, and
// other files as they are. Hidden files, such as the build manifest, are not
// served.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == EventsPath {
		s.events(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") {
			http.NotFound(w, r)
			return
		}
	}
	// Files are read through a root on the folder, so a link in it cannot
	// serve a file from elsewhere on the computer.
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer root.Close()
	name := strings.TrimPrefix(p, "/")
	if name == "" {
		name = "."
	}
	if fi, err := root.Stat(name); err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
	}
	if !strings.HasSuffix(name, ".html") {
		w.Header().Set("Cache-Control", "no-store")
		http.ServeFileFS(w, r, root.FS(), name)
		return
	}
	data, err := root.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(injectReload(data, s.generation()))
}

// reloadScript reloads the page when the build generation differs from the
// one it was served at; EventSource reconnects by itself if serve restarts.
const reloadScript = `<script>/* added by rapport serve: live reload */(function(){var g=%d;var es=new EventSource(%q);es.onmessage=function(e){if(+e.data!==g){es.close();location.reload();}};})();</script>`

// injectReload adds the reload script before the page's closing body tag,
// or at its end.
func injectReload(page []byte, gen int) []byte {
	script := fmt.Sprintf(reloadScript, gen, EventsPath)
	i := lastIndexBodyEnd(page)
	if i < 0 {
		return append(page, script...)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

// lastIndexBodyEnd is where the page's last </body> tag, in any case,
// starts, or -1. The page is searched as written: lower-casing a copy would
// move positions wherever a letter's lower case has another length (Ⱥ, İ).
func lastIndexBodyEnd(page []byte) int {
	const tag = "</body>"
	for end := len(page); ; {
		i := bytes.LastIndex(page[:end], []byte("</"))
		if i < 0 {
			return -1
		}
		if len(page)-i >= len(tag) && asciiEqualFold(page[i:i+len(tag)], tag) {
			return i
		}
		end = i
	}
}

// asciiEqualFold reports whether b is s, ignoring the case of ASCII letters
// only, as HTML does for tag names.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// events streams the build generation as Server-Sent Events: once on
// connecting, then after every rebuild.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan int, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	gen := s.gen
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, "data: %d\n\n", gen)
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case gen := <-ch:
			fmt.Fprintf(w, "data: %d\n\n", gen)
			flusher.Flush()
		}
	}
}
