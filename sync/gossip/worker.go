package gossip

import (
	"errors"
	"fmt"
	"runtime"
	stdsync "sync"
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
		case <-n.kick:
			n.maybePull()
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

// serve is the goroutine that answers wants with chunks, one at a time.
func (n *Node) serve() {
	defer n.wg.Done()
	for {
		select {
		case <-n.done:
			return
		case w := <-n.serves:
			if err := n.answer(w); err != nil {
				n.log.Warn("catch-up for a peer failed", "peer", w.From, "err", err)
			}
		}
	}
}

func (n *Node) periodic() {
	if c, err := n.rep.Conflicts(); err == nil {
		n.setConflicts(len(c))
	}
	n.rotateKeys()
	n.book.save(n.log)
	n.maybePull()
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
		p.quietUntil = time.Time{}
	}
	n.mu.Unlock()
	if !ev.alive {
		n.log.Info("peer unreachable", "peer", ev.node, "addr", ev.addr)
		return
	}
	n.book.remember(ev.node, ev.addr, ev.office, n.now())
	if !wasAlive {
		n.log.Info("peer reachable", "peer", ev.node, "addr", ev.addr, "office", ev.office)
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
	case *wire.Want:
		n.contact(m.From, len(b), m.Vector)
		select {
		case n.serves <- m:
		default:
			n.log.Warn("catch-up request dropped, too many pending", "peer", m.From)
		}
	case *wire.Chunk:
		n.onChunk(m, len(b))
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
	n.maybePull()
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
	n.mu.Lock()
	for _, p := range n.peers {
		p.quietUntil = time.Time{} // origins refused before may be known now
	}
	n.mu.Unlock()
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
	raw, err := wire.Encode(&wire.Hint{From: n.id, Changes: cs, Heads: heads})
	if err == nil && len(raw) > n.cfg.HintBytes {
		raw, err = wire.Encode(&wire.Hint{From: n.id, Heads: heads})
	}
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
	mine, err := n.rep.Vector()
	if err != nil {
		return
	}
	for o, seq := range m.Heads {
		if mine[o] < seq && o != n.id {
			n.maybePull()
			return
		}
	}
}

// apply verifies, clock-guards and applies a batch in one transaction.
func (n *Node) apply(cs []sbsync.Change) sbsync.ApplyResult {
	errs := n.verifyAll(cs)
	ok := make([]sbsync.Change, 0, len(cs))
	skipped := map[sbsync.NodeID]bool{}
	now := n.now()
	var refused, held uint64
	for i := range cs {
		c := &cs[i]
		if skipped[c.Origin] {
			continue
		}
		if errs != nil && errs[i] != nil {
			skipped[c.Origin] = true
			refused++
			n.log.Warn("change refused", "origin", c.Origin, "seq", c.Seq, "reason", errs[i])
			continue
		}
		if ahead := c.HLC.Time().Sub(now); ahead > n.cfg.MaxSkew {
			skipped[c.Origin] = true
			held++
			n.mu.Lock()
			n.held[c.Origin] = Held{Origin: c.Origin, Seq: c.Seq, HLC: c.HLC, Ahead: ahead, At: now}
			n.mu.Unlock()
			n.log.Warn("change held back: its clock is ahead of ours", "origin", c.Origin, "seq", c.Seq,
				"ahead", ahead.Round(time.Second), "max", n.cfg.MaxSkew)
			continue
		}
		ok = append(ok, *c)
	}
	res, err := n.rep.ApplyRemote(ok)
	if err != nil {
		n.log.Error("cannot apply changes", "changes", len(ok), "err", err)
		return res
	}
	gaps := res.Gaps[:0]
	for _, g := range res.Gaps {
		if !skipped[g.Origin] {
			gaps = append(gaps, g)
		}
	}
	res.Gaps = gaps
	for _, e := range res.Refused {
		n.log.Warn("change refused", "reason", e)
	}
	n.mu.Lock()
	n.stats.ChangesApplied += uint64(res.Applied)
	n.stats.Refused += refused + uint64(len(res.Refused))
	n.stats.HeldBack += held
	if res.Applied > 0 {
		for o := range n.held {
			if !skipped[o] {
				delete(n.held, o)
			}
		}
	}
	n.mu.Unlock()
	return res
}

// verifyAll checks every signature, on all cores for big batches. It
// returns nil when the node runs without a network.
func (n *Node) verifyAll(cs []sbsync.Change) []error {
	r := n.cfg.Trust
	if r == nil {
		return nil
	}
	errs := make([]error, len(cs))
	workers := runtime.GOMAXPROCS(0)
	if len(cs) < 64 || workers < 2 {
		for i := range cs {
			errs[i] = r.Verify(&cs[i])
		}
		return errs
	}
	var wg stdsync.WaitGroup
	per := (len(cs) + workers - 1) / workers
	for lo := 0; lo < len(cs); lo += per {
		hi := min(lo+per, len(cs))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				errs[i] = r.Verify(&cs[i])
			}
		}()
	}
	wg.Wait()
	return errs
}

