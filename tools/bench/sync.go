package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	stdsync "sync"
	"time"

	"sbcc/app/model"
	"sbcc/internal/netproxy"
	sbsync "sbcc/sync"
	"sbcc/sync/gossip"
	"sbcc/sync/store"
	"sbcc/sync/trust"
	"sbcc/sync/wire"
)

func init() { sections = append(sections, section{name: "sync", run: benchSync}) }

// syncNode is one in-process replica on loopback.
type syncNode struct {
	dir  string
	st   *store.Store
	node *gossip.Node
	tr   *gossip.Transport
	id   trust.Identity
	// proxy is the slow link in front of the node, when the net has one.
	proxy *netproxy.Proxy
}

// syncNet is a signed network of in-process nodes.
type syncNet struct {
	network string
	keys    [][]byte
	founder trust.Identity
	members []trust.Member
	nodes   []*syncNode
	// link, when set, puts every node behind a proxy with this link and
	// makes it advertise the proxy's address, so that every TCP stream
	// to it crosses the link.
	link *netproxy.Config
}

func (sn *syncNet) open(dir string) (*syncNode, error) {
	st, err := store.Open(dir, store.Options{Schema: model.Schema{}, NoSync: true})
	if err != nil {
		return nil, err
	}
	key := st.Key()
	st.Close()
	n := &syncNode{dir: dir}
	if sn.network == "" {
		n.id = trust.NewIdentity(key, "office-0")
		m, network := trust.Founder(n.id)
		sn.network, sn.founder, sn.keys, sn.members = network, n.id, [][]byte{trust.NewKey()}, []trust.Member{m}
	} else {
		n.id = trust.NewIdentity(key, fmt.Sprintf("office-%d", len(sn.nodes)))
		m, err := trust.NewInvite(sn.founder, sn.network, sn.keys, nil, time.Now(), time.Now().Add(time.Hour), trust.Notices{}).Accept(n.id, time.Now())
		if err != nil {
			return nil, err
		}
		sn.members = append(sn.members, m)
	}
	n.st, err = store.Open(dir, store.Options{Schema: model.Schema{}, NoSync: true, Sign: n.id.Sign})
	return n, err
}

func (sn *syncNet) start(ctx context.Context, n *syncNode, cfg gossip.Config, join string) error {
	tr, err := gossip.NewTransport("127.0.0.1", 0)
	if err != nil {
		return err
	}
	reg := trust.NewRegistry(sn.network)
	reg.Merge(trust.Notices{Members: sn.members})
	cfg.Transport, cfg.Trust, cfg.Keys, cfg.Office, cfg.Identity = tr, reg, sn.keys, n.id.Office, n.id
	if sn.link != nil {
		// A restarted node keeps its address (the proxy's) on a new port.
		target := fmt.Sprintf("127.0.0.1:%d", tr.Port())
		if n.proxy != nil {
			n.proxy.SetTarget(target)
		} else {
			lc := *sn.link
			lc.Target = target
			if n.proxy, err = netproxy.New(lc); err != nil {
				return err
			}
		}
		cfg.AdvertiseAddr, cfg.AdvertisePort = "127.0.0.1", n.proxy.Port()
	}
	if join != "" {
		// As `sbcc serve` passes the network file's addresses: the node
		// dials a session there at once and joins memberlist beside it.
		cfg.Join = []string{join}
	}
	node, err := gossip.New(cfg, n.st)
	if err != nil {
		return err
	}
	n.st.Subscribe(func(c store.Commit) {
		if c.Local {
			node.Notify(c.Changes)
		}
	})
	if err := node.Start(ctx); err != nil {
		return err
	}
	n.node, n.tr = node, tr
	return nil
}

func (sn *syncNet) close() {
	for _, n := range sn.nodes {
		if n.node != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			n.node.Stop(ctx)
			cancel()
		}
		n.st.Close()
		if n.proxy != nil {
			n.proxy.Close()
		}
	}
}

// newSyncNet opens and starts k nodes joined to the first.
func newSyncNet(ctx context.Context, dir string, k int, cfg gossip.Config) (*syncNet, error) {
	return newSyncNetVia(ctx, dir, k, cfg, nil)
}

