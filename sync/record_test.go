package sync

import (
	"encoding/json"
	"testing"
)

// personalNone marks no field personal; personalEmail marks "email".
func personalNone(string) bool    { return false }
func personalEmail(f string) bool { return f == "email" }

// node simulates one author: it applies changes to its own copy of a record
// and makes new changes that have seen what it applied.
type author struct {
	id  NodeID
	seq uint64
	hlc HLC
	rec *Record
}

func newAuthor(id string) *author { return &author{id: NodeID(id), rec: NewRecord("actor", "r1")} }

func (a *author) change(op Op, fields map[string]string) *Change {
	a.seq++
	a.hlc += 10
	c := &Change{Origin: a.id, Seq: a.seq, HLC: a.hlc, Kind: "actor", ID: "r1", Op: op, Seen: a.rec.Seen()}
	if fields != nil {
		c.Fields = map[string]json.RawMessage{}
		for k, v := range fields {
			c.Fields[k], _ = json.Marshal(v)
		}
	}
	a.rec.Apply(c, personalEmail)
	return c
}

func (a *author) receive(cs ...*Change) {
	for _, c := range cs {
		if c.HLC > a.hlc {
			a.hlc = c.HLC
		}
		a.rec.Apply(c, personalEmail)
	}
}

func winner(t *testing.T, r *Record, field string) string {
	t.Helper()
	f := r.Fields[field]
	if f == nil {
		return "<none>"
	}
	var s string
	json.Unmarshal(f.Winner().Value, &s)
	return s
}

func TestMerge(t *testing.T) {
	t.Run("knowing overwrite is no conflict", func(t *testing.T) {
		a, b := newAuthor("a"), newAuthor("b")
		c1 := a.change(OpSet, map[string]string{"name": "Old"})
		b.receive(c1)
		c2 := b.change(OpSet, map[string]string{"name": "New"})
		r := NewRecord("actor", "r1")
		r.Apply(c2, personalNone) // out of causal order
		r.Apply(c1, personalNone)
		if got := winner(t, r, "name"); got != "New" {
			t.Fatalf("winner %q, want New", got)
		}
		if cs := r.Conflicts(); len(cs) != 0 {
			t.Fatalf("conflicts %+v, want none", cs)
		}
	})
	t.Run("concurrent edits conflict in any order", func(t *testing.T) {
		a, b := newAuthor("a"), newAuthor("b")
		base := a.change(OpSet, map[string]string{"name": "Base"})
		b.receive(base)
		ca := a.change(OpSet, map[string]string{"name": "From A"})
		cb := b.change(OpSet, map[string]string{"name": "From B"})
		var hashes []string
		for _, order := range [][]*Change{{base, ca, cb}, {cb, base, ca}, {cb, base, cb, ca, ca}} {
			r := NewRecord("actor", "r1")
			for _, c := range order {
				r.Apply(c, personalNone)
			}
			raw, _ := json.Marshal(r)
			hashes = append(hashes, string(raw))
			cs := r.Conflicts()
			if len(cs) != 1 || cs[0].Type != ConcurrentEdits || len(cs[0].Losers) != 1 {
				t.Fatalf("conflicts %+v, want one concurrent edit", cs)
			}
		}
		if hashes[0] != hashes[1] || hashes[1] != hashes[2] {
			t.Fatalf("states differ by order:\n%s\n%s\n%s", hashes[0], hashes[1], hashes[2])
		}
		// An edit that saw both settles the conflict.
		a.receive(cb)
		fix := a.change(OpSet, map[string]string{"name": "Settled"})
		b.receive(ca, fix)
		if cs := b.rec.Conflicts(); len(cs) != 0 || winner(t, b.rec, "name") != "Settled" {
			t.Fatalf("after resolving: winner %q conflicts %+v", winner(t, b.rec, "name"), cs)
		}
	})
	t.Run("delete wins over concurrent edit, kept as conflict, restore brings it back", func(t *testing.T) {
		a, b := newAuthor("a"), newAuthor("b")
		create := a.change(OpSet, map[string]string{"name": "Studio", "phone": "+370 1"})
		b.receive(create)
		del := a.change(OpDelete, nil)
		edit := b.change(OpSet, map[string]string{"phone": "+370 2"})
		for _, r := range []*author{a, b} {
			if r == a {
				r.receive(edit)
			} else {
				r.receive(del)
			}
			if !r.rec.Deleted() {
				t.Fatalf("%s: not deleted", r.id)
			}
			cs := r.rec.Conflicts()
			if len(cs) != 1 || cs[0].Type != EditedAfterDelete || cs[0].Field != "phone" {
				t.Fatalf("%s: conflicts %+v, want phone edited-after-delete", r.id, cs)
			}
		}
		b.change(OpRestore, nil)
		if b.rec.Deleted() || winner(t, b.rec, "phone") != "+370 2" {
			t.Fatalf("restore: deleted=%v phone=%q", b.rec.Deleted(), winner(t, b.rec, "phone"))
		}
	})
	t.Run("erase strips personal fields and wins over later edits", func(t *testing.T) {
		a, b := newAuthor("a"), newAuthor("b")
		create := a.change(OpSet, map[string]string{"name": "Jonas", "email": "j@x.lt"})
		b.receive(create)
		erase := a.change(OpErase, nil)
		late := b.change(OpSet, map[string]string{"email": "new@x.lt", "name": "Jonas J."})
		a.receive(late)
		b.receive(erase)
		for _, r := range []*Record{a.rec, b.rec} {
			if r.Fields["email"] != nil || !r.Deleted() || r.Erased == nil {
				t.Fatalf("erased record keeps email or is live: %+v", r)
			}
		}
		ra, _ := json.Marshal(a.rec)
		rb, _ := json.Marshal(b.rec)
		if string(ra) != string(rb) {
			t.Fatalf("replicas differ after erase:\n%s\n%s", ra, rb)
		}
	})
	t.Run("applying twice changes nothing", func(t *testing.T) {
		a := newAuthor("a")
		c := a.change(OpSet, map[string]string{"name": "X"})
		r := NewRecord("actor", "r1")
		if !r.Apply(c, personalNone) || r.Apply(c, personalNone) {
			t.Fatal("Apply should report a change once, then none")
		}
	})
}

