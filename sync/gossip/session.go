package gossip

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"math"
	"net"
	"slices"
	"strings"
	stdsync "sync"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/trust"
	"sbcc/sync/wire"
)

// session is one authenticated connection with a peer: a reader that
// applies and acknowledges the peer's chunks, a pump that streams what the
// peer lacks, and a writer that owns the connection's sending side.
type session struct {
	n      *Node
	peer   sbsync.NodeID
	office string
	addr   string // the address dialled; empty when the peer dialled
	remote string
	key    []byte // the peer's public key, proven in the handshake
	dialer sbsync.NodeID
	dial   int64 // when the dialer dialled, by its clock
	c      *sconn
	since  time.Time

	ctrl chan wire.Message // acks and statuses, sent before chunks
	data chan *wire.Chunk
	in   chan received // chunks read, for the applier
	wake chan struct{}
	done chan struct{}
	once stdsync.Once
	// replaced is set when a later session with the peer took over.
	replaced bool

	// Guarded by n.mu.
	vec       sbsync.Vector // the peer's vector as it last reported it
	sent      sbsync.Vector // what the peer holds or has on its way; nil until its first status
	exclude   map[sbsync.NodeID]bool
	told      []sbsync.NodeID // the origins this node last asked the peer to exclude
	inflight  int
	index     uint64
	peers     []wire.PeerInfo
	conflicts int
	prog      SessionProgress
	notices   string // digest of the notices last sent on this session
	lastRecv  time.Time
}

// errChunkFull stops a store iteration when a chunk is full.
var errChunkFull = errors.New("chunk full")

// network returns the network id sessions must share.
func (n *Node) network() string {
	if n.cfg.Trust == nil {
		return ""
	}
	return n.cfg.Trust.Network()
}

// deadAfter is how long a session may stay silent before it is closed.
func (n *Node) deadAfter() time.Duration { return 3*n.cfg.KeepAlive + n.cfg.TCPTimeout }

// spawn runs fn as one of the node's goroutines unless the node stopped.
func (n *Node) spawn(fn func()) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return false
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		fn()
	}()
	return true
}

// accept is the goroutine that takes inbound session streams.
func (n *Node) accept(ch <-chan SessionConn) {
	defer n.wg.Done()
	for {
		select {
		case <-n.done:
			return
		case sc := <-ch:
			if !n.spawn(func() { n.runSession(sc.Conn, sc.R, "") }) {
				sc.Close()
			}
		}
	}
}

// dialSession opens a session to addr and runs it until it ends. It
// returns the peer's node id, empty when no session opened.
func (n *Node) dialSession(addr string) (sbsync.NodeID, error) {
	c, err := n.transport.DialTimeout(addr, n.cfg.TCPTimeout)
	if err != nil {
		return "", err
	}
	return n.runSession(c, bufio.NewReaderSize(c, 64<<10), addr)
}

// runSession authenticates c and runs the session on it until it breaks
// or the node stops. addr is the address dialled, empty for an inbound
// session. It returns the peer's node id, empty when the handshake failed.
func (n *Node) runSession(c net.Conn, r *bufio.Reader, addr string) (sbsync.NodeID, error) {
	stop := context0(n.done, c)
	defer stop()
	dialer := addr != ""
	sc, hello, dial, err := n.handshake(c, r, dialer)
	if err != nil {
		c.Close()
		remote := c.RemoteAddr().String()
		if errors.Is(err, ErrNotAuthorized) {
			if ok, more := n.refusals.Allow(hostOf(remote), n.now()); ok {
				n.log.Warn("session refused", "remote", remote, "reason", err, "refused before", more)
			}
		} else {
			n.log.Debug("session handshake failed", "remote", remote, "err", err)
		}
		n.mu.Lock()
		n.stats.SessionsRefused++
		n.mu.Unlock()
		return "", err
	}
	s := &session{n: n, peer: hello.Node, office: hello.Office, addr: addr, remote: c.RemoteAddr().String(), c: sc, key: hello.Key, dial: dial,
		since: n.now(), dialer: n.id, ctrl: make(chan wire.Message, 64), data: make(chan *wire.Chunk, n.cfg.SessionWindow),
		in:   make(chan received, 1),
		wake: make(chan struct{}, 1), done: make(chan struct{}), exclude: map[sbsync.NodeID]bool{}}
	if !dialer {
		s.dialer = hello.Node
	}
	if !n.addSession(s) {
		c.Close()
		return s.peer, nil
	}
	n.log.Info("session open", "peer", s.peer, "office", s.office, "remote", s.remote, "dialled", dialer)
	if dialer {
		n.book.Remember(s.peer, addr, s.office, n.now())
	}
	var wg stdsync.WaitGroup
	wg.Go(s.write)
	wg.Go(s.pump)
	wg.Go(s.applier)
	err = s.read()
	s.close()
	wg.Wait()
	c.Close()
	n.removeSession(s)
	n.mu.Lock()
	replaced := s.replaced
	n.mu.Unlock()
	select {
	case <-n.done:
	default:
		if replaced {
			n.log.Debug("session replaced by a later one", "peer", s.peer)
			break
		}
		n.log.Info("session closed", "peer", s.peer, "office", s.office, "after", n.now().Sub(s.since).Round(time.Second), "err", err)
	}
	return s.peer, err
}

