package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync/atomic"

	"sbcc/app"
)

// Window is what the desktop window binds (Wails): one method, Call, that
// runs a method of Surface the way the socket does, with the window's
// context, so that closing the window cancels long work. Wails cannot hand
// a context to a bound method itself, and binding the façade directly
// would expose every exported method rather than the declared surface.
type Window struct {
	live *Live
	log  *slog.Logger
	ctx  atomic.Pointer[context.Context]
}

// NewWindow returns the window's bridge to the façade services (see
// [Options.API]); calls fail until [OpenWindow] gives it a context.
func NewWindow(log *slog.Logger, services ...any) *Window {
	return NewWindowOn(log, NewLive(services...))
}

// NewWindowOn returns the window's bridge to the façade in live, which a
// restore from backup replaces while the window is open.
func NewWindowOn(log *slog.Logger, live *Live) *Window {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Window{live: live, log: log}
}

// OpenWindow gives w the window's context: calls run with it, and end
// when it does. It is a function rather than a method so that Wails does
// not bind it.
func OpenWindow(w *Window, ctx context.Context) { w.ctx.Store(&ctx) }

// WindowError is the answer the window shows for an error of Call or of
// any other bound call: the same body as over HTTP.
func WindowError(err error) any {
	if ce, ok := errors.AsType[*callError](err); ok {
		return ce.body
	}
	_, body := app.DescribeError(err)
	return body
}

// callError carries the body of a failed call to WindowError.
type callError struct{ body app.ErrorBody }

func (e *callError) Error() string { return e.body.Error }

// Call runs the method name of Surface with args (one JSON value per
// argument) and returns its JSON answer.
func (w *Window) Call(name string, args []json.RawMessage) (json.RawMessage, error) {
	ctx := w.ctx.Load()
	if ctx == nil {
		return nil, &callError{app.ErrorBody{Error: "the window is not open yet", Code: "internal"}}
	}
	out := w.live.invoke(*ctx, true, name, args)
	if out.panicked != nil {
		w.log.Error("web: window call panicked", "method", name, "panic", out.panicked)
	}
	if out.err != nil {
		return nil, &callError{*out.err}
	}
	if out.result == nil {
		return json.RawMessage("null"), nil
	}
	return out.result, nil
}
