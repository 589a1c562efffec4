package gossip

import (
	"time"

	sbsync "sbcc/sync"
)

// PeerStatus is what the UI and `sbcc peers` show for one node.
type PeerStatus struct {
	Node   sbsync.NodeID `json:"node"`
	Office string        `json:"office,omitempty"`
	Addr   string        `json:"addr,omitempty"`
	// Self marks this node's own row.
	Self bool `json:"self,omitempty"`
	// Reachable is true while the node is connected, directly or via
	// another node.
	Reachable bool `json:"reachable"`
	// Connected is true while this node holds a session with it.
	Connected bool `json:"connected"`
	// Via is the session peer through which the node is reached when
	// there is no session with it (a hub between offices behind NAT).
	Via sbsync.NodeID `json:"via,omitempty"`
	// Progress is the running catch-up from the node, if any.
	Progress *SessionProgress `json:"progress,omitempty"`
	// LastContact is when a message or state of the node last arrived.
	LastContact time.Time `json:"lastContact,omitzero"`
	// WeLack and TheyLack count the changes each side lacks, from the last
	// vector the node reported; Known is false until it reported one.
	WeLack   uint64 `json:"weLack"`
	TheyLack uint64 `json:"theyLack"`
	Known    bool   `json:"known"`
	// Conflicts is the number of open conflicts the node reported.
	Conflicts int `json:"conflicts"`
	// BytesSent and BytesReceived count this node's messages to and from it
	// (session traffic, hellos and state; gossip broadcasts are in Stats).
	BytesSent     uint64 `json:"bytesSent"`
	BytesReceived uint64 `json:"bytesReceived"`
	// Revoked is true when the node's trust was withdrawn.
	Revoked bool `json:"revoked,omitempty"`
}

// SessionProgress reports a run of chunks from one session peer: a catch-up, or
// one live edit (a run of one chunk).
type SessionProgress struct {
	Peer sbsync.NodeID `json:"peer"`
	// Changes received so far and the total the peer announced.
	Changes      uint64 `json:"changes"`
	ChangesTotal uint64 `json:"changesTotal"`
	// Bytes received so far; BytesTotal is estimated from the bytes per
	// change so far until the last chunk, then exact.
	Bytes      uint64 `json:"bytes"`
	BytesTotal uint64 `json:"bytesTotal"`
	// Applied counts changes applied (the rest were duplicates, refused or
	// held back).
	Applied uint64 `json:"applied"`
	Done    bool   `json:"done"`
}

// Held is a change held back by the clock guard: stamped further ahead of
// the local wall clock than the allowed skew.
type Held struct {
	Origin sbsync.NodeID `json:"origin"`
	Seq    uint64        `json:"seq"`
	HLC    sbsync.HLC    `json:"hlc"`
	Ahead  time.Duration `json:"ahead"`
	At     time.Time     `json:"at"`
}

// Stats are node-wide counters.
type Stats struct {
	HintsSent, HintsReceived     uint64
	ChunksSent, ChunksReceived   uint64
	ChangesSent, ChangesApplied  uint64
	BytesSent, BytesReceived     uint64
	Refused, HeldBack, Malformed uint64
	// CatchUpBytesSent counts the chunk bytes this node sent to peers.
	CatchUpBytesSent uint64
	// Duplicates counts changes that arrived in chunks already held.
	Duplicates uint64
	// SessionsRefused counts session handshakes that failed.
	SessionsRefused uint64
}
