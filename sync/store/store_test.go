package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
	"pgregory.net/rapid"

	"sbcc/app/model"
	sbsync "sbcc/sync"
)

// open opens a store in dir and checks the file's consistency when the
// test ends.
func open(t testing.TB, dir string) *Store {
	t.Helper()
	s, err := Open(dir, Options{Schema: model.Schema{}, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				return err
			}
			return nil
		}); err != nil && !errors.Is(err, bolt.ErrDatabaseNotOpen) {
			t.Errorf("consistency check: %v", err)
		}
		s.Close()
	})
	return s
}

func fields(kv ...string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i]], _ = json.Marshal(kv[i+1])
	}
	return out
}

// exchange sends every change each store lacks from every other until all
// hold the same vector.
func exchange(t interface {
	Helper()
	Fatal(...any)
	Fatalf(string, ...any)
}, stores []*Store) {
	t.Helper()
	for round := 0; round < 2; round++ {
		for _, from := range stores {
			for _, to := range stores {
				if from == to {
					continue
				}
				have, err := to.Vector()
				if err != nil {
					t.Fatal(err)
				}
				var batch []sbsync.Change
				if err := from.ChangesSince(have, func(c sbsync.Change) error {
					batch = append(batch, c)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				res, err := to.ApplyRemote(batch)
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Refused) > 0 || len(res.Gaps) > 0 {
					t.Fatalf("exchange: refused %v gaps %v", res.Refused, res.Gaps)
				}
			}
		}
	}
}

func TestCommitAndRead(t *testing.T) {
	s := open(t, t.TempDir())
	cs, err := s.Commit(Edit{Kind: "actor", ID: "a1", Op: sbsync.OpSet, Fields: fields("name", "Studija Rūta", "country", "LT")})
	if err != nil || len(cs) != 1 || cs[0].Seq != 1 {
		t.Fatalf("commit: %v %+v", err, cs)
	}
	// An unchanged value writes no change.
	if cs, _ := s.Commit(Edit{Kind: "actor", ID: "a1", Op: sbsync.OpSet, Fields: fields("name", "Studija Rūta")}); len(cs) != 0 {
		t.Fatalf("unchanged edit wrote %d changes", len(cs))
	}
	rec, err := s.Find("a1")
	if err != nil || rec.Kind != "actor" {
		t.Fatalf("find: %v %+v", err, rec)
	}
	if _, err := s.Find("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("find missing: %v", err)
	}
	if _, err := s.Commit(Edit{Kind: "actor", ID: "a1", Op: sbsync.OpDelete}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(Edit{Kind: "actor", ID: "a1", Op: sbsync.OpSet, Fields: fields("name", "x")}); !errors.Is(err, ErrDeleted) {
		t.Fatalf("edit of deleted record: %v", err)
	}
	var feed []uint64
	s.FeedSince(0, func(pos uint64, _ *sbsync.Record) error { feed = append(feed, pos); return nil })
	if len(feed) != 2 {
		t.Fatalf("feed %v, want 2 entries", feed)
	}
	// A failing edit in a batch leaves nothing behind.
	before, _ := s.Hash()
	if _, err := s.Commit(Edit{Kind: "actor", ID: "a2", Op: sbsync.OpSet, Fields: fields("name", "ok")},
		Edit{Kind: "actor", ID: "a1", Op: sbsync.OpSet, Fields: fields("name", "refused")}); err == nil {
		t.Fatal("batch with a failing edit committed")
	}
	if after, _ := s.Hash(); !bytes.Equal(before, after) {
		t.Fatal("failed batch changed the state")
	}
}

func TestReopenAndSchema(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Schema: model.Schema{}})
	if err != nil {
		t.Fatal(err)
	}
	node := s.Node()
	if _, err := Open(dir, Options{Schema: model.Schema{}}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, u64(SchemaVersion+1)) })
	s.Close()
	if _, err := Open(dir, Options{Schema: model.Schema{}}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("newer schema: %v", err)
	}
	s, _ = Open(t.TempDir(), Options{Schema: model.Schema{}})
	defer s.Close()
	if s.Node() == node {
		t.Fatal("two stores share a node id")
	}
}

