package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"reflect"
	"runtime/debug"
	"time"

	"sbcc/app"
	"sbcc/app/transfer"
)

// maxBody bounds an API request: a file to import (at most
// transfer.MaxImportSize) travels in one as base64, a third larger.
const maxBody = 72 << 20

var (
	errorType   = reflect.TypeFor[error]()
	contextType = reflect.TypeFor[context.Context]()
)

// method is one exported method of the façade.
type method struct {
	fn   reflect.Value
	in   []reflect.Type // the arguments after the context
	out  []reflect.Type
	name string
}

// methods returns the methods named in Surface, by name, found on the
// services (the façade's types). A name with no such method, or one whose
// first argument is not a context.Context, is left out, and a name found
// on two services is taken from the first (TestSurfaceExists keeps the
// list true).
func methods(services ...any) map[string]method {
	out := map[string]method{}
	for _, name := range Surface {
		for _, svc := range services {
			if x, ok := methodOf(svc, name); ok {
				if _, dup := out[name]; !dup {
					out[name] = x
				}
			}
		}
	}
	return out
}

// methodOf returns the method name of svc, if it has one that takes a
// context first.
func methodOf(svc any, name string) (method, bool) {
	v := reflect.ValueOf(svc)
	m, ok := v.Type().MethodByName(name)
	if !ok {
		return method{}, false
	}
	fn := v.Method(m.Index)
	ft := fn.Type()
	if ft.NumIn() == 0 || ft.In(0) != contextType {
		return method{}, false
	}
	x := method{fn: fn, name: m.Name}
	for j := 1; j < ft.NumIn(); j++ {
		x.in = append(x.in, ft.In(j))
	}
	for j := range ft.NumOut() {
		x.out = append(x.out, ft.Out(j))
	}
	return x, true
}

// apiHandler serves POST /api/{name} with the methods of live (the admin
// ones only when admin); a body over largeBody waits for one of the large
// slots.
func apiHandler(live *Live, admin bool, large largeSlots, log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, app.ErrorBody{Error: "send the arguments as application/json", Code: "invalid"})
			return
		}
		data, release, err := large.readBody(r.Context(), http.MaxBytesReader(w, r.Body, maxBody))
		defer release()
		if errors.Is(err, errBusy) {
			w.Header().Set("Retry-After", "10")
			writeError(w, http.StatusServiceUnavailable, app.ErrorBody{Error: err.Error(), Code: "locked"})
			return
		}
		var raw []json.RawMessage
		if err == nil {
			raw, err = readArgs(data, r.PathValue("name"))
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = fmt.Errorf("the request is larger than %d MiB (files to import can have at most %d MiB)", maxBody>>20, transfer.MaxImportSize>>20)
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, *badInput(err))
			return
		}
		started := time.Now()
		out := live.invoke(r.Context(), admin, r.PathValue("name"), raw)
		if out.panicked != nil {
			log.Error("web: API call panicked", "method", r.PathValue("name"), "panic", out.panicked)
		}
		called := time.Now()
		status, body := out.status, out.result
		if out.err != nil {
			status, body = encodeJSON(out.status, out.err)
		}
		// The call's and the encoding's own time, for the browser's
		// developer tools.
		w.Header().Set("Server-Timing", fmt.Sprintf("call;dur=%.2f, encode;dur=%.2f", millis(out.returned.Sub(started)), millis(called.Sub(out.returned))))
		sendJSON(w, status, body)
	}
}

// outcome is what one call of the façade gives: a JSON result, or an error
// with the HTTP status it maps to.
type outcome struct {
	status   int
	result   []byte // JSON, when err is nil
	err      *app.ErrorBody
	returned time.Time // when the method returned, before its result was encoded
	panicked any       // what the method panicked with, if it did
}

// call calls m, turning a panic into a value: one failed call must not end
// the process that serves every other.
func call(m method, args []reflect.Value) (outs []reflect.Value, panicked any) {
	defer func() {
		if r := recover(); r != nil {
			panicked = fmt.Sprintf("%v\n%s", r, debug.Stack())
		}
	}()
	return m.fn.Call(args), nil
}

// invoke calls the method name with ctx and JSON arguments, the way both
// the POST API and the socket do.
func invoke(ctx context.Context, ms map[string]method, name string, raw []json.RawMessage) outcome {
	m, ok := ms[name]
	if !ok {
		return outcome{status: http.StatusNotFound, err: &app.ErrorBody{Error: fmt.Sprintf("there is no API method %q", name), Code: "not-found"}, returned: time.Now()}
	}
	args, err := convertArgs(raw, m)
	if err != nil {
		return outcome{status: http.StatusBadRequest, err: badInput(err), returned: time.Now()}
	}
	args = append([]reflect.Value{reflect.ValueOf(ctx)}, args...)
	outs, panicked := call(m, args)
	returned := time.Now()
	if panicked != nil {
		return outcome{status: http.StatusInternalServerError, returned: returned, panicked: panicked,
			err: &app.ErrorBody{Error: "sbcc hit an internal error doing this; nothing was changed by the failed step, and the error was written to the log", Code: "internal"}}
	}
	var result any
	for i, o := range outs {
		if m.out[i] == errorType {
			if !o.IsNil() {
				status, body := describeError(o.Interface().(error))
				return outcome{status: status, err: &body, returned: returned}
			}
			continue
		}
		result = o.Interface()
	}
	status, body := encodeJSON(http.StatusOK, result)
	if status != http.StatusOK {
		return outcome{status: status, err: &app.ErrorBody{Error: "the result could not be encoded", Code: "internal"}, returned: returned}
	}
	return outcome{status: status, result: body, returned: returned}
}

// badInput describes an error in the arguments of a call, in plain words
// and with the field to fix when there is one.
func badInput(err error) *app.ErrorBody {
	_, b := describeError(err)
	b.Code = "invalid"
	return &b
}

// readArgs reads a JSON array with one element per argument of method name.
func readArgs(body []byte, name string) ([]json.RawMessage, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("the body must be a JSON array of the arguments of %s: %w", name, err)
	}
	return raw, nil
}

// convertArgs decodes one JSON value per argument of m.
func convertArgs(raw []json.RawMessage, m method) ([]reflect.Value, error) {
	if len(raw) != len(m.in) {
		return nil, fmt.Errorf("%s takes %d arguments, got %d", m.name, len(m.in), len(raw))
	}
	args := make([]reflect.Value, len(raw))
	for i, r := range raw {
		p := reflect.New(m.in[i])
		if err := json.Unmarshal(r, p.Interface()); err != nil {
			return nil, fmt.Errorf("argument %d of %s: %w", i+1, m.name, err)
		}
		args[i] = p.Elem()
	}
	return args, nil
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func writeJSON(w http.ResponseWriter, status int, v any) {
	status, raw := encodeJSON(status, v)
	sendJSON(w, status, raw)
}

// encodeJSON is v as JSON, or an internal error if it cannot be encoded.
func encodeJSON(status int, v any) (int, []byte) {
	raw, err := json.Marshal(v)
	if err != nil {
		return http.StatusInternalServerError, []byte(`{"error":"the result could not be encoded","code":"internal"}`)
	}
	return status, raw
}

func sendJSON(w http.ResponseWriter, status int, raw []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(raw)
}

func writeError(w http.ResponseWriter, status int, b app.ErrorBody) { writeJSON(w, status, b) }
