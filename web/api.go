package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"time"

	"sbcc/app"
)

// maxBody bounds an API request: a file to import (at most
// app.MaxImportSize) travels in one as base64, a third larger.
const maxBody = 72 << 20

var errorType = reflect.TypeFor[error]()

// method is one exported method of the façade.
type method struct {
	fn   reflect.Value
	in   []reflect.Type
	out  []reflect.Type
	name string
}

// methods returns the exported methods of api by name: the same set Wails
// binds in the window.
func methods(api any) map[string]method {
	v := reflect.ValueOf(api)
	t := v.Type()
	out := map[string]method{}
	for i := range t.NumMethod() {
		m := t.Method(i)
		fn := v.Method(i)
		ft := fn.Type()
		x := method{fn: fn, name: m.Name}
		for j := range ft.NumIn() {
			x.in = append(x.in, ft.In(j))
		}
		for j := range ft.NumOut() {
			x.out = append(x.out, ft.Out(j))
		}
		out[m.Name] = x
	}
	return out
}

// apiHandler serves POST /api/{name}.
func apiHandler(api *app.API) http.HandlerFunc {
	ms := methods(api)
	return func(w http.ResponseWriter, r *http.Request) {
		m, ok := ms[r.PathValue("name")]
		if !ok {
			writeError(w, http.StatusNotFound, app.ErrorBody{Error: fmt.Sprintf("there is no API method %q", r.PathValue("name")), Code: "not-found"})
			return
		}
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, app.ErrorBody{Error: "send the arguments as application/json", Code: "invalid"})
			return
		}
		args, err := decodeArgs(http.MaxBytesReader(w, r.Body, maxBody), m)
		if err != nil {
			writeError(w, http.StatusBadRequest, app.ErrorBody{Error: err.Error(), Code: "invalid"})
			return
		}
		started := time.Now()
		outs := m.fn.Call(args)
		called := time.Now()
		var result any
		for i, o := range outs {
			if m.out[i] == errorType {
				if !o.IsNil() {
					status, body := app.DescribeError(o.Interface().(error))
					writeError(w, status, body)
					return
				}
				continue
			}
			result = o.Interface()
		}
		status, raw := encodeJSON(http.StatusOK, result)
		// The call's and the encoding's own time, for the browser's
		// developer tools and the keystroke benchmark.
		w.Header().Set("Server-Timing", fmt.Sprintf("call;dur=%.2f, encode;dur=%.2f", millis(called.Sub(started)), millis(time.Since(called))))
		sendJSON(w, status, raw)
	}
}

// decodeArgs reads a JSON array with one element per argument of m.
func decodeArgs(body io.Reader, m method) ([]reflect.Value, error) {
	var raw []json.RawMessage
	dec := json.NewDecoder(body)
	if err := dec.Decode(&raw); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, fmt.Errorf("the request is larger than %d MiB (files to import can have at most %d MiB)", maxBody>>20, app.MaxImportSize>>20)
		}
		return nil, fmt.Errorf("the body must be a JSON array of the arguments of %s: %v", m.name, err)
	}
	if len(raw) != len(m.in) {
		return nil, fmt.Errorf("%s takes %d arguments, got %d", m.name, len(m.in), len(raw))
	}
	args := make([]reflect.Value, len(raw))
	for i, r := range raw {
		p := reflect.New(m.in[i])
		if err := json.Unmarshal(r, p.Interface()); err != nil {
			return nil, fmt.Errorf("argument %d of %s: %v", i+1, m.name, err)
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
