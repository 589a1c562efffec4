package node

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"sbcc/app"
	sbsync "sbcc/sync"
	"sbcc/sync/gossip"
	"sbcc/sync/trust"
)

// StatusFile is the file in the data folder where a running node writes
// its status every few seconds, for `sbcc peers` beside it.
const StatusFile = "status.json"

// Status is what a running node writes to StatusFile.
type Status struct {
	Time    time.Time           `json:"time"`
	Node    sbsync.NodeID       `json:"node"`
	Office  string              `json:"office"`
	Addr    string              `json:"addr"`
	Vector  sbsync.Vector       `json:"vector"`
	Hash    string              `json:"hash"`
	Peers   []gossip.PeerStatus `json:"peers"`
	Held    []gossip.Held       `json:"held,omitempty"`
	Stats   gossip.Stats        `json:"stats"`
	Network string              `json:"network"`
}

// ReadStatus reads the status file of the node running on the data folder
// dir.
func ReadStatus(dir string) (*Status, error) {
	raw, err := os.ReadFile(filepath.Join(dir, StatusFile))
	if err != nil {
		return nil, fmt.Errorf("the data folder is in use but the node wrote no status yet: %w", err)
	}
	var st Status
	return &st, json.Unmarshal(raw, &st)
}

// statusWriter writes a running node's StatusFile.
type statusWriter struct {
	dir     string
	d       *app.Directory
	node    *gossip.Node
	network string
	log     *slog.Logger
	lastVec sbsync.Vector // the vector s.hash was computed at
	prevVec sbsync.Vector // the vector at the previous write
	hash    string
	fileMod time.Time
}

// write replaces the status file with the node's status now.
func (s *statusWriter) write() {
	vec, err := s.d.Store().Vector()
	if err != nil {
		return
	}
	// The hash reads every record: during a catch-up (the vector moves at
	// every write) it waits until the vector has settled for one period.
	differs := func(a, b sbsync.Vector) bool { return a.Count(b)+b.Count(a) > 0 }
	if s.lastVec == nil || differs(vec, s.lastVec) && s.prevVec != nil && !differs(vec, s.prevVec) {
		if h, err := s.d.Hash(); err == nil {
			s.hash, s.lastVec = h, vec
		}
	}
	s.prevVec = vec
	ns := Status{Time: time.Now(), Node: s.node.ID(), Office: s.d.Office(), Addr: s.node.Addr(), Vector: vec,
		Hash: s.hash, Peers: s.node.Peers(), Held: s.node.Held(), Stats: s.node.Stats(), Network: s.network}
	raw, _ := json.MarshalIndent(ns, "", "  ")
	tmp := filepath.Join(s.dir, "."+StatusFile)
	if err := os.WriteFile(tmp, raw, 0o600); err == nil {
		os.Rename(tmp, filepath.Join(s.dir, StatusFile))
	}
}

// pickUpNotices publishes notices that a command (revoke, rotate) added
// to the network file while the node runs.
func (s *statusWriter) pickUpNotices(reg *trust.Registry) {
	fi, err := os.Stat(filepath.Join(s.dir, trust.FileName))
	if err != nil || !fi.ModTime().After(s.fileMod) {
		return
	}
	s.fileMod = fi.ModTime()
	f, err := trust.Load(s.dir)
	if err != nil {
		return
	}
	if added, _ := reg.Merge(f.Notices); added > 0 {
		if err := s.node.Publish(f.Notices); err != nil {
			s.log.Warn("cannot publish network notices", "err", err)
		}
	}
}
