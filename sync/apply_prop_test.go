package sync

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// history is what a few authors made of one record: every change, per
// origin in sequence order, and in the order they were made.
type history struct {
	origins []NodeID
	byOrig  map[NodeID][]*Change
	made    []*Change
}

// drawHistory lets 1–3 authors edit one record: each sets fields (email is
// personal), deletes, restores or erases it on its own copy, and now and then
// receives the next changes of another origin, in that origin's order, as the
// store delivers them. Sequence numbers skip now and then, as they do when an
// origin's changes to other records fall in between.
func drawHistory(rt *rapid.T) history {
	n := rapid.IntRange(1, 3).Draw(rt, "authors")
	type author struct {
		id        NodeID
		seq       uint64
		hlc       HLC
		rec       *Record
		delivered map[NodeID]int
	}
	h := history{byOrig: map[NodeID][]*Change{}}
	authors := make([]*author, n)
	for i := range authors {
		id := NodeID(fmt.Sprintf("node%d", i))
		authors[i] = &author{id: id, rec: NewRecord("actor", "r1"), delivered: map[NodeID]int{}}
		h.origins = append(h.origins, id)
	}
	fields := []string{"name", "email", "city"}
	values := []string{`"A"`, `"B"`, `"C"`, `null`}
	steps := rapid.IntRange(1, 30).Draw(rt, "steps")
	for s := 0; s < steps; s++ {
		a := authors[rapid.IntRange(0, n-1).Draw(rt, "author")]
		if n > 1 && rapid.IntRange(0, 2).Draw(rt, "receive?") == 0 {
			from := h.origins[rapid.IntRange(0, n-1).Draw(rt, "from")]
			log := h.byOrig[from]
			k := rapid.IntRange(0, len(log)-a.delivered[from]).Draw(rt, "how many")
			for _, c := range log[a.delivered[from] : a.delivered[from]+k] {
				a.hlc = max(a.hlc, c.HLC)
				a.rec.Apply(c, personalEmail)
			}
			a.delivered[from] += k
			continue
		}
		a.seq += 1 + uint64(rapid.IntRange(0, 3).Draw(rt, "skipped seqs"))
		a.hlc += 1 + HLC(rapid.IntRange(0, 2).Draw(rt, "tick"))
		c := &Change{Origin: a.id, Seq: a.seq, HLC: a.hlc, Kind: "actor", ID: "r1", Seen: a.rec.Seen()}
		switch op := rapid.IntRange(0, 9).Draw(rt, "op"); {
		case op < 6:
			c.Op, c.Fields = OpSet, map[string]json.RawMessage{}
			for _, f := range rapid.SliceOfNDistinct(rapid.SampledFrom(fields), 1, 3, rapid.ID[string]).Draw(rt, "fields") {
				c.Fields[f] = json.RawMessage(rapid.SampledFrom(values).Draw(rt, "value"))
			}
		case op < 8:
			c.Op = OpDelete
		case op < 9:
			c.Op = OpRestore
		default:
			c.Op = OpErase
		}
		if !a.rec.Apply(c, personalEmail) {
			rt.Fatalf("the author's own change %s/%d was not applied", c.Origin, c.Seq)
		}
		a.delivered[a.id]++
		h.byOrig[a.id] = append(h.byOrig[a.id], c)
		h.made = append(h.made, c)
	}
	return h
}

// recordState is everything a replica shows of a record.
type recordState struct {
	JSON      string
	Deleted   bool
	Values    map[string]json.RawMessage
	Conflicts []Conflict
}

func stateOf(t interface{ Fatal(...any) }, r *Record) recordState {
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if n, listed := r.ConflictCount(), len(r.Conflicts()); n != listed {
		t.Fatal(fmt.Sprintf("ConflictCount %d, Conflicts lists %d", n, listed))
	}
	return recordState{JSON: string(raw), Deleted: r.Deleted(), Values: r.Values(), Conflicts: r.Conflicts()}
}

// TestApplyAnyDeliveryOrder: whatever order the changes of several origins
// arrive in, and however often each arrives again, a record ends in the
// state of applying each change once in the order it was made — fields and
// their heads, conflicts, deleted and erased. Within one origin the changes
// arrive in sequence order, which is what the store guarantees (it holds a
// change back until its origin's previous one is applied, see
// store.ApplyRemote); a duplicate of an earlier change may arrive at any
// time after the first copy.
func TestApplyAnyDeliveryOrder(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		h := drawHistory(rt)
		want := NewRecord("actor", "r1")
		for _, c := range h.made {
			if !want.Apply(c, personalEmail) {
				rt.Fatalf("change %s/%d applied in order changed nothing", c.Origin, c.Seq)
			}
		}
		got := NewRecord("actor", "r1")
		next := map[NodeID]int{}
		var delivered []*Change
		for len(delivered) < len(h.made) {
			if len(delivered) > 0 && rapid.IntRange(0, 3).Draw(rt, "duplicate?") == 0 {
				c := delivered[rapid.IntRange(0, len(delivered)-1).Draw(rt, "duplicate")]
				before := stateOf(rt, got)
				if got.Apply(c, personalEmail) {
					rt.Fatalf("applying %s/%d again changed the record", c.Origin, c.Seq)
				}
				if after := stateOf(rt, got); !reflect.DeepEqual(before, after) {
					rt.Fatalf("applying %s/%d again changed the record:\n%s\n%s", c.Origin, c.Seq, before.JSON, after.JSON)
				}
				continue
			}
			var ready []NodeID
			for _, o := range h.origins {
				if next[o] < len(h.byOrig[o]) {
					ready = append(ready, o)
				}
			}
			o := rapid.SampledFrom(ready).Draw(rt, "origin")
			c := h.byOrig[o][next[o]]
			next[o]++
			if !got.Apply(c, personalEmail) {
				rt.Fatalf("change %s/%d, first arrival, changed nothing", c.Origin, c.Seq)
			}
			delivered = append(delivered, c)
		}
		if w, g := stateOf(rt, want), stateOf(rt, got); !reflect.DeepEqual(w, g) {
			rt.Fatalf("delivery order changed the record:\nin order: %+v\ndelivered: %+v", w, g)
		}
	})
}

// TestApplyRefusesAnOlderChangeOfAnOrigin holds Apply's precondition: a
// record remembers only the highest sequence applied per origin, so a change
// of an origin older than one applied is taken as applied already and
// changes nothing. This is why the store applies one origin's changes in
// sequence order only; a record fed out of order would lose the older
// change (TestApplyAnyDeliveryOrder covers every order the store allows).
func TestApplyRefusesAnOlderChangeOfAnOrigin(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		h := drawHistory(rt)
		for _, o := range h.origins {
			log := h.byOrig[o]
			if len(log) < 2 {
				continue
			}
			i := rapid.IntRange(1, len(log)-1).Draw(rt, "later")
			j := rapid.IntRange(0, i-1).Draw(rt, "older")
			r := NewRecord("actor", "r1")
			r.Apply(log[i], personalEmail)
			before := stateOf(rt, r)
			if r.Apply(log[j], personalEmail) {
				rt.Fatalf("%s/%d after %s/%d was applied", o, log[j].Seq, o, log[i].Seq)
			}
			if after := stateOf(rt, r); !reflect.DeepEqual(before, after) {
				rt.Fatalf("%s/%d after %s/%d changed the record", o, log[j].Seq, o, log[i].Seq)
			}
		}
	})
}
