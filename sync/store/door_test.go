package store

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"sbcc/app/model"
	sbsync "sbcc/sync"
)

// remote returns a change of a peer made at wall time at.
func remote(origin sbsync.NodeID, seq uint64, at time.Time, f map[string]json.RawMessage) sbsync.Change {
	return sbsync.Change{Origin: origin, Seq: seq, HLC: sbsync.MakeHLC(at, 0), Kind: "actor", ID: "a1", Op: sbsync.OpSet, Fields: f}
}

// TestFutureChangeRefused: a change stamped years ahead is refused at the
// store, whoever hands it over (archive, file, peer), moves no clock, and
// holds back its origin's later changes; local edits keep working.
func TestFutureChangeRefused(t *testing.T) {
	s := open(t, t.TempDir())
	before := s.Clock().Last()
	future := remote("peer", 1, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), fields("name", "Ghost"))
	next := remote("peer", 2, time.Now(), fields("name", "Later"))
	res, err := s.ApplyRemote([]sbsync.Change{future, next})
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 0 || len(res.Refused) != 1 || !errors.Is(res.Refused[0], ErrFutureChange) {
		t.Fatalf("result %+v", res)
	}
	if s.Clock().Last() > sbsync.MakeHLC(time.Now().Add(time.Minute), 0) || s.Clock().Last() < before {
		t.Fatalf("clock moved to %s", s.Clock().Last())
	}
	if v, _ := s.Vector(); v["peer"] != 0 {
		t.Fatalf("vector moved: %v", v)
	}
	if _, err := s.Commit(Edit{Kind: "actor", ID: "b", Op: sbsync.OpSet, Fields: fields("name", "Local")}); err != nil {
		t.Fatalf("local edit after a refused future change: %v", err)
	}
}

// TestClockAheadRefusesEdits: a store whose clock ran ahead (the computer's
// clock was set years ahead, then fixed) refuses local edits with a plain
// message until the clock is reset; then edits work and stamp from now.
func TestClockAheadRefusesEdits(t *testing.T) {
	dir := t.TempDir()
	wall := time.Now().Add(24 * 365 * time.Hour)
	s, err := Open(dir, Options{Schema: model.Schema{}, NoSync: true, Now: func() time.Time { return wall }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(Edit{Kind: "actor", ID: "a", Op: sbsync.OpSet, Fields: fields("name", "Written in the future")}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open(t, dir) // the clock is fixed
	_, err = s.Commit(Edit{Kind: "actor", ID: "b", Op: sbsync.OpSet, Fields: fields("name", "Now")})
	if !errors.Is(err, ErrClockAhead) {
		t.Fatalf("edit with the stored clock a year ahead: %v", err)
	}
	n, err := s.ResetClock()
	if err != nil || n != 1 {
		t.Fatalf("reset: %d records ahead, %v", n, err)
	}
	chs, err := s.Commit(Edit{Kind: "actor", ID: "b", Op: sbsync.OpSet, Fields: fields("name", "Now")})
	if err != nil {
		t.Fatalf("edit after reset: %v", err)
	}
	if chs[0].HLC.Time().After(time.Now().Add(time.Minute)) {
		t.Fatalf("edit stamped %s after reset", chs[0].HLC)
	}
}

// TestPoisonedValuesNotApplied: a change whose values do not fit their
// fields is logged whole (so it can be forwarded and verified) but only its
// fitting values reach the record, which stays readable.
func TestPoisonedValuesNotApplied(t *testing.T) {
	s := open(t, t.TempDir())
	c := remote("peer", 1, time.Now(), map[string]json.RawMessage{
		"name":    json.RawMessage(`"Pracownia"`),
		"sectors": json.RawMessage(`{"not":"a list"}`),
		"lat":     json.RawMessage(`"north"`),
		"tags":    json.RawMessage(`["ok", 7]`),
		"future":  json.RawMessage(`{"a newer field":1}`),
	})
	res, err := s.ApplyRemote([]sbsync.Change{c})
	if err != nil || res.Applied != 1 {
		t.Fatalf("apply: %+v %v", res, err)
	}
	rec, err := s.Find("a1")
	if err != nil {
		t.Fatal(err)
	}
	vals := rec.Values()
	for _, bad := range []string{"sectors", "lat", "tags"} {
		if _, ok := vals[bad]; ok {
			t.Errorf("value of %s that does not fit was applied: %s", bad, vals[bad])
		}
	}
	if string(vals["name"]) != `"Pracownia"` || vals["future"] == nil {
		t.Fatalf("fitting values lost: %v", vals)
	}
	var a model.Actor
	if err := model.FromFields(&a, rec.ID, vals); err != nil || a.Name != "Pracownia" {
		t.Fatalf("record does not decode: %v", err)
	}
	var logged []sbsync.Change
	s.ChangesSince(sbsync.Vector{}, func(ch sbsync.Change) error { logged = append(logged, ch); return nil })
	if len(logged) != 1 || len(logged[0].Fields) != 5 {
		t.Fatalf("the change was not logged whole: %+v", logged)
	}
}
