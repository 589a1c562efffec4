package web

import (
	"reflect"
	"sbcc/app/ui"
	"testing"
)

// TestEveryMethodIsDispatchable checks that every method of the façade
// has arguments JSON can carry and returns (T, error), T or error, as both
// Wails and the HTTP mirror need.
func TestEveryMethodIsDispatchable(t *testing.T) {
	ms := methods((&ui.API{}).Services()...)
	if len(ms) < 15 {
		t.Fatalf("only %d methods", len(ms))
	}
	for name, m := range ms {
		for _, in := range m.in {
			switch in.Kind() {
			case reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
				t.Errorf("%s takes a %s, which JSON cannot carry", name, in)
			}
		}
		switch {
		case len(m.out) == 2 && m.out[1] == errorType:
		case len(m.out) == 1:
		default:
			t.Errorf("%s returns %v; want (T, error), T or error", name, m.out)
		}
	}
}
