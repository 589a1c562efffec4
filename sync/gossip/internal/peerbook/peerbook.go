// Package peerbook remembers the addresses of the peers a node has
// reached, in a small JSON file, so that a node that was away rejoins by
// itself.
package peerbook

import (
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
	"os"
	stdsync "sync"
	"time"

	sbsync "sbcc/sync"
)

// Entry is one remembered peer.
type Entry struct {
	Addr     string    `json:"addr"`
	Office   string    `json:"office,omitempty"`
	LastSeen time.Time `json:"lastSeen"`
}

// Book remembers peer addresses in a small JSON file.
type Book struct {
	path  string
	mu    stdsync.Mutex
	peers map[sbsync.NodeID]Entry
	dirty bool
}

// Load reads the book at path (none when empty); a missing or damaged
// file gives an empty book.
func Load(path string, log *slog.Logger) *Book {
	b := &Book{path: path, peers: map[sbsync.NodeID]Entry{}}
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
		b.peers = map[sbsync.NodeID]Entry{}
	}
	return b
}

// Remember notes that node id was reached at addr.
func (b *Book) Remember(id sbsync.NodeID, addr, office string, at time.Time) {
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

// All returns a copy of every entry.
func (b *Book) All() map[sbsync.NodeID]Entry {
	b.mu.Lock()
	defer b.mu.Unlock()
	return maps.Clone(b.peers)
}

// Save writes the book if it changed.
func (b *Book) Save(log *slog.Logger) {
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

// Read reads a peer file as written by a node.
func Read(path string) (map[sbsync.NodeID]Entry, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[sbsync.NodeID]Entry{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[sbsync.NodeID]Entry{}
	return out, json.Unmarshal(raw, &out)
}
