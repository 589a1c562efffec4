package gossip_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/gossip"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// records counts the actors in st.
func records(t testing.TB, st *store.Store) int {
	t.Helper()
	v, err := st.Vector()
	if err != nil {
		t.Fatal(err)
	}
	var n uint64
	for _, s := range v {
		n += s
	}
	return int(n)
}

// TestSessionBothWays: two nodes that each hold changes the other lacks
// meet once; one session carries both directions.
func TestSessionBothWays(t *testing.T) {
	c := &cluster{t: t, signed: true}
	a := c.add(t.TempDir())
	b := c.add(t.TempDir())
	t.Cleanup(c.stop)
	a.stopNode()
	b.stopNode()
	makeEdits(t, a.st, 3000, 500, "01HZBOTHA")
	makeEdits(t, b.st, 2000, 500, "01HZBOTHB")
	c.start(a)
	c.tweak = func(cfg *gossip.Config) { cfg.Join = []string{a.node.Addr()} }
	c.start(b)
	eventually(t, 30*time.Second, "both ways", func() error { return converged(a, b) })
	for _, n := range []*testNode{a, b} {
		st := n.node.Stats()
		if st.ChunksReceived == 0 || st.ChunksSent == 0 {
			t.Errorf("%s: chunks sent %d, received %d: not both ways", n.st.Node(), st.ChunksSent, st.ChunksReceived)
		}
		if st.Duplicates != 0 {
			t.Errorf("%s: %d changes arrived twice", n.st.Node(), st.Duplicates)
		}
	}
	eventually(t, 10*time.Second, "connected status", func() error {
		for _, p := range b.node.Peers() {
			if p.Node == a.st.Node() && p.Connected && p.Known && p.WeLack == 0 && p.TheyLack == 0 && p.BytesReceived > 0 {
				return nil
			}
		}
		return fmt.Errorf("peers of b: %+v", b.node.Peers())
	})
	// Live: the session stays open and carries fresh edits.
	put(t, b.st, "actor", "01HZLIVE00000000000000001", map[string]any{"name": "Live"})
	eventually(t, 10*time.Second, "live edit", func() error { return converged(a, b) })
}

// outsider starts a node with the network's key and registry but an
// identity without a certificate (or a revoked one) on a fresh store,
// joined to addr.
func (c *cluster) outsider(id trust.Identity, dir string, st *store.Store, addr string) *gossip.Node {
	c.t.Helper()
	reg, err := c.nodes[0].file.Registry()
	if err != nil {
		c.t.Fatal(err)
	}
	cfg := gossip.TestConfig()
	cfg.Trust, cfg.Identity, cfg.Keys, cfg.Logger = reg, id, c.keys, logger().With("role", "outsider")
	cfg.Join = []string{addr}
	node, err := gossip.New(cfg, replica{st})
	if err != nil {
		c.t.Fatal(err)
	}
	if err := node.Start(context.Background()); err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		node.Stop(ctx)
	})
	return node
}

// TestKeyWithoutCertificateGetsNothing: a node that holds the network key
// but no certificate is a memberlist member (it has the key) yet its
// sessions are refused and no change reaches it, neither by session nor
// by gossip.
func TestKeyWithoutCertificateGetsNothing(t *testing.T) {
	c := newCluster(t, 2, true, nil)
	put(t, c.nodes[0].st, "actor", "01HZSECRET000000000000002", map[string]any{"name": "Members only"})
	eventually(t, 10*time.Second, "members synced", func() error { return converged(c.nodes...) })

	dir := t.TempDir()
	st := c.openStore(dir, nil)
	defer st.Close()
	hostile := c.outsider(trust.NewIdentity(st.Key(), "intruder"), dir, st, c.nodes[0].node.Addr())
	eventually(t, 10*time.Second, "refused", func() error {
		if c.nodes[0].node.Stats().SessionsRefused == 0 {
			return errNotYet
		}
		return nil
	})
	// A fresh edit is gossiped while the outsider listens.
	put(t, c.nodes[1].st, "actor", "01HZSECRET000000000000003", map[string]any{"name": "Also members only"})
	eventually(t, 10*time.Second, "members synced", func() error { return converged(c.nodes...) })
	time.Sleep(time.Second) // the outsider's chance to receive
	if k := records(t, st); k != 0 {
		t.Fatalf("the outsider holds %d changes", k)
	}
	for _, p := range c.nodes[0].node.Peers() {
		if p.Node == st.Node() && p.Connected {
			t.Fatal("the outsider is listed as connected")
		}
	}
	if hostile.Stats().ChunksReceived != 0 {
		t.Fatal("the outsider received chunks")
	}
}

