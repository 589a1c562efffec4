package gossip_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"sbcc/app/model"
	sbsync "sbcc/sync"
	"sbcc/sync/gossip"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// testNode is one replica with its store, node and transport.
type testNode struct {
	t     testing.TB
	dir   string
	st    *store.Store
	node  *gossip.Node
	tr    *gossip.Transport
	id    trust.Identity
	file  *trust.File
	port  int
	unsub func()
}

type cluster struct {
	t       testing.TB
	nodes   []*testNode
	network string
	keys    [][]byte
	founder trust.Identity
	signed  bool
	tweak   func(*gossip.Config)
}

func logger() *slog.Logger {
	if os.Getenv("SBCC_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// newCluster starts n nodes joined to the first. signed makes a network
// with keys and signatures, as in production.
func newCluster(t testing.TB, n int, signed bool, tweak func(*gossip.Config)) *cluster {
	c := &cluster{t: t, signed: signed, tweak: tweak}
	for i := 0; i < n; i++ {
		c.add(t.TempDir())
	}
	for _, tn := range c.nodes[1:] {
		if _, err := tn.node.Join(context.Background(), []string{c.nodes[0].node.Addr()}); err != nil {
			t.Fatalf("join: %v", err)
		}
	}
	t.Cleanup(c.stop)
	return c
}

func (c *cluster) openStore(dir string, sign func(*sbsync.Change) error) *store.Store {
	st, err := store.Open(dir, store.Options{Schema: model.Schema{}, NoSync: true, Sign: sign})
	if err != nil {
		c.t.Fatalf("open store: %v", err)
	}
	return st
}

// add opens a store in dir and starts a node on it.
func (c *cluster) add(dir string) *testNode {
	tn := &testNode{t: c.t, dir: dir}
	// Learn the node id first, then reopen with the signing hook.
	st := c.openStore(dir, nil)
	key := st.Key()
	st.Close()
	if c.signed {
		if f, err := trust.Load(dir); err == nil {
			tn.file = f
			tn.id = f.Self
		} else {
			tn.id = trust.NewIdentity(key, fmt.Sprintf("office-%d", len(c.nodes)))
			if len(c.nodes) == 0 && c.network == "" {
				m, network := trust.Founder(tn.id)
				c.network, c.founder, c.keys = network, tn.id, [][]byte{trust.NewKey()}
				tn.file = &trust.File{Network: network, Keys: c.keys, Self: tn.id, Notices: trust.Notices{Members: []trust.Member{m}}}
			} else {
				inv := trust.NewInvite(c.founder, c.network, c.keys, nil, time.Now(), time.Now().Add(time.Hour), trust.Notices{})
				m, err := inv.Accept(tn.id, time.Now())
				if err != nil {
					c.t.Fatal(err)
				}
				tn.file = &trust.File{Network: c.network, Keys: c.keys, Self: tn.id, Notices: trust.Notices{Members: []trust.Member{m}}}
			}
			if err := tn.file.Save(dir); err != nil {
				c.t.Fatal(err)
			}
		}
		tn.st = c.openStore(dir, tn.id.Sign)
	} else {
		tn.st = c.openStore(dir, nil)
	}
	c.start(tn)
	c.nodes = append(c.nodes, tn)
	return tn
}

func (c *cluster) start(tn *testNode) {
	tr, err := gossip.NewTransport("127.0.0.1", tn.port)
	if err != nil {
		c.t.Fatal(err)
	}
	tn.tr = tr
	tn.port = tr.Port()
	cfg := gossip.TestConfig()
	cfg.Transport = tr
	cfg.Logger = logger().With("port", tn.port)
	cfg.PeerFile = gossip.PeerFile(tn.dir)
	if c.signed {
		reg, err := tn.file.Registry()
		if err != nil {
			c.t.Fatal(err)
		}
		cfg.Trust = reg
		cfg.Identity = tn.id
		cfg.Keys = tn.file.Keys
		cfg.Office = tn.id.Office
	}
	if c.tweak != nil {
		c.tweak(&cfg)
	}
	node, err := gossip.New(cfg, replica{tn.st})
	if err != nil {
		c.t.Fatal(err)
	}
	tn.unsub = tn.st.Subscribe(func(cm store.Commit) {
		if cm.Local {
			node.Notify(cm.Changes)
		}
	})
	if err := node.Start(context.Background()); err != nil {
		c.t.Fatal(err)
	}
	tn.node = node
}

// stopNode stops the node but keeps its store open.
func (tn *testNode) stopNode() {
	if tn.node == nil {
		return
	}
	tn.unsub()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	tn.node.Stop(ctx)
	tn.node = nil
}

func (c *cluster) stop() {
	for _, tn := range c.nodes {
		tn.stopNode()
		tn.st.Close()
	}
}

type testSchema = model.Schema

// replica adapts the store to gossip.Replica.
type replica struct{ *store.Store }

func (r replica) PrepareRemote(cs []sbsync.Change, logged []json.RawMessage) func() (sbsync.ApplyResult, error) {
	return r.Store.PrepareRemote(cs, logged)
}

func put(t testing.TB, st *store.Store, kind, id string, fields map[string]any) []sbsync.Change {
	t.Helper()
	raw := map[string]json.RawMessage{}
	for k, v := range fields {
		b, _ := json.Marshal(v)
		raw[k] = b
	}
	cs, err := st.Commit(store.Edit{Kind: kind, ID: id, Op: sbsync.OpSet, Fields: raw})
	if err != nil {
		t.Fatalf("commit: %v", err)
	}
	return cs
}

func hash(t testing.TB, st *store.Store) string {
	h, err := st.Hash()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h)
}

// eventually retries cond until it holds or the timeout passes.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var err error
	for time.Now().Before(deadline) {
		if err = cond(); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s: not within %s: %v", what, timeout, err)
}

// converged checks that every listed node has the same hash and vector.
func converged(nodes ...*testNode) error {
	v0, _ := nodes[0].st.Vector()
	for _, n := range nodes[1:] {
		v, _ := n.st.Vector()
		if v.Count(v0)+v0.Count(v) != 0 {
			return fmt.Errorf("vector of %s differs from %s: %v vs %v", n.st.Node(), nodes[0].st.Node(), v, v0)
		}
	}
	h0, _ := nodes[0].st.Hash()
	for _, n := range nodes[1:] {
		h, _ := n.st.Hash()
		v, _ := n.st.Vector()
		if string(h) != string(h0) {
			return fmt.Errorf("hash of %s differs from %s (vectors %v vs %v)", n.st.Node(), nodes[0].st.Node(), v, v0)
		}
	}
	return nil
}
