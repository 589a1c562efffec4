package web

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"sbcc/app/bus"
	"sbcc/app/tlscert"
	"sbcc/app/ui"
)

// DefaultAddr is where the server listens unless told otherwise.
const DefaultAddr = "127.0.0.1:8765"

// PasswordFile is the name of the file in the data folder that holds the
// bcrypt hash of the web password.
const PasswordFile = "web-password.bcrypt"

// CSP is the Content-Security-Policy of every response: scripts, styles
// and connections only from the server itself, no inline script, no frames.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// ErrNoPassword is returned by Serve for a non-loopback address when no
// password has been set.
var ErrNoPassword = errors.New("listening beyond this computer needs a password: set one with `sbcc web --set-password` (reads it from standard input)")

// Options configure Serve and Handler.
type Options struct {
	// API is the façade to mirror. Required unless Live is set.
	API *ui.API
	// Live, when set, is the façade to mirror instead of API: one that a
	// restore from backup replaces while the server runs.
	Live *Live
	// Bus feeds /api/events; the stream only sends heartbeats when nil.
	Bus *bus.Bus
	// Assets is the built frontend (index.html at its root). Required.
	Assets fs.FS
	// DataDir holds the password hash. Required for non-loopback addresses.
	DataDir string
	// Logger receives request errors; discarded when nil.
	Logger *slog.Logger
	// Ready, when set, is called with the URL once the server listens,
	// and for HTTPS the SHA-256 fingerprint of its certificate ("" for
	// plain HTTP on loopback).
	Ready func(url, fingerprint string)
}

// Serve serves the UI on addr (DefaultAddr when empty) until ctx ends.
// On an address other than loopback it requires the password set with
// SetPassword, failing with ErrNoPassword when there is none, and serves
// HTTPS with the data folder's self-signed certificate ([tlscert]), made
// on first use; loopback stays plain HTTP.
func Serve(ctx context.Context, addr string, opts Options) error {
	if addr == "" {
		addr = DefaultAddr
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("the address %q is not host:port: %w", addr, err)
	}
	loopback := isLoopbackHost(host)
	h, err := Handler(opts, !loopback)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	scheme, fingerprint := "http", ""
	if !loopback {
		cert, err := tlscert.LoadOrCreate(opts.DataDir, servedHosts(host))
		if err != nil {
			ln.Close()
			return err
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme, fingerprint = "https", tlscert.Of(cert.Leaf.Raw)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx },
		ErrorLog:    slog.NewLogLogger(opts.logger().Handler(), slog.LevelDebug)}
	if opts.Ready != nil {
		opts.Ready(scheme+"://"+ln.Addr().String()+"/", fingerprint)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
	return nil
}

// Handler returns the server's handler. With auth, every request needs the
// password (HTTP basic auth once, then a session cookie); without it, only
// requests addressed to a loopback host name are served.
func Handler(opts Options, auth bool) (http.Handler, error) {
	if opts.API == nil && opts.Live == nil || opts.Assets == nil {
		return nil, errors.New("web: Options.API (or Live) and Options.Assets are required")
	}
	opts.Logger = opts.logger()
	large := newLargeSlots()
	mux := http.NewServeMux()
	live := opts.Live
	if live == nil {
		live = NewLive(opts.API.Services()...)
	}
	mux.Handle("POST /api/{name}", apiHandler(live, !auth, large, opts.Logger))
	mux.Handle("GET /api/socket", socketHandler(live, !auth, large, opts.Logger))
	mux.Handle("GET /api/events", eventsHandler(opts.Bus))
	mux.Handle("GET /", staticHandler(opts.Assets))
	var h http.Handler = mux
	if auth {
		file := filepath.Join(opts.DataDir, PasswordFile)
		if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
			return nil, ErrNoPassword
		} else if err != nil {
			return nil, err
		}
		h = newAuth(mux, file, opts.Logger)
	} else {
		h = loopbackOnly(mux)
	}
	return secure(h), nil
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// servedHosts are the names and addresses the certificate must name for
// a server listening on host: host itself, or every address of this
// computer when host is unspecified (0.0.0.0, ::, "").
func servedHosts(host string) []string {
	ip := net.ParseIP(host)
	if host != "" && (ip == nil || !ip.IsUnspecified()) {
		return []string{host}
	}
	var out []string
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLinkLocalUnicast() {
			out = append(out, n.IP.String())
		}
	}
	return out
}

// SetPassword stores the bcrypt hash of password in dataDir. A server
// that runs takes it at once and ends the sessions opened under the old
// one.
func SetPassword(dataDir, password string) error {
	if len(password) < 10 {
		return errors.New("the password must have at least 10 characters")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	tmp := filepath.Join(dataDir, PasswordFile+".tmp")
	if err := os.WriteFile(tmp, hash, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dataDir, PasswordFile))
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// secure adds the security headers to every response.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// loopbackOnly refuses requests whose Host is not a loopback name, so that
// a web page whose domain was rebound to 127.0.0.1 cannot call the API.
func loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.Trim(host, "[]")
		if !isLoopbackHost(host) {
			http.Error(w, "this server only answers requests addressed to 127.0.0.1 or localhost", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// staticHandler serves the built frontend; hashed assets are cached for good.
func staticHandler(assets fs.FS) http.Handler {
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}

// eventsHandler streams the notices of b as server-sent events.
func eventsHandler(b *bus.Bus) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		fl, ok := w.(http.Flusher)
		if !ok {
			http.Error(w, "streaming is not supported", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/event-stream")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Accel-Buffering", "no")
		ch := make(chan bus.Notice, 64)
		if b != nil {
			cancel := b.Subscribe(func(e bus.Notice) {
				select {
				case ch <- e:
				default: // a slow client misses events; it reloads on the next one
				}
			})
			defer cancel()
		}
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, "retry: 2000\n: connected\n\n")
		fl.Flush()
		tick := time.NewTicker(25 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
				fmt.Fprint(w, ": ping\n\n")
			case e := <-ch:
				raw, err := json.Marshal(e.Data)
				if err != nil {
					continue
				}
				fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Name, raw)
			}
			fl.Flush()
		}
	}
}