func TestApplyRemoteGapsAndDuplicates(t *testing.T) {
	a, b := open(t, t.TempDir()), open(t, t.TempDir())
	var cs []sbsync.Change
	for i := range 3 {
		out, err := a.Commit(Edit{Kind: "actor", ID: "x", Op: sbsync.OpSet, Fields: fields("name", fmt.Sprint(i))})
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, out...)
	}
	res, _ := b.ApplyRemote([]sbsync.Change{cs[2]})
	if res.Applied != 0 || len(res.Gaps) != 1 || res.Gaps[0] != (sbsync.Range{Origin: a.Node(), From: 1, To: 2}) {
		t.Fatalf("gap: %+v", res)
	}
	res, _ = b.ApplyRemote([]sbsync.Change{cs[1], cs[0], cs[2], cs[0]})
	if res.Applied != 3 || res.Duplicates != 1 {
		t.Fatalf("in any order: %+v", res)
	}
	bad := cs[0]
	bad.Seq, bad.Kind = 4, ""
	res, _ = b.ApplyRemote([]sbsync.Change{bad})
	if len(res.Refused) != 1 {
		t.Fatalf("invalid change not refused: %+v", res)
	}
	ha, _ := a.Hash()
	hb, _ := b.Hash()
	if !bytes.Equal(ha, hb) {
		t.Fatal("hashes differ")
	}
}

// TestReplicasConverge is the property test of DESIGN.md section 8: random
// edits, deletes, restores and erasures on 3–5 replicas, delivered partly,
// in random order and with duplicates; after a full exchange every replica
// has the same hash and the same conflicts, and no erased personal data is
// left anywhere, the change log included.
func TestReplicasConverge(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(3, 5).Draw(rt, "replicas")
		stores := make([]*Store, n)
		for i := range stores {
			dir, err := os.MkdirTemp("", "sbcc-prop-*")
			if err != nil {
				rt.Fatal(err)
			}
			defer os.RemoveAll(dir)
			s, err := Open(dir, Options{Schema: model.Schema{}, NoSync: true})
			if err != nil {
				rt.Fatal(err)
			}
			defer s.Close()
			stores[i] = s
		}
		ids := []string{"r1", "r2", "r3"}
		var made [][]sbsync.Change = make([][]sbsync.Change, n)
		steps := rapid.IntRange(5, 40).Draw(rt, "steps")
		for range steps {
			i := rapid.IntRange(0, n-1).Draw(rt, "replica")
			s := stores[i]
			id := rapid.SampledFrom(ids).Draw(rt, "record")
			var e Edit
			switch op := rapid.IntRange(0, 9).Draw(rt, "op"); {
			case op < 6:
				e = Edit{Kind: "actor", ID: id, Op: sbsync.OpSet, Fields: fields(
					rapid.SampledFrom([]string{"name", "email", "country"}).Draw(rt, "field"),
					rapid.SampledFrom([]string{"A", "B", "C", "D"}).Draw(rt, "value"))}
			case op < 7:
				e = Edit{Kind: "actor", ID: id, Op: sbsync.OpDelete}
			case op < 9:
				e = Edit{Kind: "actor", ID: id, Op: sbsync.OpRestore}
			default:
				e = Edit{Kind: "actor", ID: id, Op: sbsync.OpErase}
			}
			cs, err := s.Commit(e)
			if err != nil && !errors.Is(err, ErrDeleted) && !errors.Is(err, ErrErased) && !errors.Is(err, ErrNotFound) {
				rt.Fatal(err)
			}
			made[i] = append(made[i], cs...)
			// Deliver a random handful of someone's changes somewhere, in
			// random order, maybe twice.
			if rapid.Bool().Draw(rt, "deliver") {
				from := rapid.IntRange(0, n-1).Draw(rt, "from")
				to := rapid.IntRange(0, n-1).Draw(rt, "to")
				if len(made[from]) > 0 && from != to {
					var batch []sbsync.Change
					for range rapid.IntRange(1, 4).Draw(rt, "count") {
						batch = append(batch, made[from][rapid.IntRange(0, len(made[from])-1).Draw(rt, "which")])
					}
					if _, err := stores[to].ApplyRemote(batch); err != nil {
						rt.Fatal(err)
					}
				}
			}
		}
		exchange(rt, stores)
		first, _ := stores[0].Hash()
		firstConf, _ := stores[0].Conflicts()
		fc, _ := json.Marshal(firstConf)
		for i, s := range stores {
			h, _ := s.Hash()
			if !bytes.Equal(h, first) {
				rt.Fatalf("replica %d hash differs", i)
			}
			conf, _ := s.Conflicts()
			if c, _ := json.Marshal(conf); !bytes.Equal(c, fc) {
				rt.Fatalf("replica %d conflicts differ:\n%s\n%s", i, c, fc)
			}
			for _, id := range ids {
				rec, err := s.Get("actor", id)
				if err != nil || rec.Erased == nil {
					continue
				}
				if rec.Fields["name"] != nil || rec.Fields["email"] != nil {
					rt.Fatalf("replica %d: erased %s keeps personal fields", i, id)
				}
				hist, _ := s.History("actor", id)
				for _, c := range hist {
					if c.Fields["name"] != nil || c.Fields["email"] != nil {
						rt.Fatalf("replica %d: log keeps personal data of erased %s: %+v", i, id, c)
					}
				}
			}
		}
	})
}