// context0 closes c when done closes, until the returned stop is called.
func context0(done <-chan struct{}, c net.Conn) (stop func()) {
	end := make(chan struct{})
	var wg stdsync.WaitGroup
	wg.Go(func() {
		select {
		case <-done:
			c.Close()
		case <-end:
		}
	})
	return func() {
		close(end)
		wg.Wait()
	}
}

// addSession registers s. Two sessions with one peer are resolved the same
// way on both sides: the one dialled by the smaller node id stays; of two
// dialled by the same node, the later dialled.
func (n *Node) addSession(s *session) bool {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return false
	}
	// The handshake found the peer a member, but a revocation merged since
	// then found no session to close (recheckSessions): ask again, under
	// the lock recheckSessions holds.
	if r := n.cfg.Trust; r != nil && r.Authorized(s.peer, s.key) != nil {
		n.mu.Unlock()
		n.log.Warn("session closed: the peer is no longer a member", "peer", s.peer, "office", s.office)
		return false
	}
	if old := n.sessions[s.peer]; old != nil {
		if s.dialer != old.dialer && s.dialer > old.dialer || s.dialer == old.dialer && s.dial < old.dial {
			n.mu.Unlock()
			return false
		}
		old.replaced = true
		old.close()
	}
	n.sessions[s.peer] = s
	p := n.peerLocked(s.peer)
	p.lastContact = n.now()
	if s.office != "" {
		p.office = s.office
	}
	if s.addr != "" {
		p.addr = s.addr
	}
	n.mu.Unlock()
	n.reroute()
	return true
}

func (n *Node) removeSession(s *session) {
	n.mu.Lock()
	if n.sessions[s.peer] == s {
		delete(n.sessions, s.peer)
	}
	n.mu.Unlock()
	n.reroute()
}

// closeSessions ends every session (the node is stopping).
func (n *Node) closeSessions() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, s := range n.sessions {
		s.close()
	}
}

// recheckSessions closes the sessions of peers that are no longer
// authorized (revoked since the handshake).
func (n *Node) recheckSessions() {
	r := n.cfg.Trust
	if r == nil {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, s := range n.sessions {
		if err := r.Authorized(s.peer, s.key); err != nil {
			n.log.Warn("session closed: the peer is no longer a member", "peer", s.peer, "office", s.office)
			s.close()
		}
	}
}

// wakeSessions tells every session's pump that the replica changed.
func (n *Node) wakeSessions() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, s := range n.sessions {
		s.poke()
	}
}

func (s *session) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *session) close() {
	s.once.Do(func() {
		close(s.done)
		s.c.c.Close()
	})
}

