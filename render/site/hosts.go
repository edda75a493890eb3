package site

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// LocalOnly answers only requests addressed to this computer: the Host
// must be a loopback name or address (localhost, 127.0.0.1, [::1]) with
// the port the server listens on, or bind, the address it was told to
// listen on, when that is not loopback (every IP address, when it is the
// unspecified 0.0.0.0 or ::). That stops DNS rebinding: a web page whose
// name is made to resolve to 127.0.0.1 still sends its own name as Host.
// A request that carries an Origin must come from one of those same
// addresses, so another site cannot listen for rebuilds either. Anything
// else gets 421 (wrong Host) or 403 (wrong Origin).
func LocalOnly(h http.Handler, bind string, port int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowedHost(r.Host, bind, port) {
			http.Error(w, "rapport serve answers only requests for this computer, such as http://localhost:"+strconv.Itoa(port)+"/", http.StatusMisdirectedRequest)
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" && !allowedOrigin(origin, bind, port) {
			http.Error(w, "rapport serve answers only its own pages", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// allowedHost reports whether hostport names this server.
func allowedHost(hostport, bind string, port int) bool {
	host, p, err := net.SplitHostPort(hostport)
	if err != nil && port == 80 {
		// A browser leaves HTTP's own port out of Host: "localhost",
		// "[::1]".
		if inner, ok := strings.CutPrefix(hostport, "["); ok && strings.HasSuffix(inner, "]") {
			host, p, err = strings.TrimSuffix(inner, "]"), "80", nil
		} else if hostport != "" && !strings.ContainsAny(hostport, ":[]") {
			host, p, err = hostport, "80", nil
		}
	}
	if err != nil || p != strconv.Itoa(port) {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	if ip == nil || strings.Contains(host, "%") {
		return false // a name other than localhost is what rebinding uses
	}
	if ip.IsLoopback() {
		return true
	}
	b := net.ParseIP(bind)
	if b == nil {
		return false
	}
	// An IP address cannot be rebound, so when serving on every address
	// any of them is fine.
	return b.Equal(ip) || b.IsUnspecified()
}

// allowedOrigin reports whether origin is a page of this server.
func allowedOrigin(origin, bind string, port int) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" || u.Path != "" || u.User != nil {
		return false
	}
	return allowedHost(u.Host, bind, port)
}
