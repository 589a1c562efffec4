package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"sbcc/app"
	"sbcc/app/bus"
	"sbcc/app/ui"
)

func newServer(t *testing.T, auth bool) (*httptest.Server, *app.Directory, *bus.Bus) {
	t.Helper()
	dir := t.TempDir()
	d, err := app.Open(dir, app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	bus := bus.New()
	t.Cleanup(app.ForwardCommits(d, bus))
	if auth {
		if err := SetPassword(dir, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
	}
	h, err := Handler(Options{API: ui.NewAPI(d, ui.APIOptions{}), Bus: bus, DataDir: dir,
		Assets: fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>sbcc</title>")}}}, auth)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, d, bus
}

func post(t *testing.T, url, body string) (int, map[string]any, http.Header) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out, resp.Header
}

func TestDispatch(t *testing.T) {
	srv, _, _ := newServer(t, false)
	for _, tc := range []struct {
		name, path, body string
		status           int
		code             string
	}{
		{"unknown method", "/api/NoSuchMethod", `[]`, 404, "not-found"},
		{"bad JSON", "/api/Search", `[{`, 400, "invalid"},
		{"not an array", "/api/Search", `{"query":"x"}`, 400, "invalid"},
		{"wrong arity", "/api/Actor", `["a","b"]`, 400, "invalid"},
		{"wrong type", "/api/Actor", `[42]`, 400, "invalid"},
		{"validation", "/api/SaveActor", `[{"kind":"organisation","email":"x"}]`, 400, "invalid"},
		{"not found", "/api/Actor", `["01nosuchrecord"]`, 404, "not-found"},
		{"not available", "/api/NetworkInvite", `[]`, 501, "not-available"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := post(t, srv.URL+tc.path, tc.body)
			if status != tc.status || body["code"] != tc.code || body["error"] == "" {
				t.Fatalf("got %d %v, want %d %s", status, body, tc.status, tc.code)
			}
			if tc.name == "validation" {
				ps, _ := body["problems"].([]any)
				if len(ps) != 2 {
					t.Fatalf("problems %v", body["problems"])
				}
			}
		})
	}
	status, body, _ := post(t, srv.URL+"/api/SaveActor", `[{"kind":"organisation","name":"Pracownia Łódź"}]`)
	if status != 200 || body["actor"].(map[string]any)["name"] != "Pracownia Łódź" {
		t.Fatalf("save: %d %v", status, body)
	}
	status, body, _ = post(t, srv.URL+"/api/Search", `[{"query":"lodz"}]`)
	if status != 200 || body["total"].(float64) != 1 {
		t.Fatalf("search: %d %v", status, body)
	}
	// A form cannot post JSON cross-site: other content types are refused.
	resp, _ := http.Post(srv.URL+"/api/Status", "text/plain", strings.NewReader(`[]`))
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("text/plain: %d", resp.StatusCode)
	}
}

func TestHeaders(t *testing.T) {
	srv, _, _ := newServer(t, false)
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows unsafe code: %q", csp)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	_, _, h := post(t, srv.URL+"/api/Status", `[]`)
	if h.Get("Content-Security-Policy") == "" {
		t.Error("API responses lack the CSP")
	}
}

func TestLoopbackRefusesForeignHost(t *testing.T) {
	srv, _, _ := newServer(t, false)
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.Host = "attacker.example:80"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Fatalf("foreign Host served: %d", resp.StatusCode)
	}
}

func TestPasswordBeyondLoopback(t *testing.T) {
	// Serve refuses a non-loopback address without a password.
	d, err := app.Open(t.TempDir(), app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	err = Serve(context.Background(), "0.0.0.0:0", Options{API: ui.NewAPI(d, ui.APIOptions{}), DataDir: d.Dir(), Assets: fstest.MapFS{}})
	if !errors.Is(err, ErrNoPassword) {
		t.Fatalf("Serve without password: %v", err)
	}

	clock := fakeClock(t)
	srv, _, _ := newServer(t, true)
	get := func(user, pw string, cookie *http.Cookie) *http.Response {
		req, _ := http.NewRequest("POST", srv.URL+"/api/Status", strings.NewReader("[]"))
		req.Header.Set("Content-Type", "application/json")
		req.Host = "sbcc.office.example" // any host is fine once authenticated
		if pw != "" {
			req.SetBasicAuth(user, pw)
		}
		if cookie != nil {
			req.AddCookie(cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := get("", "", nil); r.StatusCode != 401 || r.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("no password: %d", r.StatusCode)
	}
	if r := get("staff", "wrong password", nil); r.StatusCode != 401 {
		t.Fatalf("wrong password: %d", r.StatusCode)
	}
	clock.add(firstBackoff)
	r := get("staff", "correct horse battery", nil)
	if r.StatusCode != 200 || len(r.Cookies()) != 1 {
		t.Fatalf("right password: %d %v", r.StatusCode, r.Cookies())
	}
	c := r.Cookies()[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie %+v", c)
	}
	if r := get("", "", c); r.StatusCode != 200 {
		t.Fatalf("session cookie refused: %d", r.StatusCode)
	}
	if r := get("", "", &http.Cookie{Name: sessionCookie, Value: "forged"}); r.StatusCode != 401 {
		t.Fatalf("forged cookie: %d", r.StatusCode)
	}
	if err := SetPassword(t.TempDir(), "short"); err == nil {
		t.Fatal("short password accepted")
	}
}

func TestEventsStream(t *testing.T) {
	srv, _, _ := newServer(t, false)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	buf := make([]byte, 4096)
	n, _ := resp.Body.Read(buf) // the "connected" comment: subscribed from here on
	if !strings.Contains(string(buf[:n]), "connected") {
		t.Fatalf("first chunk %q", buf[:n])
	}
	post(t, srv.URL+"/api/SaveActor", `[{"kind":"organisation","name":"Eventful"}]`)
	var got strings.Builder
	for !strings.Contains(got.String(), "event: records") {
		n, err := resp.Body.Read(buf)
		if err != nil {
			t.Fatalf("stream ended before the event: %v (%q)", err, got.String())
		}
		got.Write(buf[:n])
	}
	if !strings.Contains(got.String(), `"kinds":["actor"]`) {
		t.Fatalf("event %q", got.String())
	}
}

// TestBadArgumentsInPlainWords: an argument of the wrong type is a 400
// naming the field in plain words, not the Go type it decodes into.
func TestBadArgumentsInPlainWords(t *testing.T) {
	srv, _, _ := newServer(t, false)
	status, body, _ := post(t, srv.URL+"/api/SaveActor", `[{"kind":"organisation","name":123}]`)
	msg, _ := body["error"].(string)
	if status != 400 || body["code"] != "invalid" || !strings.Contains(msg, "name: expected text, got a number") || strings.Contains(msg, "Go ") {
		t.Fatalf("%d %v", status, body)
	}
	ps, _ := body["problems"].([]any)
	if len(ps) != 1 || ps[0].(map[string]any)["field"] != "name" {
		t.Fatalf("problems %v", body["problems"])
	}
}
