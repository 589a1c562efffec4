package web

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"

	"sbcc/app/records"
)

// statusService answers Status with its office, after release is closed.
type statusService struct {
	office  string
	entered chan struct{}
	release chan struct{}
}

func (s *statusService) Status(ctx context.Context) (records.Status, error) {
	if s.entered != nil {
		close(s.entered)
		<-s.release
	}
	return records.Status{Office: s.office}, nil
}

// TestLiveReplaceWaitsForCalls: a façade is replaced only once the calls
// running on it have finished, and calls from then on reach the new one.
func TestLiveReplaceWaitsForCalls(t *testing.T) {
	one := &statusService{office: "one", entered: make(chan struct{}), release: make(chan struct{})}
	live := NewLive(one)
	office := func() string {
		out := live.invoke(t.Context(), true, "Status", nil)
		var st records.Status
		if out.err != nil || json.Unmarshal(out.result, &st) != nil {
			t.Errorf("Status: %+v", out)
		}
		return st.Office
	}
	first := make(chan string)
	go func() { first <- office() }()
	<-one.entered

	var opened atomic.Bool
	replaced := make(chan error)
	go func() {
		replaced <- live.Replace(func() ([]any, error) {
			opened.Store(true)
			return []any{&statusService{office: "two"}}, nil
		})
	}()
	if opened.Load() {
		t.Fatal("the façade was replaced while a call was running on it")
	}
	close(one.release)
	if got := <-first; got != "one" {
		t.Fatalf("the running call answered from %q", got)
	}
	if err := <-replaced; err != nil {
		t.Fatal(err)
	}
	if got := office(); got != "two" {
		t.Fatalf("after Replace the call reached %q, want two", got)
	}
}