// TestRevokedPeerRefused: once a member is revoked its session is closed,
// its new sessions are refused and later changes no longer reach it.
func TestRevokedPeerRefused(t *testing.T) {
	c := newCluster(t, 3, true, nil)
	founder, other, revoked := c.nodes[0], c.nodes[1], c.nodes[2]
	put(t, founder.st, "actor", "01HZBEFORE000000000000001", map[string]any{"name": "Before"})
	eventually(t, 10*time.Second, "synced", func() error { return converged(c.nodes...) })

	vec, _ := revoked.st.Vector()
	rev := trust.Revoke(c.founder, c.network, revoked.st.Node(), vec[revoked.st.Node()])
	if err := founder.node.Publish(trust.Notices{Revoked: []trust.Revocation{rev}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "sessions with the revoked node closed", func() error {
		for _, n := range []*testNode{founder, other} {
			for _, p := range n.node.Peers() {
				if p.Node == revoked.st.Node() && (p.Connected || !p.Revoked) {
					return fmt.Errorf("%s sees %+v", n.st.Node(), p)
				}
			}
		}
		return nil
	})
	refused := founder.node.Stats().SessionsRefused + other.node.Stats().SessionsRefused
	put(t, founder.st, "actor", "01HZAFTER0000000000000001", map[string]any{"name": "After"})
	eventually(t, 10*time.Second, "members synced", func() error { return converged(founder, other) })
	eventually(t, 10*time.Second, "redials refused", func() error {
		if founder.node.Stats().SessionsRefused+other.node.Stats().SessionsRefused == refused {
			return errNotYet
		}
		return nil
	})
	if _, err := revoked.st.Get("actor", "01HZAFTER0000000000000001"); err == nil {
		t.Fatal("a change made after the revocation reached the revoked node")
	}
}

// TestResumeAfterCut cuts a session in the middle of a catch-up; the next
// session resumes from the receiver's vector: nothing applied is sent
// again, and what was on its way at the cut is at most the window.
func TestResumeAfterCut(t *testing.T) {
	chunk, edits := 64<<10, 20000
	if raceEnabled { // signatures and the race detector: ~60 changes/s
		chunk, edits = 16<<10, 3000
	}
	c := newCluster(t, 2, !raceEnabled, func(cfg *gossip.Config) { cfg.ChunkBytes = chunk })
	src, dst := c.nodes[0], c.nodes[1]
	dst.stopNode()
	before, _ := dst.st.Vector()
	makeEdits(t, src.st, edits, 1000, "01HZRESUME")
	want, _ := zstdSize(t, src.st, before)
	sent0 := src.node.Stats().CatchUpBytesSent
	c.start(dst)
	eventually(t, 30*time.Second, "catch-up under way", func() error {
		if dst.node.Stats().ChunksReceived < 5 {
			return errNotYet
		}
		return nil
	})
	src.tr.Block(dst.node.Addr())
	dst.tr.Block(src.node.Addr())
	cutAt := records(t, dst.st)
	if converged(src, dst) == nil {
		t.Fatal("the catch-up ended before the cut: nothing to resume")
	}
	time.Sleep(300 * time.Millisecond)
	src.tr.Unblock()
	dst.tr.Unblock()
	eventually(t, 60*time.Second, "resumed and caught up", func() error { return converged(src, dst) })
	st := dst.node.Stats()
	sent := src.node.Stats().CatchUpBytesSent - sent0
	t.Logf("cut after %d changes; %d changes arrived twice; chunks %d bytes = %.3f × zstd %d",
		cutAt, st.Duplicates, sent, float64(sent)/float64(want), want)
	perChunk := uint64(chunk / 250) // an edit here is > 250 bytes of JSON
	if st.Duplicates > perChunk {
		t.Errorf("%d changes arrived twice, more than one chunk (%d)", st.Duplicates, perChunk)
	}
	if window := gossip.DefaultConfig().SessionWindow; float64(sent) > 1.2*float64(want)+float64(window*chunk) {
		t.Errorf("sent %d bytes of chunks for %d zstd bytes", sent, want)
	}
}

// TestHubForwards: two offices that cannot dial each other sync through a
// third node both reach.
func TestHubForwards(t *testing.T) {
	c := newCluster(t, 3, true, nil)
	hub, o1, o2 := c.nodes[0], c.nodes[1], c.nodes[2]
	o1.tr.Block(o2.node.Addr())
	o2.tr.Block(o1.node.Addr())
	eventually(t, 10*time.Second, "sessions with the hub only", func() error {
		for _, p := range o1.node.Peers() {
			if p.Node == o2.st.Node() && p.Connected {
				return fmt.Errorf("o1 still has a session with o2")
			}
			if p.Node == hub.st.Node() && !p.Connected {
				return fmt.Errorf("o1 has no session with the hub")
			}
		}
		return nil
	})
	put(t, o1.st, "actor", "01HZHUB0000000000000000001", map[string]any{"name": "From office 1"})
	eventually(t, 10*time.Second, "edit at office 2", func() error {
		_, err := o2.st.Get("actor", "01HZHUB0000000000000000001")
		return err
	})
	put(t, o2.st, "actor", "01HZHUB0000000000000000002", map[string]any{"name": "From office 2"})
	eventually(t, 10*time.Second, "converged", func() error { return converged(c.nodes...) })
	eventually(t, 10*time.Second, "office 2 shown through the hub", func() error {
		for _, p := range o1.node.Peers() {
			if p.Node == o2.st.Node() {
				if !p.Connected && p.Via == hub.st.Node() && p.Reachable && p.Known && p.WeLack == 0 {
					return nil
				}
				return fmt.Errorf("o2 at o1: %+v", p)
			}
		}
		return fmt.Errorf("o2 not listed at o1")
	})
	if d := o2.node.Stats().Duplicates + o1.node.Stats().Duplicates; d > 2 {
		t.Errorf("%d changes arrived twice", d)
	}
	_ = sbsync.Vector{}
}

// TestDialDoesNotWaitForJoin: a node dialling an address it knows no node
// at joins memberlist there and opens a session at once, not one after the
// other: on a lossy link each costs a handshake and a round trip or more.
// The address here is the peer's under another name (as an office knows
// its hub by the configured address); while the dialler's join is held
// back, the session must open anyway.
func TestDialDoesNotWaitForJoin(t *testing.T) {
	release := gossip.HoldDialJoins(t)
	defer release()
	c := newCluster(t, 1, true, nil)
	a := c.nodes[0]
	c.tweak = func(cfg *gossip.Config) {
		cfg.Join = []string{fmt.Sprintf("localhost:%d", a.port)}
		// b is behind NAT: what it advertises reaches nothing, so a cannot
		// dial it and only b's own dial can open the session.
		cfg.AdvertiseAddr, cfg.AdvertisePort = "127.0.0.2", cfg.Transport.(*gossip.Transport).Port()
	}
	b := c.add(t.TempDir())
	eventually(t, 20*time.Second, "a session while the join is held", func() error {
		for _, p := range b.node.Peers() {
			if p.Node == a.node.ID() && p.Connected {
				return nil
			}
		}
		return errNotYet
	})
}