// reroute chooses, per origin, the one session this node takes that
// origin's changes from — the origin itself when connected, else the peer
// holding most of them, keeping the current choice on ties — and tells
// every other session's peer to leave that origin out. So two sessions
// never stream the same changes.
func (n *Node) reroute() {
	n.mu.Lock()
	var tell []*session
	defer func() {
		n.mu.Unlock()
		for _, s := range tell {
			s.status()
		}
	}()
	origins := map[sbsync.NodeID]bool{}
	for _, s := range n.sessions {
		for o := range s.vec {
			origins[o] = true
		}
		origins[s.peer] = true
	}
	ids := make([]sbsync.NodeID, 0, len(n.sessions))
	for id := range n.sessions {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for o := range n.routes {
		if !origins[o] {
			delete(n.routes, o)
		}
	}
	for o := range origins {
		best := n.sessions[n.routes[o]]
		for _, id := range ids {
			s := n.sessions[id]
			if best != nil && best.peer == o {
				break
			}
			if s.peer == o || best == nil || s.vec[o] > best.vec[o] {
				best = s
			}
		}
		n.routes[o] = best.peer
	}
	for _, id := range ids {
		s := n.sessions[id]
		var excl []sbsync.NodeID
		for o, via := range n.routes {
			if via != s.peer {
				excl = append(excl, o)
			}
		}
		slices.Sort(excl)
		if !slices.Equal(excl, s.told) {
			s.told = excl
			tell = append(tell, s)
		}
	}
}

// status queues this node's status for the peer; it is also the keepalive.
func (s *session) status() {
	n := s.n
	vec, err := n.rep.Vector()
	if err != nil {
		n.log.Warn("cannot read vector", "err", err)
		return
	}
	var ns *trust.Notices
	var digest string
	if n.cfg.Trust != nil {
		all := n.cfg.Trust.Notices()
		raw, _ := json.Marshal(all)
		sum := sha256.Sum256(raw)
		digest = string(sum[:])
		ns = &all
	}
	n.mu.Lock()
	if digest == s.notices {
		ns = nil
	}
	st := &wire.Status{Office: n.cfg.Office, Vector: vec, Conflicts: n.conflicts, Exclude: slices.Clone(s.told), Trust: ns}
	for id, o := range n.sessions {
		if id != s.peer && o.vec != nil {
			st.Peers = append(st.Peers, wire.PeerInfo{Node: id, Office: o.office, Vector: o.vec, Conflicts: o.conflicts,
				LastContact: o.lastRecv})
		}
	}
	n.mu.Unlock()
	select {
	case s.ctrl <- st:
		n.mu.Lock()
		s.notices = digest
		n.mu.Unlock()
	default: // the writer is far behind; the next keepalive carries it
	}
}

// write is the session's only sender: control messages first, then chunks.
func (s *session) write() {
	n := s.n
	for {
		var m wire.Message
		select {
		case <-s.done:
			return
		case m = <-s.ctrl:
		default:
			select {
			case <-s.done:
				return
			case m = <-s.ctrl:
			case ch := <-s.data:
				m = ch
			}
		}
		s.c.c.SetWriteDeadline(time.Now().Add(n.deadAfter()))
		size, err := s.c.write(m)
		if err != nil {
			s.close()
			return
		}
		n.mu.Lock()
		n.stats.BytesSent += uint64(size)
		n.peerLocked(s.peer).sent += uint64(size)
		if ch, ok := m.(*wire.Chunk); ok {
			n.stats.ChunksSent++
			n.stats.ChangesSent += uint64(ch.Count())
			n.stats.CatchUpBytesSent += uint64(size)
		}
		n.mu.Unlock()
	}
}

// pump streams what the peer lacks whenever the replica changes or a chunk
// is acknowledged, at most SessionWindow chunks ahead of the acks, and
// sends the status every KeepAlive.
func (s *session) pump() {
	tick := time.NewTicker(s.n.cfg.KeepAlive)
	defer tick.Stop()
	s.status()
	for {
		select {
		case <-s.done:
			return
		case <-tick.C:
			s.status()
		case <-s.wake:
		}
		for s.fill() {
		}
	}
}

// fill queues one chunk of what the peer lacks, if the window allows and
// there is any; it reports whether it queued one.
func (s *session) fill() bool {
	n := s.n
	mine, err := n.rep.Vector()
	if err != nil {
		return false
	}
	n.mu.Lock()
	if s.sent == nil || s.inflight >= n.cfg.SessionWindow {
		n.mu.Unlock()
		return false
	}
	have := s.sent.Clone()
	for o := range s.exclude {
		have[o] = math.MaxUint64
	}
	total := mine.Count(have)
	if total == 0 {
		n.mu.Unlock()
		return false
	}
	s.inflight++
	s.index++
	index := s.index
	n.mu.Unlock()
	b, err := n.readBatch(mine, have)
	n.mu.Lock()
	if err != nil || len(b.raws) == 0 {
		s.inflight--
		n.mu.Unlock()
		if err != nil {
			n.log.Warn("cannot read changes for a peer", "peer", s.peer, "err", err)
		}
		return false
	}
	for _, r := range b.refs {
		if r.seq > s.sent[r.origin] {
			s.sent[r.origin] = r.seq
		}
	}
	n.mu.Unlock()
	select {
	case s.data <- wire.NewRawChunk(n.id, index, b.last, total, b.raws):
		return true
	case <-s.done:
		return false
	}
}

// batch is one chunk's changes as logged JSON, with their origins and
// sequence numbers.
type batch struct {
	raws []json.RawMessage
	refs []changeRef // the origin and sequence number of each of raws
	last bool        // nothing more was left to send
	size int
}

// changeRef names one change: its origin and sequence number.
type changeRef struct {
	origin sbsync.NodeID
	seq    uint64
}

func (b *batch) add(origin sbsync.NodeID, seq uint64, raw []byte) {
	b.raws = append(b.raws, bytes.Clone(raw))
	b.refs = append(b.refs, changeRef{origin, seq})
	b.size += len(raw)
}

// readBatch reads up to ChunkBytes of the changes a replica with vector
// have lacks, as the store logged them (no decoding and encoding again),
// each origin's run ending at a change whose own signature holds.
func (n *Node) readBatch(mine, have sbsync.Vector) (*batch, error) {
	b := &batch{}
	err := n.rep.RawChangesSince(have, func(origin sbsync.NodeID, seq uint64, raw []byte) error {
		if len(b.raws) > 0 && b.size+len(raw) > n.cfg.ChunkBytes {
			return errChunkFull
		}
		b.add(origin, seq, raw)
		return nil
	})
	b.last = err == nil
	if err != nil && !errors.Is(err, errChunkFull) {
		return nil, err
	}
	return b, n.anchorTails(mine, b)
}

// anchorTails makes every origin's run in b end at a change whose own
// signature holds. The receiver checks one signature per run, at its tail,
// and takes the changes below it on their links (trust.Registry.
// VerifyBatch); a change taken that way here may carry a signature that
// does not hold on its own (a hostile relay can strip them), so a run
// ending there is extended to the next change that does. Honest networks
// never extend.
func (n *Node) anchorTails(mine sbsync.Vector, b *batch) error {
	r := n.cfg.Trust
	if r == nil {
		return nil
	}
	tails := map[sbsync.NodeID]int{}
	for i, ref := range b.refs {
		tails[ref.origin] = i
	}
	holds := func(raw []byte) bool {
		var c sbsync.Change
		return json.Unmarshal(raw, &c) == nil && !errors.Is(r.Verify(&c), trust.ErrBadSignature)
	}
	for origin, i := range tails {
		if origin == n.id || holds(b.raws[i]) {
			continue
		}
		from := mine.Clone()
		from[origin] = b.refs[i].seq
		err := n.rep.RawChangesSince(from, func(o sbsync.NodeID, seq uint64, raw []byte) error {
			if o != origin {
				return errChunkFull
			}
			b.add(o, seq, raw)
			if holds(raw) || len(b.raws) > maxAnchorRun {
				return errChunkFull
			}
			return nil
		})
		if err != nil && !errors.Is(err, errChunkFull) {
			return err
		}
	}
	return nil
}

// maxAnchorRun bounds a chunk that anchorTails extends.
const maxAnchorRun = 50_000

// read receives until the session breaks.
func (s *session) read() error {
	n := s.n
	for {
		s.c.c.SetReadDeadline(time.Now().Add(n.deadAfter()))
		m, size, err := s.c.read()
		if err != nil {
			return err
		}
		now := n.now()
		n.mu.Lock()
		s.lastRecv = now
		p := n.peerLocked(s.peer)
		p.lastContact = now
		p.recv += uint64(size)
		n.stats.BytesReceived += uint64(size)
		n.mu.Unlock()
		switch m := m.(type) {
		case *wire.Chunk:
			// The next frame is read, decoded, its signatures checked and
			// its changes prepared while this one applies.
			select {
			case s.in <- received{m, size, n.prepare(m.Changes, m.Logged(), n.verifyAll(m.Changes))}:
			case <-s.done:
				return ErrStopped
			}
		case *wire.Ack:
			n.mu.Lock()
			s.inflight = max(0, s.inflight-1)
			s.vec = m.Vector.Clone()
			if s.sent != nil {
				s.sent.Merge(m.Vector)
			}
			n.mu.Unlock()
			s.poke()
		case *wire.Status:
			s.onStatus(m)
		default:
			n.log.Debug("unexpected session message ignored", "peer", s.peer, "type", m.Type())
		}
	}
}

func (s *session) onStatus(m *wire.Status) {
	n := s.n
	n.mu.Lock()
	s.vec = m.Vector.Clone()
	if s.vec == nil {
		s.vec = sbsync.Vector{}
	}
	// With nothing on its way the peer's vector is exactly what it holds:
	// changes it refused (an origin it did not know yet, a clock ahead) are
	// sent again from there.
	if s.sent == nil || s.inflight == 0 {
		s.sent = s.vec.Clone()
	} else {
		s.sent.Merge(s.vec)
	}
	s.exclude = map[sbsync.NodeID]bool{}
	for _, o := range m.Exclude {
		s.exclude[o] = true
	}
	s.peers, s.conflicts = m.Peers, m.Conflicts
	if m.Office != "" {
		s.office = m.Office
	}
	p := n.peerLocked(s.peer)
	p.vec, p.conflicts = s.vec.Clone(), m.Conflicts
	if m.Office != "" {
		p.office = m.Office
	}
	n.mu.Unlock()
	if m.Trust != nil {
		n.mergeNotices(*m.Trust)
	}
	n.reroute()
	s.poke()
}

// received is a chunk read from the peer, its size on the wire, and its
// changes prepared to apply (see Node.prepare).
type received struct {
	chunk *wire.Chunk
	size  int
	batch *incoming
}

// applier applies the chunks the reader hands over, in order.
func (s *session) applier() {
	for {
		select {
		case <-s.done:
			return
		case r := <-s.in:
			if err := s.onChunk(r); err != nil {
				if !errors.Is(err, ErrStopped) {
					s.n.log.Warn("session closed: cannot apply", "peer", s.peer, "err", err)
				}
				s.close()
				return
			}
		}
	}
}

func (s *session) onChunk(r received) error {
	n, m, size := s.n, r.chunk, r.size
	t0 := time.Now()
	res := n.applyBatch(r.batch)
	n.log.Debug("chunk applied", "peer", s.peer, "index", m.Index, "changes", len(m.Changes), "applied", res.Applied,
		"bytes", size, "took", time.Since(t0))
	mine, err := n.rep.Vector()
	if err != nil {
		return err
	}
	select {
	case s.ctrl <- &wire.Ack{Index: m.Index, Vector: mine}:
	case <-s.done:
		return ErrStopped
	}
	k := uint64(len(m.Changes))
	n.mu.Lock()
	n.stats.ChunksReceived++
	n.stats.Duplicates += uint64(res.Duplicates)
	p := &s.prog
	if p.Done || p.Peer == "" {
		*p = SessionProgress{Peer: s.peer}
	}
	p.ChangesTotal = p.Changes + max(m.Total, k)
	p.Changes += k
	p.Applied += uint64(res.Applied)
	p.Bytes += uint64(size)
	p.BytesTotal = p.Bytes
	if p.Changes > 0 && p.ChangesTotal > p.Changes {
		p.BytesTotal = p.Bytes * p.ChangesTotal / p.Changes
	}
	if m.Last {
		p.Done = true
		p.ChangesTotal, p.BytesTotal = p.Changes, p.Bytes
	}
	prog := *p
	n.mu.Unlock()
	if n.cfg.OnProgress != nil {
		n.cfg.OnProgress(prog)
	}
	return nil
}

// hostOf returns the host of a host:port address.
func hostOf(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return strings.TrimSpace(addr)
}
