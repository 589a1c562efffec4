package gossip

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	stdsync "sync"
	"time"

	"github.com/hashicorp/memberlist"

	sbsync "sbcc/sync"
	"sbcc/sync/gossip/internal/mlog"
	"sbcc/sync/gossip/internal/peerbook"
	"sbcc/sync/trust"
	"sbcc/sync/wire"
)

// Replica is what a node needs from the store it replicates; sbcc's
// sync/store provides it.
type Replica interface {
	// Node returns the replica's node id.
	Node() sbsync.NodeID
	// Vector returns what the replica holds.
	Vector() (sbsync.Vector, error)
	// ChangesSince calls fn for every change held that a replica with
	// vector have lacks, in origin and sequence order.
	ChangesSince(have sbsync.Vector, fn func(sbsync.Change) error) error
	// RawChangesSince is ChangesSince with each change as the JSON the
	// replica keeps it in (valid only during the call), which sessions
	// pass on without decoding.
	RawChangesSince(have sbsync.Vector, fn func(origin sbsync.NodeID, seq uint64, raw []byte) error) error
	// PrepareRemote checks a batch of changes from a peer without
	// reading the replica and returns the step that applies them in one
	// transaction; a session prepares a chunk while the one before it
	// applies. logged is nil, or per change the JSON it came in when that
	// is exactly encoding/json's, which the replica may log as it is.
	PrepareRemote(changes []sbsync.Change, logged []json.RawMessage) func() (sbsync.ApplyResult, error)
	// Conflicts returns the open conflicts.
	Conflicts() ([]sbsync.Conflict, error)
}

// Errors of a node.
var (
	// ErrStopped is returned by calls on a node that was stopped.
	ErrStopped = errors.New("sync node stopped")
)

// Node is one replica on the network. Make it with New, run it with
// Start, end it with Stop.
type Node struct {
	cfg       Config
	rep       Replica
	id        sbsync.NodeID
	log       *slog.Logger
	now       func() time.Time
	ml        *memberlist.Memberlist
	keyring   *memberlist.Keyring
	queue     *memberlist.TransmitLimitedQueue
	transport memberlist.NodeAwareTransport

	in      chan []byte
	members chan memberEvent
	local   chan []sbsync.Change
	out     chan outMsg
	kick    chan struct{}
	done    chan struct{}
	wg      stdsync.WaitGroup
	stop    stdsync.Once

	addr string
	amu  stdsync.Mutex
	live map[sbsync.NodeID]liveNode

	signer   ed25519.PrivateKey
	refusals *mlog.Limiter

	mu        stdsync.Mutex
	closed    bool
	peers     map[sbsync.NodeID]*peer
	held      map[sbsync.NodeID]Held
	sessions  map[sbsync.NodeID]*session
	routes    map[sbsync.NodeID]sbsync.NodeID // origin → the session peer it comes from
	stats     Stats
	conflicts int
	book      *peerbook.Book
}

type peer struct {
	office      string
	addr        string
	alive       bool
	vec         sbsync.Vector
	conflicts   int
	lastContact time.Time
	sent, recv  uint64
}

type outMsg struct {
	to  sbsync.NodeID
	msg []byte
}

