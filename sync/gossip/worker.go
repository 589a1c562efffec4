package gossip

import (
	"encoding/json"
	"fmt"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/trust"
	"sbcc/sync/wire"
)

// work is the node's one worker goroutine: it handles every inbound
// message, membership event and local change, and the periodic checks.
func (n *Node) work() {
	defer n.wg.Done()
	tick := time.NewTicker(n.cfg.SyncInterval)
	defer tick.Stop()
	for {
		select {
		case <-n.done:
			return
		case b := <-n.in:
			n.handle(b)
		case ev := <-n.members:
			n.membership(ev)
		case cs := <-n.local:
			n.hint(cs)
		case <-tick.C:
			n.periodic()
		}
	}
}

// send is the goroutine that sends small reliable messages (wants,
// hellos, notices), so that a slow peer never holds the worker.
func (n *Node) send() {
	defer n.wg.Done()
	for {
		select {
		case <-n.done:
			return
		case m := <-n.out:
			if err := n.sendReliable(m.to, m.msg); err != nil {
				n.log.Debug("reliable message not sent", "to", m.to, "err", err)
			}
		}
	}
}

func (n *Node) periodic() {
	if c, err := n.rep.Conflicts(); err == nil {
		n.setConflicts(len(c))
	}
	n.rotateKeys()
	n.book.Save(n.log)
}

func (n *Node) membership(ev memberEvent) {
	n.mu.Lock()
	p := n.peerLocked(ev.node)
	wasAlive := p.alive
	p.alive, p.addr = ev.alive, ev.addr
	if ev.office != "" {
		p.office = ev.office
	}
	if ev.alive {
		p.lastContact = n.now()
	}
	n.mu.Unlock()
	// Memberlist's view flaps for a node others cannot probe (behind NAT):
	// sessions are what the log and the status report.
	if !ev.alive {
		n.log.Debug("memberlist: peer unreachable", "peer", ev.node, "addr", ev.addr)
		return
	}
	n.book.Remember(ev.node, ev.addr, ev.office, n.now())
	if !wasAlive {
		n.log.Debug("memberlist: peer reachable", "peer", ev.node, "addr", ev.addr, "office", ev.office)
		select {
		case n.kick <- struct{}{}:
		default:
		}
		if hello, err := n.state(true); err == nil {
			n.enqueue(ev.node, hello)
		}
	}
}

func (n *Node) handle(b []byte) {
	msg, err := wire.Decode(b)
	if err != nil {
		n.mu.Lock()
		n.stats.Malformed++
		n.mu.Unlock()
		n.log.Warn("malformed message ignored", "err", err)
		return
	}
	switch m := msg.(type) {
	case *wire.Hint:
		n.onHint(m, b)
	case *wire.State:
		n.onState(m, len(b))
	default:
		// Chunks travel in sessions only, after both sides proved who
		// they are.
		n.log.Debug("message outside a session ignored", "type", msg.Type())
	case *wire.Notice:
		n.contact(m.From, len(b), nil)
		if n.mergeNotices(m.Notices) {
			n.queue.QueueBroadcast(&broadcast{name: "notice:" + string(b[len(b)-16:]), msg: b})
		}
	}
}