func TestChangeValidate(t *testing.T) {
	good := Change{Origin: "a1", Seq: 1, HLC: 5, Kind: "actor", ID: "x", Op: OpSet, Fields: map[string]json.RawMessage{"name": json.RawMessage(`"n"`)}}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(*Change){
		"no origin":     func(c *Change) { c.Origin = "" },
		"bad origin":    func(c *Change) { c.Origin = "A B" },
		"seq 0":         func(c *Change) { c.Seq = 0 },
		"no clock":      func(c *Change) { c.HLC = 0 },
		"slash in id":   func(c *Change) { c.ID = "a/b" },
		"unknown op":    func(c *Change) { c.Op = 9 },
		"bad json":      func(c *Change) { c.Fields["name"] = json.RawMessage(`{`) },
		"reserved name": func(c *Change) { c.Fields["_life"] = json.RawMessage(`1`) },
		"delete fields": func(c *Change) { c.Op = OpDelete },
		"seen itself":   func(c *Change) { c.Seen = Vector{"a1": 1} },
	} {
		c := good
		c.Fields = map[string]json.RawMessage{"name": json.RawMessage(`"n"`)}
		mutate(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestClock(t *testing.T) {
	c := NewClock(nil, 0)
	a := c.Now()
	c.Observe(a + 1000)
	if b := c.Now(); b <= a+1000 {
		t.Fatalf("clock went back: %v after observing %v", b, a+1000)
	}
}

func TestVectorLacks(t *testing.T) {
	v := Vector{"a": 5, "b": 2}
	got := v.Lacks(Vector{"a": 3, "c": 9})
	if len(got) != 2 || got[0] != (Range{"a", 4, 5}) || got[1] != (Range{"b", 1, 2}) || v.Count(Vector{"a": 3}) != 4 {
		t.Fatalf("Lacks = %+v", got)
	}
}
