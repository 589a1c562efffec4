package web

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	stdsync "sync"
	"testing"
	"testing/fstest"
	"time"

	"sbcc/app"
	"sbcc/app/tlscert"
	"sbcc/app/ui"
)

type testClock struct {
	mu  stdsync.Mutex
	now time.Time
}

func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// fakeClock makes the password checks of this test run on a clock that
// only add moves.
func fakeClock(t *testing.T) *testClock {
	c := &testClock{now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	old := timeNow
	timeNow = func() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
	t.Cleanup(func() { timeNow = old })
	return c
}

// login posts to /api/Status on client with basic auth pw (none when
// empty) and cookie c (none when nil).
func login(t *testing.T, client *http.Client, url, pw string, c *http.Cookie) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/api/Status", strings.NewReader("[]"))
	req.Header.Set("Content-Type", "application/json")
	if pw != "" {
		req.SetBasicAuth("staff", pw)
	}
	if c != nil {
		req.AddCookie(c)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// TestLoginBackoff: wrong passwords from one address make it wait 1 s,
// 2 s, 4 s … before the next try is even looked at (even the right
// password), and the 1st, 2nd, 4th … failure is logged.
func TestLoginBackoff(t *testing.T) {
	clock := fakeClock(t)
	var logged bytes.Buffer
	srv, _ := newAuthServer(t, slog.New(slog.NewTextHandler(&logged, nil)))
	tried, refused := 0, 0
	for round := 0; round < 6; round++ {
		want := firstBackoff << round
		for range 30 { // a guesser that does not wait
			tried++
			r := login(t, http.DefaultClient, srv.URL, fmt.Sprintf("guess %d", tried), nil)
			if r.StatusCode == 429 {
				refused++
				if s, _ := strconv.Atoi(r.Header.Get("Retry-After")); time.Duration(s)*time.Second < want {
					t.Fatalf("round %d: Retry-After %q, want at least %v", round, r.Header.Get("Retry-After"), want)
				}
			} else if r.StatusCode != 401 {
				t.Fatalf("wrong password: %d", r.StatusCode)
			}
		}
		if r := login(t, http.DefaultClient, srv.URL, "correct horse battery", nil); r.StatusCode != 429 {
			t.Fatalf("round %d: the right password was looked at during the back-off: %d", round, r.StatusCode)
		}
		clock.add(want)
	}
	if refused != tried-6 {
		t.Fatalf("%d of %d guesses refused without a look; want all but one per back-off", refused, tried)
	}
	if n := strings.Count(logged.String(), "wrong password"); n != 3 { // failures 1, 2, 4
		t.Fatalf("%d log lines:\n%s", n, logged.String())
	}
	if r := login(t, http.DefaultClient, srv.URL, "correct horse battery", nil); r.StatusCode != 200 {
		t.Fatalf("right password after the back-off: %d", r.StatusCode)
	}
	t.Logf("%d guesses, %d refused unseen, %d looked at", tried, refused, tried-refused)
}

func newAuthServer(t *testing.T, log *slog.Logger) (*httptest.Server, string) {
	t.Helper()
	dir := t.TempDir()
	d, err := app.Open(dir, app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := SetPassword(dir, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	h, err := Handler(Options{API: ui.NewAPI(d, ui.APIOptions{}), DataDir: dir, Logger: log,
		Assets: fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>sbcc</title>")}}}, true)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, dir
}

// TestPasswordChangeEndsSessions: a password set while the server runs
// counts at once, and sessions opened under the old one end.
func TestPasswordChangeEndsSessions(t *testing.T) {
	fakeClock(t)
	srv, dir := newAuthServer(t, nil)
	r := login(t, http.DefaultClient, srv.URL, "correct horse battery", nil)
	if r.StatusCode != 200 || len(r.Cookies()) != 1 {
		t.Fatalf("login: %d", r.StatusCode)
	}
	old := r.Cookies()[0]
	if err := SetPassword(dir, "a new long shared secret"); err != nil {
		t.Fatal(err)
	}
	if r := login(t, http.DefaultClient, srv.URL, "", old); r.StatusCode != 401 {
		t.Fatalf("a session of the old password: %d", r.StatusCode)
	}
	if r := login(t, http.DefaultClient, srv.URL, "a new long shared secret", nil); r.StatusCode != 200 {
		t.Fatalf("the new password: %d", r.StatusCode)
	}
}

// TestHTTPSOffLoopback: beyond loopback the server speaks HTTPS only,
// with a certificate kept in the data folder whose fingerprint it reports
// and the façade returns; the session cookie is Secure.
func TestHTTPSOffLoopback(t *testing.T) {
	dir := t.TempDir()
	d, err := app.Open(dir, app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := SetPassword(dir, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	api := ui.NewAPI(d, ui.APIOptions{})
	serveOnce := func(check func(url, fp string)) {
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan [2]string, 1)
		done := make(chan error, 1)
		go func() {
			done <- Serve(ctx, "0.0.0.0:0", Options{API: api, DataDir: dir, Assets: fstest.MapFS{},
				Ready: func(url, fp string) { ready <- [2]string{url, fp} }})
		}()
		select {
		case r := <-ready:
			check(strings.Replace(r[0], "0.0.0.0", "127.0.0.1", 1), r[1])
		case err := <-done:
			t.Fatal(err)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	var first string
	serveOnce(func(url, fp string) {
		first = fp
		if !strings.HasPrefix(url, "https://") || len(fp) != 95 {
			t.Fatalf("%s %s", url, fp)
		}
		// Plain HTTP gets nothing useful.
		if r, err := http.Get(strings.Replace(url, "https", "http", 1)); err == nil && r.StatusCode < 400 {
			t.Fatalf("plain HTTP answered %d", r.StatusCode)
		}
		// A client that pins the fingerprint logs in; the cookie is Secure.
		r := login(t, pinned(fp), strings.TrimSuffix(url, "/"), "correct horse battery", nil)
		if r.StatusCode != 200 || len(r.Cookies()) != 1 || !r.Cookies()[0].Secure || !r.Cookies()[0].HttpOnly {
			t.Fatalf("login over HTTPS: %d %v", r.StatusCode, r.Cookies())
		}
		// The certificate names the address served.
		if r.TLS == nil || r.TLS.PeerCertificates[0].VerifyHostname("127.0.0.1") != nil {
			t.Fatal("the certificate does not name 127.0.0.1")
		}
		// A client that expects another certificate is refused.
		if _, err := pinned(strings.Repeat("00:", 31) + "00").Get(url); err == nil {
			t.Fatal("a wrong pin connected")
		}
	})
	if got, _ := api.Records.WebFingerprint(t.Context()); got != first {
		t.Fatalf("WebFingerprint %q, served %q", got, first)
	}
	if fi, err := os.Stat(filepath.Join(dir, tlscert.KeyFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi.Mode(), err)
	}
	serveOnce(func(_, fp string) {
		if fp != first {
			t.Fatalf("the certificate changed between runs: %s, then %s", first, fp)
		}
	})
}

// pinned is an HTTP client that trusts exactly the certificate with
// SHA-256 fingerprint fp.
func pinned(fp string) *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		InsecureSkipVerify: true,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 || tlscert.Of(raw[0]) != fp {
				return errors.New("not the pinned certificate")
			}
			return nil
		},
	}}}
}

// TestLargeBodiesTakeTurns: at most maxLarge large bodies are read at
// once; the next waits and, past largeWait, is told to come back; small
// bodies never wait.
func TestLargeBodiesTakeTurns(t *testing.T) {
	old := largeWait
	largeWait = time.Millisecond
	t.Cleanup(func() { largeWait = old })
	s := newLargeSlots()
	big := bytes.Repeat([]byte("x"), largeBody+1)
	var releases []func()
	for range maxLarge {
		data, release, err := s.readBody(context.Background(), bytes.NewReader(big))
		if err != nil || len(data) != len(big) {
			t.Fatal(err)
		}
		releases = append(releases, release)
	}
	if _, _, err := s.readBody(context.Background(), bytes.NewReader(big)); !errors.Is(err, errBusy) {
		t.Fatalf("a third large body: %v", err)
	}
	if data, _, err := s.readBody(context.Background(), strings.NewReader("[]")); err != nil || string(data) != "[]" {
		t.Fatalf("a small body waited: %v", err)
	}
	releases[0]()
	if _, release, err := s.readBody(context.Background(), bytes.NewReader(big)); err != nil {
		t.Fatalf("after a release: %v", err)
	} else {
		release()
	}
}

// TestBusyIs503: a large upload that gets no turn is a 503 with
// Retry-After, in plain words.
func TestBusyIs503(t *testing.T) {
	old := largeWait
	// Long enough that a slow upload never loses its turn to one of the
	// probing requests below (they hold a turn for milliseconds), short
	// enough for the test: the probe that finds both turns taken waits
	// this long for its 503.
	largeWait = 2 * time.Second
	t.Cleanup(func() { largeWait = old })
	srv, _, _ := newServer(t, false)
	slow := make([]chan struct{}, maxLarge)
	var wg stdsync.WaitGroup
	for i := range slow {
		slow[i] = make(chan struct{})
		pr, pw := io.Pipe()
		go func() {
			pw.Write([]byte(`["` + strings.Repeat("x", largeBody)))
			<-slow[i]
			pw.Write([]byte(`"]`))
			pw.Close()
		}()
		wg.Go(func() {
			resp, err := http.Post(srv.URL+"/api/Search", "application/json", pr)
			if err == nil {
				resp.Body.Close()
			}
		})
	}
	// The two slow uploads hold both turns once the server read their
	// first MiB; a third is refused.
	var resp *http.Response
	deadline := time.Now().Add(30 * time.Second)
	for {
		if time.Now().After(deadline) {
			t.Fatal("no 503 within 30 s while two slow uploads should hold both turns")
		}
		var err error
		resp, err = http.Post(srv.URL+"/api/Search", "application/json", bytes.NewReader(append([]byte(`["`), bytes.Repeat([]byte("y"), largeBody+10)...)))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode == 503 {
			break
		}
		resp.Body.Close()
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "busy with other large files") {
		t.Fatalf("%s %s", resp.Header, body)
	}
	for _, c := range slow {
		close(c)
	}
	wg.Wait()
}