// New makes a node for rep. It does not touch the network until Start.
func New(cfg Config, rep Replica) (*Node, error) {
	def := DefaultConfig()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ChunkBytes <= 0 {
		cfg.ChunkBytes = def.ChunkBytes
	}
	if cfg.MaxSkew <= 0 {
		cfg.MaxSkew = def.MaxSkew
	}
	if cfg.SessionWindow <= 0 {
		cfg.SessionWindow = def.SessionWindow
	}
	for _, d := range []*time.Duration{&cfg.SyncInterval, &cfg.KeepAlive, &cfg.ReconnectMin, &cfg.ReconnectMax,
		&cfg.PushPullInterval, &cfg.GossipInterval, &cfg.ProbeInterval, &cfg.ProbeTimeout, &cfg.TCPTimeout} {
		if *d <= 0 {
			return nil, fmt.Errorf("gossip config: an interval is zero; start from DefaultConfig")
		}
	}
	n := &Node{cfg: cfg, rep: rep, id: rep.Node(), now: cfg.Now,
		log:      cfg.Logger.With("node", string(rep.Node())),
		in:       make(chan []byte, 512),
		members:  make(chan memberEvent, 256),
		local:    make(chan []sbsync.Change, 256),
		out:      make(chan outMsg, 256),
		kick:     make(chan struct{}, 1),
		done:     make(chan struct{}),
		peers:    map[sbsync.NodeID]*peer{},
		held:     map[sbsync.NodeID]Held{},
		live:     map[sbsync.NodeID]liveNode{},
		sessions: map[sbsync.NodeID]*session{},
		routes:   map[sbsync.NodeID]sbsync.NodeID{},
		signer:   cfg.Identity.Key,
		refusals: mlog.NewLimiter(time.Minute),
	}
	if cfg.Trust != nil && (len(n.signer) != ed25519.PrivateKeySize || cfg.Identity.Node != n.id) {
		return nil, fmt.Errorf("gossip config: a network node needs its identity (the node key of %s)", n.id)
	}
	if n.signer == nil {
		n.signer = trust.NewSigningKey() // no network: tests only
	}
	n.book = peerbook.Load(cfg.PeerFile, n.log)
	return n, nil
}

// ID returns the node id.
func (n *Node) ID() sbsync.NodeID { return n.id }

// Start joins the network: it starts memberlist, the worker goroutines and
// joins the configured and remembered peers (failures to reach them are
// logged and retried in the background, not returned).
func (n *Node) Start(ctx context.Context) error {
	mc := memberlist.DefaultLANConfig()
	mc.Name = string(n.id)
	mc.BindAddr, mc.BindPort = n.cfg.BindAddr, n.cfg.BindPort
	mc.AdvertiseAddr, mc.AdvertisePort = n.cfg.AdvertiseAddr, n.cfg.AdvertisePort
	mc.PushPullInterval, mc.GossipInterval = n.cfg.PushPullInterval, n.cfg.GossipInterval
	mc.ProbeInterval, mc.ProbeTimeout, mc.TCPTimeout = n.cfg.ProbeInterval, n.cfg.ProbeTimeout, n.cfg.TCPTimeout
	mc.GossipToTheDeadTime = n.cfg.PushPullInterval
	mc.DeadNodeReclaimTime = 10 * time.Second
	mc.EnableCompression = false // payloads are zstd already
	mc.Logger = mlog.NewStdLogger(n.log, n.now)
	mc.Delegate = delegate{n}
	mc.Events = events{n}
	mc.Alive = alive{n}
	if len(n.cfg.Keys) > 0 {
		kr, err := memberlist.NewKeyring(n.cfg.Keys, n.cfg.Keys[0])
		if err != nil {
			return fmt.Errorf("network key: %w", err)
		}
		n.keyring = kr
		mc.Keyring = kr
		mc.GossipVerifyIncoming, mc.GossipVerifyOutgoing = true, true
	}
	t := n.cfg.Transport
	if t == nil {
		nt, err := NewTransport(n.cfg.BindAddr, n.cfg.BindPort)
		if err != nil {
			return err
		}
		t = nt
	}
	n.transport = t
	mc.Transport = t
	if mc.AdvertisePort == 0 {
		if p, ok := t.(interface{ GetAutoBindPort() int }); ok {
			mc.BindPort = p.GetAutoBindPort()
		}
	}
	n.queue = &memberlist.TransmitLimitedQueue{NumNodes: n.numMembers, RetransmitMult: 3}
	ml, err := memberlist.Create(mc)
	if err != nil {
		t.Shutdown()
		return fmt.Errorf("start gossip on %s:%d: %w", n.cfg.BindAddr, n.cfg.BindPort, err)
	}
	n.ml = ml
	ln := ml.LocalNode()
	n.addr = net.JoinHostPort(ln.Addr.String(), strconv.Itoa(int(ln.Port)))
	if c, err := n.rep.Conflicts(); err == nil {
		n.setConflicts(len(c))
	}
	n.wg.Add(3)
	go n.work()
	go n.send()
	go n.reconnect()
	if sa, ok := t.(interface{ SessionCh() <-chan SessionConn }); ok {
		n.wg.Add(1)
		go n.accept(sa.SessionCh())
	}
	n.log.Info("sync node started", "addr", n.Addr(), "office", n.cfg.Office, "encrypted", n.keyring != nil)
	select {
	case n.kick <- struct{}{}: // dial the known peers now, not at the first tick
	default:
	}
	if addrs := n.joinCandidates(); len(addrs) > 0 {
		if _, err := n.Join(ctx, addrs); err != nil {
			n.log.Warn("no peer reachable yet; retrying in the background", "err", err)
		}
	}
	return nil
}

