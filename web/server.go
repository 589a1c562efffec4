package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
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
	stdsync "sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"sbcc/app"
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
	// API is the façade to mirror. Required.
	API *app.API
	// Bus feeds /api/events; the stream only sends heartbeats when nil.
	Bus *app.Bus
	// Assets is the built frontend (index.html at its root). Required.
	Assets fs.FS
	// DataDir holds the password hash. Required for non-loopback addresses.
	DataDir string
	// Logger receives request errors; discarded when nil.
	Logger *slog.Logger
	// Ready, when set, is called with the URL once the server listens.
	Ready func(url string)
}

// Serve serves the UI on addr (DefaultAddr when empty) until ctx ends.
// On an address other than loopback it requires the password set with
// SetPassword and fails with ErrNoPassword when there is none.
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
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	if opts.Ready != nil {
		opts.Ready("http://" + ln.Addr().String() + "/")
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
	if opts.API == nil || opts.Assets == nil {
		return nil, errors.New("web: Options.API and Options.Assets are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	ms := methods(opts.API)
	if auth {
		ms = withoutAdmin(ms)
	}
	mux.Handle("POST /api/{name}", apiHandler(ms, opts.Logger))
	mux.Handle("GET /api/socket", socketHandler(ms, opts.Logger))
	mux.Handle("GET /api/events", eventsHandler(opts.Bus))
	mux.Handle("GET /", staticHandler(opts.Assets))
	var h http.Handler = mux
	if auth {
		hash, err := os.ReadFile(filepath.Join(opts.DataDir, PasswordFile))
		if errors.Is(err, os.ErrNotExist) {
			return nil, ErrNoPassword
		}
		if err != nil {
			return nil, err
		}
		h = &authHandler{next: mux, hash: hash, sessions: map[string]time.Time{}}
	} else {
		h = loopbackOnly(mux)
	}
	return secure(h), nil
}

// SetPassword stores the bcrypt hash of password in dataDir.
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
	return os.WriteFile(filepath.Join(dataDir, PasswordFile), hash, 0o600)
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

const sessionCookie = "sbcc_session"

// authHandler asks for the password with basic auth, then keeps a session
// cookie so that bcrypt runs once per session, not once per keystroke.
type authHandler struct {
	next     http.Handler
	hash     []byte
	mu       stdsync.Mutex
	sessions map[string]time.Time // token → expiry
}

func (a *authHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && a.valid(c.Value) {
		a.next.ServeHTTP(w, r)
		return
	}
	_, pw, ok := r.BasicAuth()
	if !ok || bcrypt.CompareHashAndPassword(a.hash, []byte(pw)) != nil {
		w.Header().Set("WWW-Authenticate", `Basic realm="sbcc", charset="UTF-8"`)
		http.Error(w, "the sbcc password is required", http.StatusUnauthorized)
		return
	}
	tok := a.newSession()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: 12 * 3600})
	a.next.ServeHTTP(w, r)
}

func (a *authHandler) valid(tok string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	for t, exp := range a.sessions {
		if subtle.ConstantTimeCompare([]byte(t), []byte(tok)) == 1 {
			return now.Before(exp)
		}
	}
	return false
}

func (a *authHandler) newSession() string {
	b := make([]byte, 32)
	rand.Read(b)
	tok := hex.EncodeToString(b)
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	for t, exp := range a.sessions {
		if now.After(exp) {
			delete(a.sessions, t)
		}
	}
	a.sessions[tok] = now.Add(12 * time.Hour)
	return tok
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

// eventsHandler streams bus events as server-sent events.
func eventsHandler(bus *app.Bus) http.HandlerFunc {
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
		ch := make(chan app.Event, 64)
		if bus != nil {
			cancel := bus.Subscribe(func(e app.Event) {
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