// TestOneKindPerID: a new record cannot take the id of a record of another
// kind, whether that one is stored or made in the same commit.
func TestOneKindPerID(t *testing.T) {
	s := open(t, t.TempDir())
	id := "01onekindperid00000000000"
	if _, err := s.Commit(Edit{Kind: "event", ID: id, Op: sbsync.OpSet, Fields: fields("name", "Mugė")}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Commit(Edit{Kind: "actor", ID: id, Op: sbsync.OpSet, Fields: fields("kind", "hub", "name", "Centras")})
	if !errors.Is(err, ErrOtherKind) || !strings.Contains(err.Error(), "an existing event") {
		t.Fatalf("actor with an event's id: %v", err)
	}
	other := "01onekindperid00000000001"
	_, err = s.Commit(Edit{Kind: "event", ID: other, Op: sbsync.OpSet, Fields: fields("name", "Mugė")},
		Edit{Kind: "actor", ID: other, Op: sbsync.OpSet, Fields: fields("kind", "hub", "name", "Centras")})
	if !errors.Is(err, ErrOtherKind) {
		t.Fatalf("two kinds for one id in one commit: %v", err)
	}
	if _, err := s.Find(other); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the refused commit left %v", err)
	}
	// Updating the event itself still works.
	if _, err := s.Commit(Edit{Kind: "event", ID: id, Op: sbsync.OpSet, Fields: fields("name", "Didžioji mugė")}); err != nil {
		t.Fatal(err)
	}
}

