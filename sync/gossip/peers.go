package gossip

import (
	"path/filepath"
	"sort"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/gossip/internal/peerbook"
)

// PeerEntry is one remembered peer.
type PeerEntry = peerbook.Entry

// KnownPeers reads a peer file as written by a node, for `sbcc peers`
// when no node is running.
func KnownPeers(path string) (map[sbsync.NodeID]PeerEntry, error) { return peerbook.Read(path) }

// PeerFile returns the conventional peer file of a data folder.
func PeerFile(dataDir string) string { return filepath.Join(dataDir, "peers.json") }

// candidate is an address to keep a session with; node is empty for a
// configured address whose node is not known yet.
type candidate struct {
	addr string
	node sbsync.NodeID
}

// joinCandidates returns the configured and remembered addresses.
func (n *Node) joinCandidates() []string {
	var out []string
	for _, c := range n.candidates(false) {
		out = append(out, c.addr)
	}
	return out
}

// candidates returns the configured and remembered addresses and, with
// live, those of the nodes memberlist sees alive.
func (n *Node) candidates(live bool) []candidate {
	seen := map[string]bool{}
	var out []candidate
	add := func(addr string, id sbsync.NodeID) {
		if addr == "" || seen[addr] || n.cfg.Trust != nil && id != "" && n.cfg.Trust.Revoked(id) {
			return
		}
		seen[addr] = true
		out = append(out, candidate{addr: addr, node: id})
	}
	for _, a := range n.cfg.Join {
		add(a, "")
	}
	for id, e := range n.book.All() {
		add(e.Addr, id)
	}
	if live {
		for id, l := range n.liveNodes() {
			add(l.address(), id)
		}
	}
	return out
}

// covered reports whether a session already serves c: one with its node,
// or one dialled to its address.
func (n *Node) covered(c candidate) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if c.node != "" && n.sessions[c.node] != nil {
		return true
	}
	for _, s := range n.sessions {
		if s.addr == c.addr || s.remote == c.addr {
			return true
		}
	}
	return false
}

// reconnect is the goroutine that keeps a session with every address the
// node knows (configured, remembered, seen alive by memberlist) and joins
// memberlist through them, retrying each address with exponential backoff.
// A dialled session runs in its own goroutine for its whole life.
func (n *Node) reconnect() {
	defer n.wg.Done()
	d := &dialer{n: n, tries: map[string]*dialTry{}, results: make(chan dialResult, 16)}
	tick := time.NewTicker(n.cfg.ReconnectMin)
	defer tick.Stop()
	for {
		select {
		case <-n.done:
			return
		case r := <-d.results:
			d.done(r)
			continue
		case <-n.kick:
		case <-tick.C:
		}
		if !d.round() {
			return
		}
	}
}

// dialer is reconnect's state: per address when to dial next.
type dialer struct {
	n       *Node
	tries   map[string]*dialTry
	results chan dialResult
}

// dialTry is the state of one address: when to dial it next, the backoff,
// whether a dial is running, and the node there, as known when dialled or
// as a session there last found (a configured address names none: once
// reached, a session with or a dial to that node through another address
// covers it too).
type dialTry struct {
	next  time.Time
	delay time.Duration
	busy  bool
	node  sbsync.NodeID
}

// dialResult is how a dial ended: the node a session opened with (empty
// when none did) and how long it lasted.
type dialResult struct {
	addr   string
	peer   sbsync.NodeID
	lasted time.Duration
	err    error
}

// done notes how a dial ended and when to try the address again: soon
// after a session that lasted, with doubling backoff otherwise.
func (d *dialer) done(r dialResult) {
	n, t := d.n, d.tries[r.addr]
	t.busy = false
	if r.peer != "" {
		t.node = r.peer
	}
	if r.peer != "" && r.lasted >= n.cfg.KeepAlive {
		t.delay = n.cfg.ReconnectMin
	} else {
		t.delay = min(2*t.delay, n.cfg.ReconnectMax)
	}
	t.next = time.Now().Add(t.delay)
	if r.peer == "" {
		n.log.Debug("peer not reachable", "addr", r.addr, "retry in", t.delay, "err", r.err)
	}
}

// round dials every candidate that is due and not covered by a session;
// it reports false when the node stopped.
func (d *dialer) round() bool {
	n := d.n
	alive := map[string]bool{}
	for _, l := range n.liveNodes() {
		alive[l.address()] = true
	}
	now := time.Now()
	unknownBusy := false                 // a dial to an address whose node is not known yet
	dialling := map[sbsync.NodeID]bool{} // nodes with a dial running, through any address
	for _, t := range d.tries {
		if t.busy && t.node != "" {
			dialling[t.node] = true
		}
	}
	for _, c := range n.candidates(true) {
		if c.addr == n.Addr() {
			continue
		}
		if t := d.tries[c.addr]; t != nil {
			if c.node == "" {
				c.node = t.node // a configured address, reached before
			}
			unknownBusy = unknownBusy || t.busy && c.node == ""
		}
		if unknownBusy && c.node != "" {
			continue // it may be that node: wait for the dial to tell
		}
		t := d.tries[c.addr]
		if t == nil {
			t = &dialTry{delay: n.cfg.ReconnectMin}
			d.tries[c.addr] = t
		}
		if t.busy || now.Before(t.next) || dialling[c.node] || n.covered(c) {
			continue
		}
		t.busy = true
		if c.node != "" {
			t.node = c.node
			dialling[c.node] = true
		}
		unknownBusy = unknownBusy || c.node == ""
		if !n.spawn(func() { d.dial(c.addr, !alive[c.addr]) }) {
			return false
		}
	}
	return true
}

// joinVia joins memberlist through addr for the dialler; a variable so
// that a test can hold the join back.
var joinVia = func(n *Node, addr string) error {
	_, err := n.ml.Join([]string{addr})
	return err
}

// dial opens a session at addr and reports how it went; if asked, it
// joins memberlist through addr at the same time. The session does not
// wait for the join: on a lossy link each is a TCP handshake and a round
// trip or more, and one lost SYN costs a second (see TestDialDoesNotWaitForJoin).
func (d *dialer) dial(addr string, join bool) {
	n := d.n
	if join {
		n.spawn(func() {
			if err := joinVia(n, addr); err == nil {
				n.log.Debug("memberlist: joined", "addr", addr)
			}
		})
	}
	start := time.Now()
	peer, err := n.dialSession(addr)
	select {
	case d.results <- dialResult{addr: addr, peer: peer, lasted: time.Since(start), err: err}:
	case <-n.done:
	}
}

func sortPeers(ps []PeerStatus) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Self != ps[j].Self {
			return ps[i].Self
		}
		if ps[i].Office != ps[j].Office {
			return ps[i].Office < ps[j].Office
		}
		return ps[i].Node < ps[j].Node
	})
}
