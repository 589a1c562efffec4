package web

import (
	"context"
	"net/http"
	"reflect"
	"testing"
)

// TestPanicBecomesAnError: a façade method that panics answers 500 with a
// plain message and the panic for the log; the server goes on.
func TestPanicBecomesAnError(t *testing.T) {
	boom := func(context.Context) (string, error) { panic("nil map write") }
	fn := reflect.ValueOf(boom)
	ms := map[string]method{"Boom": {fn: fn, name: "Boom", out: []reflect.Type{fn.Type().Out(0), fn.Type().Out(1)}}}
	out := invoke(t.Context(), ms, "Boom", nil)
	if out.status != http.StatusInternalServerError || out.err == nil || out.err.Code != "internal" || out.panicked == nil {
		t.Fatalf("outcome %+v", out)
	}
}