// maybePull starts a pull from the reachable peer that has the most
// changes this node lacks, unless one is running.
func (n *Node) maybePull() {
	mine, err := n.rep.Vector()
	if err != nil {
		n.log.Warn("cannot read vector", "err", err)
		return
	}
	live := n.liveNodes()
	alive := func(id sbsync.NodeID) bool { _, ok := live[id]; return ok }
	now := n.now()
	n.mu.Lock()
	if n.pull != nil {
		if now.Sub(n.pull.last) < n.cfg.PullTimeout && alive(n.pull.peer) {
			n.mu.Unlock()
			return
		}
		n.log.Info("catch-up abandoned: no progress", "peer", n.pull.peer)
		n.peerLocked(n.pull.peer).quietUntil = now.Add(n.cfg.PullTimeout)
		n.pull = nil
	}
	var best sbsync.NodeID
	var most uint64
	for id, p := range n.peers {
		if !alive(id) || p.vec == nil || now.Before(p.quietUntil) {
			continue
		}
		if c := p.vec.Count(mine); c > most || c == most && c > 0 && id < best {
			best, most = id, c
		}
	}
	if most == 0 {
		n.mu.Unlock()
		return
	}
	n.reqSeq++
	n.pull = &pull{peer: best, req: n.reqSeq, last: now, progress: Progress{Peer: best, ChangesTotal: most}}
	n.stats.PullsStarted++
	req := n.reqSeq
	n.mu.Unlock()
	raw, err := wire.Encode(&wire.Want{From: n.id, Req: req, Vector: mine})
	if err != nil {
		return
	}
	n.log.Debug("catch-up started", "peer", best, "lacking", most)
	n.enqueue(best, raw)
}

func (n *Node) onChunk(m *wire.Chunk, size int) {
	n.contact(m.From, size, nil)
	t0 := time.Now()
	res := n.apply(m.Changes)
	n.log.Debug("chunk applied", "peer", m.From, "index", m.Index, "changes", len(m.Changes), "applied", res.Applied,
		"bytes", size, "took", time.Since(t0))
	n.mu.Lock()
	n.stats.ChunksReceived++
	pl := n.pull
	var prog Progress
	report := false
	if pl != nil && pl.peer == m.From && pl.req == m.Req {
		report = true
		pl.last = n.now()
		p := &pl.progress
		p.Changes += uint64(len(m.Changes))
		p.Applied += uint64(res.Applied)
		p.Bytes += uint64(size)
		if m.Total > 0 {
			p.ChangesTotal = m.Total
		}
		p.BytesTotal = p.Bytes
		if p.Changes > 0 && p.ChangesTotal > p.Changes {
			p.BytesTotal = p.Bytes * p.ChangesTotal / p.Changes
		}
		if m.Last {
			p.Done = true
			p.BytesTotal = p.Bytes
			n.pull = nil
			n.stats.PullsCompleted++
			if p.Applied == 0 {
				n.peerLocked(m.From).quietUntil = n.now().Add(5 * n.cfg.SyncInterval)
			}
		}
		prog = *p
	}
	n.mu.Unlock()
	if report && n.cfg.OnProgress != nil {
		n.cfg.OnProgress(prog)
	}
	if report && m.Last {
		n.log.Debug("catch-up done", "peer", m.From, "changes", prog.Changes, "applied", prog.Applied, "bytes", prog.Bytes)
		n.maybePull()
	}
}

var errChunkFull = errors.New("chunk full")

// answer sends a peer exactly the changes its vector lacks, in chunks.
func (n *Node) answer(w *wire.Want) error {
	mine, err := n.rep.Vector()
	if err != nil {
		return err
	}
	total := mine.Count(w.Vector)
	have := w.Vector.Clone()
	if have == nil {
		have = sbsync.Vector{}
	}
	for index := 0; ; index++ {
		var batch []sbsync.Change
		size := 0
		err := n.rep.ChangesSince(have, func(c sbsync.Change) error {
			sz := approxSize(&c)
			if len(batch) > 0 && size+sz > n.cfg.ChunkBytes {
				return errChunkFull
			}
			batch = append(batch, c)
			size += sz
			return nil
		})
		last := err == nil
		if err != nil && !errors.Is(err, errChunkFull) {
			return err
		}
		for _, c := range batch {
			have[c.Origin] = c.Seq
		}
		raw, err := wire.Encode(&wire.Chunk{From: n.id, Req: w.Req, Index: index, Last: last, Total: total, Changes: batch})
		if err != nil {
			return err
		}
		if err := n.sendReliable(w.From, raw); err != nil {
			return err
		}
		n.mu.Lock()
		n.stats.ChunksSent++
		n.stats.CatchUpBytesSent += uint64(len(raw))
		n.stats.ChangesSent += uint64(len(batch))
		n.mu.Unlock()
		select {
		case <-n.done:
			return ErrStopped
		default:
		}
		if last {
			// The peer holds at least what was sent now (unless it refused
			// some): its status shows that until its next state arrives.
			n.mu.Lock()
			if p := n.peerLocked(w.From); p.vec != nil {
				p.vec.Merge(have)
			}
			n.mu.Unlock()
			return nil
		}
	}
}

// approxSize estimates the JSON size of a change without encoding it.
func approxSize(c *sbsync.Change) int {
	sz := 160 + len(c.Origin) + len(c.Kind) + len(c.ID) + len(c.Sig)*4/3
	for k, v := range c.Fields {
		sz += len(k) + len(v) + 4
	}
	for k, v := range c.Salt {
		sz += len(k) + len(v)*4/3 + 6
	}
	for k, v := range c.Hashes {
		sz += len(k) + len(v)*4/3 + 6
	}
	sz += len(c.Seen) * 28
	return sz
}