func (n *Node) numMembers() int {
	n.amu.Lock()
	defer n.amu.Unlock()
	return len(n.live) + 1
}

// liveNodes returns a copy of the alive nodes other than this one.
func (n *Node) liveNodes() map[sbsync.NodeID]liveNode {
	n.amu.Lock()
	defer n.amu.Unlock()
	out := make(map[sbsync.NodeID]liveNode, len(n.live))
	for k, v := range n.live {
		out[k] = v
	}
	return out
}

// Addr returns the host:port peers reach this node at.
func (n *Node) Addr() string { return n.addr }

// Join contacts the given addresses (host:port) and returns how many were
// reached. Reached addresses are remembered.
func (n *Node) Join(ctx context.Context, addrs []string) (int, error) {
	select {
	case <-n.done:
		return 0, ErrStopped
	default:
	}
	type result struct {
		k   int
		err error
	}
	ch := make(chan result, 1)
	go func() {
		k, err := n.ml.Join(addrs)
		ch <- result{k, err}
	}()
	select {
	case r := <-ch:
		return r.k, r.err
	case <-ctx.Done():
		go func() { <-ch }() // memberlist's join ends by its own timeouts
		return 0, ctx.Err()
	}
}

// Notify hands fresh local changes to the node for gossip. It never
// blocks; when the node is behind, the hint is skipped and peers get the
// changes by catch-up.
func (n *Node) Notify(changes []sbsync.Change) {
	if len(changes) == 0 {
		return
	}
	select {
	case n.local <- changes:
	default:
		n.log.Debug("hint skipped, node busy", "changes", len(changes))
	}
	n.wakeSessions()
}

// SyncNow asks the node to dial the peers it has no session with and to
// stream to its session peers now.
func (n *Node) SyncNow() {
	select {
	case n.kick <- struct{}{}:
	default:
	}
	n.wakeSessions()
}

// Publish merges network notices made here (revocation, rotation, a new
// member) and spreads them to every reachable node.
func (n *Node) Publish(ns trust.Notices) error {
	if n.cfg.Trust == nil {
		return errors.New("this node runs without a network")
	}
	if _, err := n.cfg.Trust.Merge(ns); err != nil {
		return err
	}
	n.recheckSessions()
	raw, err := wire.Encode(&wire.Notice{From: n.id, Notices: ns})
	if err != nil {
		return err
	}
	n.queue.QueueBroadcast(&broadcast{name: "notice:" + string(raw[len(raw)-16:]), msg: raw})
	for id := range n.liveNodes() {
		n.enqueue(id, raw)
	}
	if n.cfg.OnNotices != nil {
		n.cfg.OnNotices(n.cfg.Trust.Notices())
	}
	n.SyncNow()
	return nil
}

// Stop leaves the network and ends every goroutine of the node. It waits
// for ctx at most for the leave to be gossiped.
func (n *Node) Stop(ctx context.Context) error {
	var err error
	n.stop.Do(func() {
		timeout := time.Second
		if d, ok := ctx.Deadline(); ok {
			timeout = time.Until(d) / 2
		}
		if n.ml != nil {
			if e := n.ml.Leave(timeout); e != nil {
				n.log.Debug("leave", "err", e)
			}
			err = n.ml.Shutdown()
		}
		n.mu.Lock()
		n.closed = true
		n.mu.Unlock()
		close(n.done)
		n.closeSessions()
		n.wg.Wait()
		n.book.Save(n.log)
		n.log.Info("sync node stopped")
	})
	return err
}

