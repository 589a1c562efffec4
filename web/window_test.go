package web

import (
	"context"
	"encoding/json"
	"testing"

	"sbcc/app"
	"sbcc/app/records"
	"sbcc/app/ui"
)

// TestWindowCall: the desktop window's one bound method runs the methods of
// Surface with the window's context, answers JSON and fails as the HTTP API
// does; once the window's context ends, long calls end with it.
func TestWindowCall(t *testing.T) {
	d, err := app.Open(t.TempDir(), app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	w := NewWindow(nil, ui.NewAPI(d, ui.APIOptions{}).Services()...)
	if _, err := w.Call("Meta", nil); err == nil {
		t.Fatal("a call before the window opened succeeded")
	}
	ctx, closeWindow := context.WithCancel(t.Context())
	OpenWindow(w, ctx)
	raw, err := w.Call("Status", []json.RawMessage{})
	var st records.Status
	if err != nil || json.Unmarshal(raw, &st) != nil || !st.Empty {
		t.Fatalf("Status: %s %v", raw, err)
	}
	_, err = w.Call("NoSuchMethod", nil)
	if b, ok := WindowError(err).(app.ErrorBody); !ok || b.Code != "not-found" {
		t.Fatalf("unknown method: %#v", WindowError(err))
	}
	_, err = w.Call("Actor", []json.RawMessage{json.RawMessage(`"01nosuchrecord"`)})
	if b, ok := WindowError(err).(app.ErrorBody); !ok || b.Code != "not-found" {
		t.Fatalf("missing actor: %#v", WindowError(err))
	}
	closeWindow()
	_, err = w.Call("LoadDemo", nil)
	if err == nil {
		t.Fatal("the demo loaded after the window closed")
	}
	if counts, _ := d.Counts(); counts["actor"] != 0 {
		t.Fatalf("%d actors after a cancelled demo", counts["actor"])
	}
}