// contact records a message from a peer; vec, when set, is its vector.
func (n *Node) contact(from sbsync.NodeID, size int, vec sbsync.Vector) {
	if from == n.id || !from.Valid() {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	p := n.peerLocked(from)
	p.lastContact = n.now()
	p.recv += uint64(size)
	n.stats.BytesReceived += uint64(size)
	if vec != nil {
		p.vec = vec.Clone()
	}
}

func (n *Node) onState(m *wire.State, size int) {
	if m.Node == n.id {
		return
	}
	n.contact(m.Node, size, m.Vector)
	n.mu.Lock()
	p := n.peerLocked(m.Node)
	p.conflicts = m.Conflicts
	if m.Office != "" {
		p.office = m.Office
	}
	n.mu.Unlock()
	n.mergeNotices(m.Trust)
	if m.Hello {
		if st, err := n.state(false); err == nil {
			n.enqueue(m.Node, st)
		}
	}
}

// mergeNotices merges network notices and reports whether any was new.
func (n *Node) mergeNotices(ns trust.Notices) bool {
	if n.cfg.Trust == nil {
		return false
	}
	added, err := n.cfg.Trust.Merge(ns)
	if err != nil {
		n.log.Warn("network notices refused", "err", err)
	}
	if added == 0 {
		return false
	}
	n.log.Info("network notices learned", "new", added)
	n.recheckSessions()
	if n.cfg.OnNotices != nil {
		n.cfg.OnNotices(n.cfg.Trust.Notices())
	}
	n.rotateKeys()
	return true
}

// hint gossips fresh local changes.
func (n *Node) hint(cs []sbsync.Change) {
	heads := sbsync.Vector{}
	for _, c := range cs {
		if c.Seq > heads[c.Origin] {
			heads[c.Origin] = c.Seq
		}
	}
	// Only the heads: anyone with the network key reads gossip, and the
	// changes themselves travel in sessions, to authenticated members.
	raw, err := wire.Encode(&wire.Hint{From: n.id, Heads: heads})
	if err != nil {
		n.log.Warn("cannot encode hint", "err", err)
		return
	}
	// One UDP packet straight to every live node (one hop for a small
	// office network), and the gossip queue as a second path; catch-up
	// repairs whatever both lose.
	sent := 0
	for id := range n.liveNodes() {
		if m := n.member(id); m != nil && n.ml.SendBestEffort(m, raw) == nil {
			sent++
		}
	}
	n.queue.QueueBroadcast(&broadcast{name: hintName(heads), msg: raw})
	n.mu.Lock()
	n.stats.HintsSent++
	n.stats.BytesSent += uint64(len(raw) * (sent + 1))
	n.mu.Unlock()
}

func hintName(heads sbsync.Vector) string {
	s := "hint"
	for _, o := range heads.Origins() {
		s += fmt.Sprintf(":%s/%d", o, heads[o])
	}
	return s
}

func (n *Node) onHint(m *wire.Hint, raw []byte) {
	n.mu.Lock()
	n.stats.HintsReceived++
	n.stats.BytesReceived += uint64(len(raw))
	if m.From != n.id && m.From.Valid() {
		p := n.peerLocked(m.From)
		p.lastContact = n.now()
		if p.vec == nil {
			p.vec = sbsync.Vector{}
		}
		p.vec.Merge(m.Heads)
	}
	n.mu.Unlock()
	applied := 0
	if len(m.Changes) > 0 {
		res := n.apply(m.Changes)
		applied = res.Applied
		if len(res.Gaps) > 0 {
			n.log.Debug("hint revealed a gap", "gaps", len(res.Gaps))
		}
	}
	if applied > 0 {
		// Forward once: only the first time the changes are new here.
		n.queue.QueueBroadcast(&broadcast{name: hintName(m.Heads), msg: raw})
	}
}

// apply verifies, clock-guards and applies a batch in one transaction.
func (n *Node) apply(cs []sbsync.Change) sbsync.ApplyResult {
	return n.applyBatch(n.prepare(cs, nil, n.verifyAll(cs)))
}

// incoming is a batch of changes from a peer, signatures checked (see
// verifyAll), clock-guarded and prepared by the replica: ready to apply.
type incoming struct {
	apply   func() (sbsync.ApplyResult, error)
	changes int // passed to the replica
	skipped map[sbsync.NodeID]bool
	held    []Held // per origin, the change held back for its clock
	refused uint64
}

// prepare clock-guards a batch whose signatures were checked (errs, from
// verifyAll) and has the replica check it (see Replica.PrepareRemote): a
// session does this for the next chunk while the one before applies.
// logged, when not nil, is per change its JSON as the chunk carried it in
// the form a replica logs (wire.Chunk.Logged).
func (n *Node) prepare(cs []sbsync.Change, logged []json.RawMessage, errs []error) *incoming {
	ok := make([]sbsync.Change, 0, len(cs))
	var okLogged []json.RawMessage // nil when logged is
	b := &incoming{skipped: map[sbsync.NodeID]bool{}}
	now := n.now()
	for i := range cs {
		c := &cs[i]
		if b.skipped[c.Origin] {
			continue
		}
		if errs != nil && errs[i] != nil {
			b.skipped[c.Origin] = true
			b.refused++
			n.log.Warn("change refused", "origin", c.Origin, "seq", c.Seq, "reason", errs[i])
			continue
		}
		if ahead := c.HLC.Time().Sub(now); ahead > n.cfg.MaxSkew {
			b.skipped[c.Origin] = true
			b.held = append(b.held, Held{Origin: c.Origin, Seq: c.Seq, HLC: c.HLC, Ahead: ahead, At: now})
			n.log.Warn("change held back: its clock is ahead of ours", "origin", c.Origin, "seq", c.Seq,
				"ahead", ahead.Round(time.Second), "max", n.cfg.MaxSkew)
			continue
		}
		ok = append(ok, *c)
		if logged != nil {
			okLogged = append(okLogged, logged[i])
		}
	}
	b.changes = len(ok)
	b.apply = n.rep.PrepareRemote(ok, okLogged)
	return b
}

// applyBatch applies a prepared batch in one transaction.
func (n *Node) applyBatch(b *incoming) sbsync.ApplyResult {
	res, err := b.apply()
	n.mu.Lock()
	for _, h := range b.held { // noted as the batch applies, after the batches before it
		n.held[h.Origin] = h
	}
	n.mu.Unlock()
	if err != nil {
		n.log.Error("cannot apply changes", "changes", b.changes, "err", err)
		return res
	}
	gaps := res.Gaps[:0]
	for _, g := range res.Gaps {
		if !b.skipped[g.Origin] {
			gaps = append(gaps, g)
		}
	}
	res.Gaps = gaps
	for _, e := range res.Refused {
		n.log.Warn("change refused", "reason", e)
	}
	if res.Applied > 0 {
		n.wakeSessions() // forward to the session peers that lack them
	}
	n.mu.Lock()
	n.stats.ChangesApplied += uint64(res.Applied)
	n.stats.Refused += b.refused + uint64(len(res.Refused))
	n.stats.HeldBack += uint64(len(b.held))
	if res.Applied > 0 {
		for o := range n.held {
			if !b.skipped[o] {
				delete(n.held, o)
			}
		}
	}
	n.mu.Unlock()
	return res
}

// verifyAll checks every signature (trust.Registry.VerifyBatch). It
// returns nil when the node runs without a network.
func (n *Node) verifyAll(cs []sbsync.Change) []error {
	if n.cfg.Trust == nil {
		return nil
	}
	return n.cfg.Trust.VerifyBatch(cs)
}