// Peers returns the status of this node and every node known: connected
// (by a session of its own, or through a session peer that has one),
// last contact, what each side lacks, a running catch-up, bytes each way.
// Memberlist's view (a node behind NAT fails its probes) is not used: a
// node stays connected as long as its session holds.
func (n *Node) Peers() []PeerStatus {
	mine, _ := n.rep.Vector()
	alive := n.liveNodes()
	n.mu.Lock()
	defer n.mu.Unlock()
	out := []PeerStatus{{Node: n.id, Office: n.cfg.Office, Addr: n.addr, Self: true, Reachable: true, Connected: true,
		Known: true, Conflicts: n.conflicts, BytesSent: n.stats.BytesSent, BytesReceived: n.stats.BytesReceived}}
	through := n.relayedLocked()
	seen := map[sbsync.NodeID]bool{n.id: true}
	add := func(id sbsync.NodeID, p *peer) {
		if !seen[id] {
			seen[id] = true
			out = append(out, n.peerStatusLocked(id, p, mine, alive, through))
		}
	}
	for id, p := range n.peers {
		add(id, p)
	}
	for id := range n.sessions {
		add(id, nil)
	}
	for id := range through {
		add(id, nil)
	}
	for id, e := range n.book.All() {
		if !seen[id] {
			add(id, &peer{office: e.Office, addr: e.Addr, lastContact: e.LastSeen})
		}
	}
	sortPeers(out)
	return out
}

// relayed is what a session peer reports of a node it holds a session
// with.
type relayed struct {
	via  sbsync.NodeID
	info wireInfo
}

// relayedLocked returns, per node, the freshest report of a session peer
// that holds a session with it. n.mu is held.
func (n *Node) relayedLocked() map[sbsync.NodeID]relayed {
	through := map[sbsync.NodeID]relayed{}
	for id, s := range n.sessions {
		for _, pi := range s.peers {
			if r, ok := through[pi.Node]; !ok || pi.LastContact.After(r.info.LastContact) || pi.LastContact.Equal(r.info.LastContact) && id < r.via {
				through[pi.Node] = relayed{via: id, info: pi}
			}
		}
	}
	return through
}

// peerStatusLocked is the status of node id as this node knows it: from
// its own contact p (nil: none), its session, a session peer's report,
// memberlist and the trust registry. n.mu is held.
func (n *Node) peerStatusLocked(id sbsync.NodeID, p *peer, mine sbsync.Vector, alive map[sbsync.NodeID]liveNode, through map[sbsync.NodeID]relayed) PeerStatus {
	st := PeerStatus{Node: id}
	var vec sbsync.Vector
	if p != nil {
		st.Office, st.Addr, st.LastContact = p.office, p.addr, p.lastContact
		st.Conflicts, st.BytesSent, st.BytesReceived = p.conflicts, p.sent, p.recv
		vec = p.vec
	}
	if s := n.sessions[id]; s != nil {
		st.Connected, st.Reachable = true, true
		st.Addr = s.remote
		if s.vec != nil {
			vec = s.vec
		}
		if s.prog.Peer != "" && !s.prog.Done {
			pr := s.prog
			st.Progress = &pr
		}
	} else if r, ok := through[id]; ok {
		st.Via, st.Reachable = r.via, true
		vec = r.info.Vector
		st.Conflicts = r.info.Conflicts
		if r.info.LastContact.After(st.LastContact) {
			st.LastContact = r.info.LastContact
		}
		if st.Office == "" {
			st.Office = r.info.Office
		}
	}
	if vec != nil {
		st.Known = true
		st.WeLack, st.TheyLack = vec.Count(mine), mine.Count(vec)
	}
	if m, ok := alive[id]; ok {
		if st.Addr == "" {
			st.Addr = m.address()
		}
		if st.Office == "" {
			st.Office = m.office
		}
	}
	if n.cfg.Trust != nil {
		st.Revoked = n.cfg.Trust.Revoked(id)
		if mem, ok := n.cfg.Trust.Member(id); ok && st.Office == "" {
			st.Office = mem.Office
		}
	}
	return st
}

