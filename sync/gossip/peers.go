package gossip

import (
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	stdsync "sync"
	"time"

	sbsync "sbcc/sync"
)

// PeerEntry is one remembered peer.
type PeerEntry struct {
	Addr     string    `json:"addr"`
	Office   string    `json:"office,omitempty"`
	LastSeen time.Time `json:"lastSeen"`
}

// peerBook remembers peer addresses in a small JSON file.
type peerBook struct {
	path  string
	mu    stdsync.Mutex
	peers map[sbsync.NodeID]PeerEntry
	dirty bool
}

func loadPeerBook(path string, log *slog.Logger) *peerBook {
	b := &peerBook{path: path, peers: map[sbsync.NodeID]PeerEntry{}}
	if path == "" {
		return b
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			log.Warn("cannot read known peers", "file", path, "err", err)
		}
		return b
	}
	if err := json.Unmarshal(raw, &b.peers); err != nil {
		log.Warn("known peers file damaged; starting without it", "file", path, "err", err)
		b.peers = map[sbsync.NodeID]PeerEntry{}
	}
	return b
}

func (b *peerBook) remember(id sbsync.NodeID, addr, office string, at time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e := b.peers[id]
	if e.Addr != addr || e.Office != office || at.Sub(e.LastSeen) > time.Minute {
		b.dirty = true
	}
	e.Addr, e.LastSeen = addr, at
	if office != "" {
		e.Office = office
	}
	b.peers[id] = e
}

func (b *peerBook) all() map[sbsync.NodeID]PeerEntry {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make(map[sbsync.NodeID]PeerEntry, len(b.peers))
	for k, v := range b.peers {
		out[k] = v
	}
	return out
}

func (b *peerBook) save(log *slog.Logger) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.path == "" || !b.dirty {
		return
	}
	raw, _ := json.MarshalIndent(b.peers, "", "  ")
	tmp := b.path + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		log.Warn("cannot remember peers", "err", err)
		return
	}
	if err := os.Rename(tmp, b.path); err != nil {
		log.Warn("cannot remember peers", "err", err)
		return
	}
	b.dirty = false
}

// KnownPeers reads a peer file as written by a node, for `sbcc peers`
// when no node is running.
func KnownPeers(path string) (map[sbsync.NodeID]PeerEntry, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[sbsync.NodeID]PeerEntry{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[sbsync.NodeID]PeerEntry{}
	return out, json.Unmarshal(raw, &out)
}

// PeerFile returns the conventional peer file of a data folder.
func PeerFile(dataDir string) string { return filepath.Join(dataDir, "peers.json") }

// joinCandidates returns the configured and remembered addresses.
func (n *Node) joinCandidates() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range n.cfg.Join {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	for id, e := range n.book.all() {
		if n.cfg.Trust != nil && n.cfg.Trust.Revoked(id) {
			continue
		}
		if e.Addr != "" && !seen[e.Addr] {
			seen[e.Addr] = true
			out = append(out, e.Addr)
		}
	}
	return out
}

// reconnect is the goroutine that retries unreachable known peers with
// exponential backoff per address.
func (n *Node) reconnect() {
	defer n.wg.Done()
	type try struct {
		next  time.Time
		delay time.Duration
	}
	tries := map[string]*try{}
	tick := time.NewTicker(n.cfg.ReconnectMin)
	defer tick.Stop()
	for {
		select {
		case <-n.done:
			return
		case <-tick.C:
		}
		alive := map[string]bool{}
		for _, l := range n.liveNodes() {
			alive[l.address()] = true
		}
		now := time.Now()
		for _, addr := range n.joinCandidates() {
			if alive[addr] || addr == n.Addr() {
				delete(tries, addr)
				continue
			}
			t := tries[addr]
			if t == nil {
				t = &try{delay: n.cfg.ReconnectMin}
				tries[addr] = t
			}
			if now.Before(t.next) {
				continue
			}
			if _, err := n.ml.Join([]string{addr}); err != nil {
				t.delay = min(2*t.delay, n.cfg.ReconnectMax)
				t.next = time.Now().Add(t.delay)
				n.log.Debug("peer still unreachable", "addr", addr, "retry in", t.delay)
				continue
			}
			n.log.Info("reconnected", "addr", addr)
			delete(tries, addr)
			select {
			case <-n.done:
				return
			default:
			}
		}
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
