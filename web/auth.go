package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/bits"
	"net"
	"net/http"
	"os"
	stdsync "sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

const sessionCookie = "sbcc_session"

// sessionLife is how long a session cookie lasts.
const sessionLife = 12 * time.Hour

// firstBackoff is the wait after one wrong password from an address; it
// doubles with each further one up to maxBackoff.
const (
	firstBackoff = time.Second
	maxBackoff   = 5 * time.Minute
)

// authHandler asks for the password with basic auth, then keeps a session
// cookie so that bcrypt runs once per session, not once per keystroke.
//
// The password hash is read from its file on every request, so a password
// set with `sbcc web --set-password` while the server runs counts at once;
// a session belongs to the hash it was opened under and ends when the
// password changes. Wrong passwords from one client address make it wait
// firstBackoff, then twice as long after each further one (up to
// maxBackoff), answered 429 without running bcrypt meanwhile; the 1st,
// 2nd, 4th, 8th … failure of an address is logged.
type authHandler struct {
	next     http.Handler
	file     string // the password hash
	log      *slog.Logger
	now      func() time.Time
	mu       stdsync.Mutex
	sessions map[string]session // token → session
	failures map[string]*failure
}

type session struct {
	expires time.Time
	hash    string // the password hash it was opened under
}

// failure counts the wrong passwords of one client address since its
// last right one.
type failure struct {
	count int
	until time.Time // no try is looked at before
}

// timeNow is the clock of new authHandlers; tests move it.
var timeNow = time.Now

func newAuth(next http.Handler, file string, log *slog.Logger) *authHandler {
	return &authHandler{next: next, file: file, log: log, now: func() time.Time { return timeNow() },
		sessions: map[string]session{}, failures: map[string]*failure{}}
}

func (a *authHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hash, err := os.ReadFile(a.file)
	if err != nil {
		a.log.Error("web: the password file cannot be read", "err", err)
		msg := "the web password cannot be read; set it again with `sbcc web --set-password`"
		if !errors.Is(err, os.ErrNotExist) {
			msg = fmt.Sprintf("%s (%v)", msg, err)
		}
		http.Error(w, msg, http.StatusServiceUnavailable)
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil && a.valid(c.Value, string(hash)) {
		a.next.ServeHTTP(w, r)
		return
	}
	client := clientAddr(r)
	if wait := a.waiting(client); wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Round(time.Second)/time.Second)+1))
		http.Error(w, fmt.Sprintf("too many wrong passwords from %s: try again in %s", client, wait.Round(time.Second)), http.StatusTooManyRequests)
		return
	}
	_, pw, ok := r.BasicAuth()
	if !ok || bcrypt.CompareHashAndPassword(hash, []byte(pw)) != nil {
		if ok {
			a.failed(client)
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="sbcc", charset="UTF-8"`)
		http.Error(w, "the sbcc password is required", http.StatusUnauthorized)
		return
	}
	a.mu.Lock()
	delete(a.failures, client)
	a.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: a.newSession(string(hash)), Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: int(sessionLife / time.Second)})
	a.next.ServeHTTP(w, r)
}

// clientAddr is the IP address a request came from.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// waiting is how long client must still wait before its next try counts.
func (a *authHandler) waiting(client string) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f := a.failures[client]; f != nil {
		return max(f.until.Sub(a.now()), 0)
	}
	return 0
}

// failed counts a wrong password from client and logs the 1st, 2nd, 4th,
// 8th … in a row.
func (a *authHandler) failed(client string) {
	a.mu.Lock()
	now := a.now()
	if len(a.failures) > 10000 { // forget addresses that stopped trying
		for c, f := range a.failures {
			if now.Sub(f.until) > time.Hour {
				delete(a.failures, c)
			}
		}
	}
	f := a.failures[client]
	if f == nil {
		f = &failure{}
		a.failures[client] = f
	}
	f.count++
	wait := min(firstBackoff<<min(f.count-1, 20), maxBackoff)
	f.until = now.Add(wait)
	count := f.count
	a.mu.Unlock()
	if bits.OnesCount(uint(count)) == 1 {
		a.log.Warn("web: wrong password", "client", client, "failures", count, "next try in", wait)
	}
}

// valid reports whether tok is a live session opened under hash; sessions
// of another hash (the password changed) are ended.
func (a *authHandler) valid(tok, hash string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	ok := false
	for t, s := range a.sessions {
		if s.hash != hash || now.After(s.expires) {
			delete(a.sessions, t)
			continue
		}
		if subtle.ConstantTimeCompare([]byte(t), []byte(tok)) == 1 {
			ok = true
		}
	}
	return ok
}

func (a *authHandler) newSession(hash string) string {
	b := make([]byte, 32)
	rand.Read(b)
	tok := hex.EncodeToString(b)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sessions[tok] = session{expires: a.now().Add(sessionLife), hash: hash}
	return tok
}
