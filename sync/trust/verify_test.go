package trust_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"

	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// chained signs changes 1..n of id the way the store does: each linked to
// the digest of the one before it.
func chained(t testing.TB, id trust.Identity, n int) []sbsync.Change {
	t.Helper()
	out := make([]sbsync.Change, 0, n)
	var prev []byte
	for seq := 1; seq <= n; seq++ {
		c := change(id.Node, uint64(seq))
		c.Prev = prev
		if err := id.Sign(&c); err != nil {
			t.Fatal(err)
		}
		d, err := c.SigningBytes()
		if err != nil {
			t.Fatal(err)
		}
		prev = d
		out = append(out, c)
	}
	return out
}

// refusedIn returns the errors of the refused changes.
func refusedIn(errs []error) []error {
	var out []error
	for _, err := range errs {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// TestVerifyBatchChain: a batch of two origins' chained changes in any
// order verifies whole; the signatures below the newest of a run are not
// what vouches for them (stripped, the run still verifies), while every
// tampered value, link or tail is refused and the rest is kept.
func TestVerifyBatchChain(t *testing.T) {
	n := newNet(t)
	a, b := chained(t, n.joiner, 120), chained(t, n.founder, 80)
	batch := append(append([]sbsync.Change{}, a...), b...)
	rand.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
	if errs := n.reg.VerifyBatch(batch); len(refusedIn(errs)) > 0 {
		t.Fatalf("honest chained batch refused: %v", refusedIn(errs))
	}

	// Strip every signature but the newest: the chain vouches for them.
	stripped := append([]sbsync.Change{}, a...)
	for i := range stripped[:len(stripped)-1] {
		stripped[i].Sig = nil
	}
	if errs := n.reg.VerifyBatch(stripped); len(refusedIn(errs)) > 0 {
		t.Fatalf("chain did not vouch for its changes: %v", refusedIn(errs))
	}
	if err := n.reg.Verify(&stripped[5]); !errors.Is(err, trust.ErrBadSignature) {
		t.Fatalf("a stripped change verified on its own: %v", err)
	}

	cases := map[string]struct {
		edit    func(cs []sbsync.Change)
		refused []int // indexes of a that must be refused
	}{
		"a value changed in the middle": {func(cs []sbsync.Change) {
			cs[50].Fields = map[string]json.RawMessage{"name": json.RawMessage(`"Forged"`), "phone": cs[50].Fields["phone"], "country": cs[50].Fields["country"]}
		}, []int{50}},
		"a link replaced": {func(cs []sbsync.Change) { cs[70].Prev = make([]byte, 32) }, []int{70}},
		"the tail forged": {func(cs []sbsync.Change) { cs[119].Sig[0] ^= 1 }, []int{119}},
		"a change of another node inserted into the chain": {func(cs []sbsync.Change) {
			other := change(n.joiner.Node, 30)
			other.Fields["name"] = json.RawMessage(`"Injected"`)
			other.Prev, other.Sig = cs[29].Prev, cs[29].Sig
			cs[29] = other
		}, []int{29}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			cs := make([]sbsync.Change, len(a))
			for i, c := range a {
				c.Sig = append([]byte(nil), c.Sig...)
				cs[i] = c
			}
			tc.edit(cs)
			errs := n.reg.VerifyBatch(cs)
			want := map[int]bool{}
			for _, i := range tc.refused {
				want[i] = true
			}
			for i, err := range errs {
				if want[i] != (err != nil) {
					t.Errorf("change %d: refused=%v (%v), want refused=%v", cs[i].Seq, err != nil, err, want[i])
				}
				if err != nil && !errors.Is(err, trust.ErrBadSignature) {
					t.Errorf("change %d: %v", cs[i].Seq, err)
				}
			}
		})
	}
}

// TestVerifyBatchKeepsMembership: a chain does not lift the member checks:
// a revoked origin's changes after its UpTo are refused even when the
// chain links them, and an unknown origin's chain is refused whole.
func TestVerifyBatchKeepsMembership(t *testing.T) {
	n := newNet(t)
	a := chained(t, n.joiner, 10)
	mustMerge(t, n.reg, trust.Notices{Revoked: []trust.Revocation{trust.Revoke(n.founder, n.id, n.joiner.Node, 4)}})
	errs := n.reg.VerifyBatch(a)
	for i, err := range errs {
		if want := a[i].Seq > 4; (err != nil) != want || want && !errors.Is(err, trust.ErrRevoked) {
			t.Errorf("change %d after revocation at 4: %v", a[i].Seq, err)
		}
	}
	stranger := chained(t, newID("XX"), 5)
	for i, err := range n.reg.VerifyBatch(stranger) {
		if !errors.Is(err, trust.ErrUnknownOrigin) {
			t.Errorf("stranger's change %d: %v", stranger[i].Seq, err)
		}
	}
}

// BenchmarkVerifyBatch compares one origin's 1,000 chained changes checked
// in a batch with the same checked one by one.
func BenchmarkVerifyBatch(b *testing.B) {
	t := &testing.T{}
	n := newNet(t)
	cs := chained(b, n.joiner, 1000)
	b.Run("batch", func(b *testing.B) {
		for b.Loop() {
			n.reg.VerifyBatch(cs)
		}
	})
	b.Run("each", func(b *testing.B) {
		for b.Loop() {
			for i := range cs {
				n.reg.Verify(&cs[i])
			}
		}
	})
}
