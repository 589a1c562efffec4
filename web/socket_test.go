package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"sbcc/app/bus"
	"sbcc/app/transfer"
)

func dialSocket(t *testing.T, url string, h http.Header) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/api/socket", &websocket.DialOptions{HTTPHeader: h})
}

// TestSocketAnswersLikePost sends calls on one socket without waiting and
// checks every answer against the same call made with POST.
func TestSocketAnswersLikePost(t *testing.T) {
	srv, _, _ := newServer(t, false)
	c, _, err := dialSocket(t, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	calls := []struct {
		method, args string
		status       int
		code         string
	}{
		{"SaveActor", `[{"kind":"organisation","name":"Studija Rūta","country":"LT"}]`, 200, ""},
		{"Search", `[{"query":"ruta","limit":5}]`, 200, ""},
		{"Meta", `[]`, 200, ""},
		{"Actor", `["01nosuchrecord"]`, 404, "not-found"},
		{"SaveActor", `[{"kind":"organisation","email":"x"}]`, 400, "invalid"},
		{"NoSuchMethod", `[]`, 404, "not-found"},
		{"Actor", `["a","b"]`, 400, "invalid"},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// The save goes first and alone, so that the search after it finds it.
	send := func(i int) {
		msg := fmt.Sprintf(`{"id":%d,"method":%q,"args":%s}`, i+1, calls[i].method, calls[i].args)
		if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	read := func() socketReply {
		_, data, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var r socketReply
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		return r
	}
	send(0)
	replies := map[uint64]socketReply{}
	r := read()
	replies[r.ID] = r
	for i := 1; i < len(calls); i++ {
		send(i)
	}
	for len(replies) < len(calls) {
		r := read()
		if _, dup := replies[r.ID]; dup {
			t.Fatalf("two answers to call %d", r.ID)
		}
		replies[r.ID] = r
	}
	for i, tc := range calls {
		r := replies[uint64(i+1)]
		if r.Status != tc.status {
			t.Fatalf("%s %s: status %d, want %d (%+v)", tc.method, tc.args, r.Status, tc.status, r.Error)
		}
		if tc.code != "" {
			if r.Error == nil || r.Error.Code != tc.code || r.Error.Error == "" || r.Result != nil {
				t.Fatalf("%s %s: %+v, want error %s", tc.method, tc.args, r, tc.code)
			}
			status, body, _ := post(t, srv.URL+"/api/"+tc.method, tc.args)
			if status != r.Status || body["code"] != r.Error.Code || body["error"] != r.Error.Error {
				t.Fatalf("%s: POST gave %d %v, the socket %d %+v", tc.method, status, body, r.Status, r.Error)
			}
			continue
		}
		if r.Error != nil || len(r.Result) == 0 {
			t.Fatalf("%s: %+v", tc.method, r)
		}
	}
	var found struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(replies[2].Result, &found); err != nil || found.Total != 1 {
		t.Fatalf("search after save over the socket: %s", replies[2].Result)
	}
}

func TestSocketRefusesOtherOrigins(t *testing.T) {
	srv, _, _ := newServer(t, false)
	_, resp, err := dialSocket(t, srv.URL, http.Header{"Origin": {"https://evil.example"}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a page of another origin opened the socket: %v %v", err, resp)
	}
}

func TestSocketNeedsThePassword(t *testing.T) {
	srv, _, _ := newServer(t, true)
	if _, resp, err := dialSocket(t, srv.URL, nil); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the socket opened without the password: %v %v", err, resp)
	}
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("office:correct horse battery"))
	c, _, err := dialSocket(t, srv.URL, http.Header{"Authorization": {auth}})
	if err != nil {
		t.Fatal(err)
	}
	c.CloseNow()
}

func TestSocketClosesOnGarbage(t *testing.T) {
	srv, _, _ := newServer(t, false)
	for _, msg := range []struct {
		typ  websocket.MessageType
		data string
	}{
		{websocket.MessageText, `{"id":1,`},
		{websocket.MessageText, `{"id":1}`},
		{websocket.MessageBinary, `{"id":1,"method":"Meta","args":[]}`},
	} {
		c, _, err := dialSocket(t, srv.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := c.Write(ctx, msg.typ, []byte(msg.data)); err != nil {
			t.Fatal(err)
		}
		_, _, err = c.Read(ctx)
		cancel()
		if websocket.CloseStatus(err) != websocket.StatusUnsupportedData {
			t.Fatalf("%q: %v, want the socket closed as unsupported data", msg.data, err)
		}
		c.CloseNow()
	}
}

// TestClosedSocketCancelsImport: closing the socket cancels the calls it
// started. An import of a large file stops at a batch boundary instead of
// running to its end: what it committed is whole batches, its log counts
// exactly the actors saved, and undoing it leaves none.
func TestClosedSocketCancelsImport(t *testing.T) {
	srv, d, b := newServer(t, false)
	const rows = 50_000
	var csv strings.Builder
	csv.WriteString("Pavadinimas,El. paštas,Miestas\n")
	for i := range rows {
		fmt.Fprintf(&csv, "Studija %d,info%d@studija.lt,Rietavas\n", i, i)
	}
	args, _ := json.Marshal([]any{"nariai.csv", base64.StdEncoding.EncodeToString([]byte(csv.String()))})
	status, body, _ := post(t, srv.URL+"/api/ImportOpen", string(args))
	if status != 200 {
		t.Fatalf("ImportOpen: %d %v", status, body)
	}
	tok := body["token"].(string)
	committed := make(chan struct{}, 1)
	t.Cleanup(b.Subscribe(func(n bus.Notice) {
		if n.Name == bus.Records {
			select {
			case committed <- struct{}{}:
			default:
			}
		}
	}))
	c, _, err := dialSocket(t, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	call := fmt.Sprintf(`{"id":1,"method":"ImportRun","args":[%q,false,"skip"]}`, tok)
	if err := c.Write(ctx, websocket.MessageText, []byte(call)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-committed: // the first batch is in: the import runs
	case <-ctx.Done():
		t.Fatal("no batch of the import was committed")
	}
	c.CloseNow()
	// The file stays open after a failed run; while the run goes on, the
	// file cannot be changed.
	for {
		status, body, _ = post(t, srv.URL+"/api/ImportSetMapping", fmt.Sprintf(`[%q, {}]`, tok))
		if msg, _ := body["error"].(string); !strings.Contains(msg, "being imported") {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the import went on after its socket closed")
		case <-time.After(20 * time.Millisecond):
		}
	}
	counts, err := d.Counts()
	if err != nil {
		t.Fatal(err)
	}
	n := counts["actor"]
	if n == 0 || n >= rows || n%1000 != 0 {
		t.Fatalf("%d of %d actors saved: want whole batches of 1000, fewer than the file's rows", n, rows)
	}
	logs, err := transfer.Imports(d)
	if err != nil || len(logs) != 1 || logs[0].Created != n {
		t.Fatalf("import log %+v (%v): want one import that created %d", logs, err, n)
	}
	if _, err := transfer.UndoImport(t.Context(), d, logs[0].ID); err != nil {
		t.Fatal(err)
	}
	if counts, _ = d.Counts(); counts["actor"] != 0 {
		t.Fatalf("%d actors left after undoing the cut import", counts["actor"])
	}
}