// Stats returns the node's counters.
func (n *Node) Stats() Stats {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.stats
}

// Held returns the changes the clock guard holds back, per origin the
// latest one.
func (n *Node) Held() []Held {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]Held, 0, len(n.held))
	for _, h := range n.held {
		out = append(out, h)
	}
	return out
}

// Keys returns the encryption keys installed, the primary first.
func (n *Node) Keys() [][]byte {
	if n.keyring == nil {
		return nil
	}
	return n.keyring.GetKeys()
}

func (n *Node) setConflicts(c int) {
	n.mu.Lock()
	n.conflicts = c
	n.mu.Unlock()
}

// peerLocked returns the entry of id, made when missing. n.mu is held.
func (n *Node) peerLocked(id sbsync.NodeID) *peer {
	p := n.peers[id]
	if p == nil {
		p = &peer{}
		n.peers[id] = p
	}
	return p
}

// receive queues an inbound message for the worker.
func (n *Node) receive(b []byte, wait bool) {
	if wait {
		select {
		case n.in <- b:
		case <-n.done:
		}
		return
	}
	select {
	case n.in <- b:
	default:
		n.log.Debug("gossip message dropped, worker busy", "bytes", len(b))
	}
}

// enqueue sends a reliable message from the sender goroutine.
func (n *Node) enqueue(to sbsync.NodeID, msg []byte) {
	select {
	case n.out <- outMsg{to: to, msg: msg}:
	case <-n.done:
	default:
		n.log.Debug("reliable message dropped, sender busy", "to", to)
	}
}

type wireInfo = wire.PeerInfo

// member returns a memberlist node to send to: a fresh copy, never one of
// memberlist's own.
func (n *Node) member(id sbsync.NodeID) *memberlist.Node {
	n.amu.Lock()
	l, ok := n.live[id]
	n.amu.Unlock()
	if !ok {
		return nil
	}
	return &memberlist.Node{Name: string(id), Addr: l.addr, Port: l.port}
}

// sendReliable sends msg over memberlist's TCP and counts it. A peer not
// yet known alive gets a few seconds to become so: a node that just
// restarted hears from peers (their hellos) before memberlist lists them.
func (n *Node) sendReliable(to sbsync.NodeID, msg []byte) error {
	m := n.member(to)
	for tries := 0; m == nil && tries < 50; tries++ {
		select {
		case <-n.done:
			return fmt.Errorf("node %s is not reachable: stopping", to)
		case <-time.After(100 * time.Millisecond):
		}
		m = n.member(to)
	}
	if m == nil {
		return fmt.Errorf("node %s is not reachable", to)
	}
	if err := n.ml.SendReliable(m, msg); err != nil {
		return err
	}
	n.mu.Lock()
	n.peerLocked(to).sent += uint64(len(msg))
	n.stats.BytesSent += uint64(len(msg))
	n.mu.Unlock()
	return nil
}

// state encodes this node's status for push/pull or a hello.
func (n *Node) state(hello bool) ([]byte, error) {
	vec, err := n.rep.Vector()
	if err != nil {
		return nil, err
	}
	n.mu.Lock()
	c := n.conflicts
	n.mu.Unlock()
	st := &wire.State{Node: n.id, Office: n.cfg.Office, Vector: vec, Conflicts: c, Hello: hello}
	if n.cfg.Trust != nil {
		st.Trust = n.cfg.Trust.Notices()
	}
	return wire.Encode(st)
}

// SendRaw sends an already encoded message to a peer over TCP. It is for
// tests and tools (replaying traffic); nodes build their own messages.
func (n *Node) SendRaw(to sbsync.NodeID, msg []byte) error { return n.sendReliable(to, msg) }
