package gossip_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/gossip"
	"sbcc/sync/store"
	"sbcc/sync/trust"
	"sbcc/sync/wire"
)

func TestWrongKeyCannotJoinOrRead(t *testing.T) {
	c := newCluster(t, 2, true, nil)
	put(t, c.nodes[0].st, "actor", "01HZSECRET000000000000001", map[string]any{"name": "Secret"})

	// An outsider with its own network and key.
	o := newCluster(t, 1, true, nil)
	out := o.nodes[0]
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if k, err := out.node.Join(ctx, []string{c.nodes[0].node.Addr()}); err == nil && k > 0 {
		t.Fatalf("outsider with the wrong key joined (%d)", k)
	}
	time.Sleep(500 * time.Millisecond) // give a leak the chance to show
	if _, err := out.st.Get("actor", "01HZSECRET000000000000001"); err == nil {
		t.Fatal("outsider read a record")
	}
	for _, p := range c.nodes[0].node.Peers() {
		if p.Node == out.st.Node() && p.Reachable {
			t.Fatal("outsider listed as a reachable member")
		}
	}
}

func TestForgedAndReplayed(t *testing.T) {
	c := newCluster(t, 3, true, nil)
	a, b, victim := c.nodes[0], c.nodes[1], c.nodes[2]
	put(t, victim.st, "actor", "01HZVICTIM000000000000001", map[string]any{"name": "Original"})
	eventually(t, 10*time.Second, "synced", func() error { return converged(c.nodes...) })

	// A member forges a change under the victim's id, signed with its own key.
	vec, _ := a.st.Vector()
	forged := sbsync.Change{Origin: victim.st.Node(), Seq: vec[victim.st.Node()] + 1, HLC: sbsync.MakeHLC(time.Now(), 0),
		Kind: "actor", ID: "01HZVICTIM000000000000001", Op: sbsync.OpSet,
		Fields: map[string]json.RawMessage{"name": json.RawMessage(`"Forged"`)}}
	forged.Origin = a.st.Node()
	if err := a.id.Sign(&forged); err != nil {
		t.Fatal(err)
	}
	forged.Origin = victim.st.Node()
	raw, _ := wire.Encode(&wire.Hint{From: a.st.Node(), Changes: []sbsync.Change{forged}, Heads: sbsync.Vector{victim.st.Node(): forged.Seq}})
	reg, _ := b.file.Registry()
	_, _ = reg.Merge(a.file.Notices)
	_, _ = reg.Merge(victim.file.Notices)
	if err := reg.Verify(&forged); err == nil {
		t.Fatal("forged change verified")
	}
	// Deliver it as a gossip message through a's memberlist.
	sendRaw(t, a, b, raw)
	eventually(t, 5*time.Second, "forgery refused", func() error {
		if b.node.Stats().Refused == 0 {
			return errNotYet
		}
		return nil
	})
	r, _ := b.st.Get("actor", "01HZVICTIM000000000000001")
	if string(r.Fields["name"].Winner().Value) != `"Original"` {
		t.Fatalf("forged value applied: %s", r.Fields["name"].Winner().Value)
	}

	// Replay old changes: nothing changes.
	h := hash(t, b.st)
	var old []sbsync.Change
	_ = victim.st.ChangesSince(sbsync.Vector{}, func(c sbsync.Change) error { old = append(old, c); return nil })
	replay, _ := wire.Encode(&wire.Hint{From: victim.st.Node(), Changes: old, Heads: sbsync.Vector{victim.st.Node(): old[len(old)-1].Seq}})
	before, hints := b.node.Stats().ChangesApplied, b.node.Stats().HintsReceived
	sendRaw(t, victim, b, replay)
	eventually(t, 5*time.Second, "replay handled", func() error {
		if b.node.Stats().HintsReceived == hints {
			return errNotYet
		}
		return nil
	})
	if got := hash(t, b.st); got != h || b.node.Stats().ChangesApplied != before {
		t.Fatal("a replayed chunk changed the replica")
	}
}

// sendRaw sends a raw message from one node to another over the network.
func sendRaw(t *testing.T, from, to *testNode, raw []byte) {
	t.Helper()
	if err := from.node.SendRaw(to.st.Node(), raw); err != nil {
		t.Fatal(err)
	}
}

type notYet struct{}

func (notYet) Error() string { return "not yet" }

var errNotYet = notYet{}

// TestClockGuard: a change stamped an hour ahead is held back, reported and
// not applied.
func TestClockGuard(t *testing.T) {
	c := newCluster(t, 2, false, nil)
	future := time.Now().Add(time.Hour)
	st, err := store.Open(t.TempDir(), store.Options{Schema: testSchema{}, NoSync: true, Now: func() time.Time { return future }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cs := put(t, st, "actor", "01HZFUTURE000000000000001", map[string]any{"name": "From the future"})
	raw, _ := wire.Encode(&wire.Hint{From: st.Node(), Changes: cs, Heads: sbsync.Vector{st.Node(): 1}})
	sendRaw(t, c.nodes[0], c.nodes[1], raw)
	eventually(t, 5*time.Second, "held back", func() error {
		if len(c.nodes[1].node.Held()) == 0 {
			return errNotYet
		}
		return nil
	})
	if _, err := c.nodes[1].st.Get("actor", "01HZFUTURE000000000000001"); err == nil {
		t.Fatal("a change from the future was applied")
	}
	_ = gossip.Held{}
	_ = trust.ErrRevoked
}

// TestStrippedSignaturesDoNotStallForwarding is a hostile relay's attack on
// the signature chain: it hands an office an origin's changes with every
// signature stripped but the last of each run of 500. They are authentic
// (their links vouch for them), so the office keeps them; when it forwards
// them in chunks of another size, a chunk must not end on a change whose
// own signature does not hold, or the next office refuses it forever.
func TestStrippedSignaturesDoNotStallForwarding(t *testing.T) {
	c := newCluster(t, 3, true, func(cfg *gossip.Config) { cfg.ChunkBytes = 64 << 10 })
	origin, office, next := c.nodes[0], c.nodes[1], c.nodes[2]
	office.stopNode()
	next.stopNode()
	makeEdits(t, origin.st, 3000, 1000, "01HZSTRIP")
	var all []sbsync.Change
	if err := origin.st.ChangesSince(sbsync.Vector{}, func(ch sbsync.Change) error {
		if ch.Origin == origin.st.Node() {
			all = append(all, ch)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	origin.stopNode()
	// Both offices know the origin's certificate (as from earlier gossip).
	for _, tn := range []*testNode{office, next} {
		tn.file.Notices.Members = append(tn.file.Notices.Members, origin.file.Notices.Members...)
	}
	reg, err := office.file.Registry()
	if err != nil {
		t.Fatal(err)
	}
	for lo := 0; lo < len(all); lo += 500 {
		run := all[lo:min(lo+500, len(all))]
		for i := range run[:len(run)-1] {
			run[i].Sig = nil
		}
		for i, err := range reg.VerifyBatch(run) {
			if err != nil {
				t.Fatalf("stripped run: change %d refused: %v", run[i].Seq, err)
			}
		}
		if _, err := office.st.ApplyRemote(run); err != nil {
			t.Fatal(err)
		}
	}
	c.start(office)
	c.start(next)
	if _, err := next.node.Join(context.Background(), []string{office.node.Addr()}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 60*time.Second, "the next office holds the origin's changes", func() error {
		v, _ := next.st.Vector()
		if got := v[origin.st.Node()]; got != uint64(len(all)) {
			return fmt.Errorf("%d of %d", got, len(all))
		}
		return nil
	})
}
