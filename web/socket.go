package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	stdsync "sync"

	"github.com/coder/websocket"

	"sbcc/app"
)

// The API over one WebSocket, beside POST /api/{name}. In Chromium each
// fetch passes through the browser's network machinery, some 5 ms on a
// two-core machine even for an empty answer; a message on an open socket
// takes about 1 ms (measured here: median 6.0 ms against 1.5 ms for an
// 8 KB answer), and search as you type makes one call per keystroke. The
// socket is served behind the same password or loopback check as the rest,
// and the library refuses an upgrade whose Origin is not this server.

// socketCall is one request on the socket: the method and its arguments,
// as in the POST API, with an id the answer repeats.
type socketCall struct {
	ID     uint64            `json:"id"`
	Method string            `json:"method"`
	Args   []json.RawMessage `json:"args"`
}

// socketReply answers one call: Result, or Error with the HTTP Status the
// POST API would have given. Answers may come in any order.
type socketReply struct {
	ID     uint64          `json:"id"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *app.ErrorBody  `json:"error,omitempty"`
	Status int             `json:"status"`
}

// maxSocketCalls is how many calls of one socket run at once; more wait
// (the socket is not read meanwhile).
const maxSocketCalls = 8

// socketHandler serves GET /api/socket: every text message is a
// socketCall, run at once in its own goroutine (a long import does not hold
// up a search) and answered with a socketReply.
// A message over largeBody waits for one of the large slots before it is
// read further, as a POST body does.
func socketHandler(live *Live, admin bool, large largeSlots, log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			log.Info("web: socket refused", "err", err)
			return
		}
		defer c.CloseNow()
		c.SetReadLimit(maxBody)
		running := make(chan struct{}, maxSocketCalls)
		// Calls still running when the socket closes are cancelled (ctx
		// ends with the socket: a long import stops) and waited for, so
		// none outlives the handler that started it.
		var calls stdsync.WaitGroup
		defer calls.Wait()
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		for {
			typ, rd, err := c.Reader(ctx)
			if err != nil {
				return
			}
			data, release, err := large.readBody(ctx, rd)
			if err != nil {
				c.Close(websocket.StatusTryAgainLater, err.Error())
				return
			}
			var call socketCall
			if typ != websocket.MessageText || json.Unmarshal(data, &call) != nil || call.Method == "" {
				release()
				c.Close(websocket.StatusUnsupportedData, "send JSON text messages {id, method, args}")
				return
			}
			running <- struct{}{}
			calls.Add(1)
			go func() {
				defer func() { <-running; calls.Done() }()
				defer release()
				out := live.invoke(ctx, admin, call.Method, call.Args)
				if out.panicked != nil {
					log.Error("web: API call panicked", "method", call.Method, "panic", out.panicked)
				}
				reply := socketReply{ID: call.ID, Status: out.status, Result: out.result, Error: out.err}
				if reply.Error == nil && reply.Result == nil {
					reply.Result = json.RawMessage("null")
				}
				raw, err := json.Marshal(reply)
				if err == nil {
					err = c.Write(ctx, websocket.MessageText, raw)
				}
				if err != nil && ctx.Err() == nil {
					log.Info("web: socket answer not sent", "method", call.Method, "err", err)
				}
			}()
		}
	}
}