// newSyncNetVia is newSyncNet with every node behind link (nil: none).
func newSyncNetVia(ctx context.Context, dir string, k int, cfg gossip.Config, link *netproxy.Config) (*syncNet, error) {
	sn := &syncNet{link: link}
	for i := range k {
		n, err := sn.open(filepath.Join(dir, fmt.Sprint(i)))
		if err != nil {
			return sn, err
		}
		sn.nodes = append(sn.nodes, n)
	}
	for i, n := range sn.nodes {
		join := ""
		if i > 0 {
			join = sn.nodes[0].node.Addr()
		}
		if err := sn.start(ctx, n, cfg, join); err != nil {
			return sn, err
		}
	}
	return sn, nil
}

func benchCfg() gossip.Config {
	cfg := gossip.DefaultConfig() // production (LAN) timings
	cfg.BindAddr, cfg.BindPort = "127.0.0.1", 0
	if os.Getenv("SBCC_BENCH_LOG") != "" {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return cfg
}

func actorEdits(prefix string, from, to int) []store.Edit {
	var edits []store.Edit
	for j := from; j < to; j++ {
		name, _ := json.Marshal(fmt.Sprintf("Creative actor %d of %s", j, prefix))
		edits = append(edits, store.Edit{Kind: "actor", ID: fmt.Sprintf("%s%020d", prefix, j), Op: sbsync.OpSet,
			Fields: map[string]json.RawMessage{"name": name, "country": json.RawMessage(`"SE"`),
				"sectors": json.RawMessage(`["design","games"]`)}})
	}
	return edits
}

func waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// editToAll measures, for edits made one at a time on rotating nodes, the
// time until every node has applied each edit.
func editToAll(ctx context.Context, dir string, k, edits int) (p50, p99 time.Duration, lost int, err error) {
	sn, err := newSyncNet(ctx, dir, k, benchCfg())
	defer sn.close()
	if err != nil {
		return 0, 0, 0, err
	}
	if !waitFor(30*time.Second, func() bool {
		for _, n := range sn.nodes {
			if len(n.node.Peers()) < k {
				return false
			}
		}
		return true
	}) {
		return 0, 0, 0, fmt.Errorf("%d nodes did not see each other", k)
	}
	type key struct {
		o sbsync.NodeID
		s uint64
	}
	var mu stdsync.Mutex
	made := map[key]time.Time{}
	last := map[key]time.Time{}
	count := map[key]int{}
	for _, n := range sn.nodes {
		n.st.Subscribe(func(c store.Commit) {
			now := time.Now()
			mu.Lock()
			defer mu.Unlock()
			for _, ch := range c.Changes {
				kk := key{ch.Origin, ch.Seq}
				if c.Local {
					made[kk] = now
				}
				count[kk]++
				last[kk] = now
			}
		})
	}
	for i := range edits {
		n := sn.nodes[i%k]
		if _, err := n.st.Commit(actorEdits(fmt.Sprintf("01HZE2A%02d", i%k), i, i+1)...); err != nil {
			return 0, 0, 0, err
		}
		time.Sleep(100 * time.Millisecond)
	}
	waitFor(20*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		for kk := range made {
			if count[kk] < k {
				return false
			}
		}
		return true
	})
	mu.Lock()
	defer mu.Unlock()
	var ds []time.Duration
	for kk, t0 := range made {
		if count[kk] < k {
			lost++
			continue
		}
		ds = append(ds, last[kk].Sub(t0))
	}
	slices.Sort(ds)
	return percentile(ds, 50), percentile(ds, 99), lost, nil
}