// TestBatchMergesAsOneByOne: a batch of changes from elsewhere, merged on
// all cores in one transaction, leaves the store exactly as the same
// changes applied one at a time: records, conflicts and the change log
// (redactions of erased records included).
func TestBatchMergesAsOneByOne(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		tmp := func() *Store {
			dir, err := os.MkdirTemp("", "sbcc-batch-*")
			if err != nil {
				rt.Fatal(err)
			}
			s, err := Open(dir, Options{Schema: model.Schema{}, NoSync: true})
			if err != nil {
				rt.Fatal(err)
			}
			rt.Cleanup(func() { s.Close(); os.RemoveAll(dir) })
			return s
		}
		authors := []*Store{tmp(), tmp()}
		ids := []string{"r1", "r2", "r3", "r4"}
		for range rapid.IntRange(5, 60).Draw(rt, "steps") {
			s := authors[rapid.IntRange(0, 1).Draw(rt, "author")]
			id := rapid.SampledFrom(ids).Draw(rt, "record")
			e := Edit{Kind: "actor", ID: id, Op: sbsync.OpSet, Fields: fields(
				rapid.SampledFrom([]string{"name", "email", "country"}).Draw(rt, "field"),
				rapid.SampledFrom([]string{"A", "B", "C"}).Draw(rt, "value"))}
			switch op := rapid.IntRange(0, 9).Draw(rt, "op"); {
			case op == 7:
				e = Edit{Kind: "actor", ID: id, Op: sbsync.OpDelete}
			case op == 8:
				e = Edit{Kind: "actor", ID: id, Op: sbsync.OpRestore}
			case op == 9:
				e = Edit{Kind: "actor", ID: id, Op: sbsync.OpErase}
			}
			if _, err := s.Commit(e); err != nil && !errors.Is(err, ErrDeleted) && !errors.Is(err, ErrErased) && !errors.Is(err, ErrNotFound) {
				rt.Fatal(err)
			}
			if rapid.IntRange(0, 4).Draw(rt, "exchange") == 0 {
				exchange(rt, authors) // later edits see earlier ones: knowing overwrites, not only conflicts
			}
		}
		var all []sbsync.Change
		for _, s := range authors {
			if err := s.ChangesSince(sbsync.Vector{}, func(c sbsync.Change) error {
				if c.Origin == s.Node() {
					all = append(all, c)
				}
				return nil
			}); err != nil {
				rt.Fatal(err)
			}
		}
		batch, oneByOne, overlapped := tmp(), tmp(), tmp()
		if _, err := batch.ApplyRemote(all); err != nil {
			rt.Fatal(err)
		}
		slices.SortStableFunc(all, byOriginSeq)
		for _, c := range all {
			if _, err := oneByOne.ApplyRemote([]sbsync.Change{c}); err != nil {
				rt.Fatal(err)
			}
		}
		applyOverlapped(rt, overlapped, all)
		h1, _ := batch.Hash()
		h2, _ := oneByOne.Hash()
		if !bytes.Equal(h1, h2) {
			rt.Fatal("the batch left other records than the changes one by one")
		}
		if h3, _ := overlapped.Hash(); !bytes.Equal(h3, h2) {
			rt.Fatal("batches prepared while the one before applied left other records than the changes one by one")
		}
		log := func(s *Store) (out []string) {
			s.RawChangesSince(sbsync.Vector{}, func(_ sbsync.NodeID, _ uint64, raw []byte) error {
				out = append(out, string(raw))
				return nil
			})
			return out
		}
		if l1, l2 := log(batch), log(oneByOne); !slices.Equal(l1, l2) {
			rt.Fatalf("the batch logged other changes than one by one:\n%q\n%q", l1, l2)
		}
		if l3 := log(overlapped); !slices.Equal(l3, log(oneByOne)) {
			rt.Fatalf("overlapped batches logged other changes than one by one:\n%q", l3)
		}
		v1, _ := batch.Vector()
		v2, _ := oneByOne.Vector()
		v3, _ := overlapped.Vector()
		if !maps.Equal(v1, v2) || !maps.Equal(v3, v2) {
			rt.Fatalf("vectors differ: %v %v %v", v1, v2, v3)
		}
	})
}

// applyOverlapped applies cs to s in random chunks the way a session does
// (some changes handed in with the JSON they came in):
// each chunk is prepared (and merged ahead) before the one before it is
// written, so records that two chunks touch change under the second.
func applyOverlapped(rt *rapid.T, s *Store, cs []sbsync.Change) {
	var pending func() (ApplyResult, error)
	for len(cs) > 0 {
		n := rapid.IntRange(1, len(cs)).Draw(rt, "chunk")
		// As a chunk carries them: some with the JSON they came in.
		var logged []json.RawMessage
		if rapid.Bool().Draw(rt, "logged") {
			logged = make([]json.RawMessage, n)
			for i := range logged {
				if rapid.Bool().Draw(rt, "this one") {
					logged[i], _ = json.Marshal(cs[i])
				}
			}
		}
		next := s.PrepareRemote(cs[:n], logged)
		cs = cs[n:]
		if pending != nil {
			if _, err := pending(); err != nil {
				rt.Fatal(err)
			}
		}
		pending = next
	}
	if pending != nil {
		if _, err := pending(); err != nil {
			rt.Fatal(err)
		}
	}
}
