package site

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestLocalOnlyPort80: browsers leave port 80 out of Host.
func TestLocalOnlyPort80(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("handout")) })
	for host, want := range map[string]int{
		"localhost": 200, "127.0.0.1": 200, "[::1]": 200, "localhost:80": 200,
		"evil.example": 421, "localhost:8080": 421, "": 421, "[::1": 421, "::1]": 421,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = host
		w := httptest.NewRecorder()
		LocalOnly(ok, "127.0.0.1", 80).ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("Host %q on port 80: status %d, want %d", host, w.Code, want)
		}
	}
}

func TestLocalOnly(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("handout")) })
	for _, tc := range []struct {
		name         string
		bind         string
		host, origin string
		path         string
		want         int
	}{
		{"127.0.0.1", "127.0.0.1", "127.0.0.1:1414", "", "/", 200},
		{"localhost", "127.0.0.1", "localhost:1414", "", "/", 200},
		{"LOCALHOST", "127.0.0.1", "LOCALHOST:1414", "", "/", 200},
		{"[::1]", "::1", "[::1]:1414", "", "/", 200},
		{"another loopback address", "127.0.0.1", "127.0.0.2:1414", "", "/", 200},
		{"events from its own page", "127.0.0.1", "localhost:1414", "http://localhost:1414", EventsPath, 200},
		{"events from the other loopback name", "127.0.0.1", "127.0.0.1:1414", "http://localhost:1414", EventsPath, 200},

		{"rebound name", "127.0.0.1", "evil.example:1414", "", "/", 421},
		{"name ending like localhost", "127.0.0.1", "localhost.evil.example:1414", "", "/", 421},
		{"name starting like localhost", "127.0.0.1", "127.0.0.1.nip.io:1414", "", "/", 421},
		{"missing Host", "127.0.0.1", "", "", "/", 421},
		{"no port", "127.0.0.1", "localhost", "", "/", 421},
		{"another port", "127.0.0.1", "localhost:8080", "", "/", 421},
		{"zone in address", "::1", "[::1%25lo]:1414", "", "/", 421},
		{"events from another site", "127.0.0.1", "localhost:1414", "https://evil.example", EventsPath, 403},
		{"events from a rebound page", "127.0.0.1", "localhost:1414", "http://evil.example:1414", EventsPath, 403},
		{"events from another local port", "127.0.0.1", "localhost:1414", "http://localhost:3000", EventsPath, 403},
		{"events from a file", "127.0.0.1", "localhost:1414", "null", EventsPath, 403},
		{"page from another site", "127.0.0.1", "localhost:1414", "https://evil.example", "/", 403},

		{"bound to a LAN address", "192.168.1.5", "192.168.1.5:1414", "", "/", 200},
		{"bound to a LAN address, its page's events", "192.168.1.5", "192.168.1.5:1414", "http://192.168.1.5:1414", EventsPath, 200},
		{"bound to a LAN address, a name", "192.168.1.5", "evil.example:1414", "", "/", 421},
		{"bound to a LAN address, another address", "192.168.1.5", "192.168.1.6:1414", "", "/", 421},
		{"bound to every address, an address", "0.0.0.0", "10.0.0.7:1414", "", "/", 200},
		{"bound to every address, a name", "0.0.0.0", "evil.example:1414", "", "/", 421},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tc.path, nil)
			r.Host = tc.host
			if tc.origin != "" {
				r.Header.Set("Origin", tc.origin)
			}
			w := httptest.NewRecorder()
			LocalOnly(ok, tc.bind, 1414).ServeHTTP(w, r)
			if w.Code != tc.want {
				t.Errorf("status %d, want %d (%s)", w.Code, tc.want, w.Body)
			}
			if tc.want != 200 && w.Body.String() == "handout" {
				t.Error("the handout was sent")
			}
		})
	}
}

// TestLocalOnlyOverHTTP sends real requests with a forged Host to a real
// server, as a rebinding page's browser would.
func TestLocalOnlyOverHTTP(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<body>every client</body>"), 0o644)
	srv := httptest.NewUnstartedServer(nil)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	srv.Config.Handler = LocalOnly(NewServer(dir), "127.0.0.1", port)
	srv.Start()
	defer srv.Close()
	for host, want := range map[string]int{
		"": 200, "evil.example:" + strconv.Itoa(port): 421, "localhost.evil.example:" + strconv.Itoa(port): 421,
	} {
		req, _ := http.NewRequest("GET", srv.URL+"/", nil)
		if host != "" {
			req.Host = host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %q: status %d, want %d", host, resp.StatusCode, want)
		}
	}
}