// catchUp measures one node catching up on n changes made while it was
// off, through link when not nil, giving up after timeout.
func catchUp(ctx context.Context, dir string, n int, link *netproxy.Config, timeout time.Duration) (took time.Duration, sent, zsize int, err error) {
	sn, err := newSyncNetVia(ctx, dir, 2, benchCfg(), link)
	defer sn.close()
	if err != nil {
		return 0, 0, 0, err
	}
	a, b := sn.nodes[0], sn.nodes[1]
	stopCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	b.node.Stop(stopCtx)
	cancel()
	b.node = nil
	before, _ := b.st.Vector()
	for i := 0; i < n; i += 1000 {
		if _, err := a.st.Commit(actorEdits("01HZCATCH", i, min(i+1000, n))...); err != nil {
			return 0, 0, 0, err
		}
	}
	var all []sbsync.Change
	a.st.ChangesSince(before, func(c sbsync.Change) error { all = append(all, c); return nil })
	raw, _ := json.Marshal(all)
	zsize = len(wire.Compress(raw))
	sent0 := a.tr.Sent()
	start := time.Now()
	if err := sn.start(ctx, b, benchCfg(), a.node.Addr()); err != nil {
		return 0, 0, 0, err
	}
	want, _ := a.st.Vector()
	if !waitFor(timeout, func() bool { v, _ := b.st.Vector(); return want.Count(v) == 0 }) {
		return 0, 0, 0, fmt.Errorf("catch-up did not finish in %s", timeout)
	}
	return time.Since(start), int(a.tr.Sent() - sent0), zsize, nil
}

// idle measures bytes per second per node of an idle 3-node network whose
// replicas hold records each.
func idle(ctx context.Context, dir string, records int, window time.Duration) (float64, error) {
	sn := &syncNet{}
	defer sn.close()
	for i := range 3 {
		n, err := sn.open(filepath.Join(dir, fmt.Sprint(i)))
		if err != nil {
			return 0, err
		}
		sn.nodes = append(sn.nodes, n)
	}
	for i := 0; i < records; i += 1000 {
		cs, err := sn.nodes[0].st.Commit(actorEdits("01HZIDLE", i, min(i+1000, records))...)
		if err != nil {
			return 0, err
		}
		for _, n := range sn.nodes[1:] {
			if _, err := n.st.ApplyRemote(cs); err != nil {
				return 0, err
			}
		}
	}
	cfg := benchCfg()
	cfg.PushPullInterval = 2 * time.Second // so that the window holds several push/pulls
	for i, n := range sn.nodes {
		join := ""
		if i > 0 {
			join = sn.nodes[0].node.Addr()
		}
		if err := sn.start(ctx, n, cfg, join); err != nil {
			return 0, err
		}
	}
	time.Sleep(3 * time.Second) // settle: joins and hellos
	var s0 uint64
	for _, n := range sn.nodes {
		s0 += n.tr.Sent()
	}
	time.Sleep(window)
	var s1 uint64
	for _, n := range sn.nodes {
		s1 += n.tr.Sent()
	}
	return float64(s1-s0) / window.Seconds() / 3, nil
}

func benchSync(ctx context.Context, cfg config) ([]row, error) {
	var rows []row
	dir, err := os.MkdirTemp(cfg.Dir, "sync-*")
	if err != nil {
		return nil, err
	}
	for _, k := range []int{5, 20} {
		p50, p99, lost, err := editToAll(ctx, filepath.Join(dir, fmt.Sprintf("e2a%d", k)), k, 40)
		if err != nil {
			return rows, err
		}
		rows = append(rows,
			row{fmt.Sprintf("edit to all %d nodes p50", k), ms(p50), "ms", ""},
			row{fmt.Sprintf("edit to all %d nodes p99", k), ms(p99), "ms", "≤ 2000"},
			row{fmt.Sprintf("edit to all %d nodes lost", k), fmt.Sprint(lost), "edits", "0"})
	}
	took, sent, zsize, err := catchUp(ctx, filepath.Join(dir, "catchup"), 10000, nil, time.Minute)
	if err != nil {
		return rows, err
	}
	rows = append(rows,
		row{"catch-up 10k changes", fmt.Sprintf("%.2f", took.Seconds()), "s", "≤ 2"},
		row{"catch-up 10k bytes / zstd size", fmt.Sprintf("%.3f", float64(sent)/float64(zsize)), "ratio", "≤ 1.2"})
	for _, n := range []int{1000, min(100_000, cfg.Actors)} {
		bps, err := idle(ctx, filepath.Join(dir, fmt.Sprintf("idle%d", n)), n, 10*time.Second)
		if err != nil {
			return rows, err
		}
		rows = append(rows, row{fmt.Sprintf("idle bytes/s per node, %d records", n), fmt.Sprintf("%.0f", bps), "B/s", "equal"})
	}
	rows = append(rows, row{"peak RSS of the whole bench process so far (all sections; not one node)", peakRSS(), "MB", ""})
	return rows, nil
}
