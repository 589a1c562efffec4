package sync

import (
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// NodeID identifies one install of sbcc. It is derived from the install's
// public signing key ([NodeIDFor]), so no other key can claim it; ids made
// by [NewNodeID] belong to stores written before keys existed.
type NodeID string

// NewNodeID returns a fresh random node id of 16 hex digits.
func NewNodeID() NodeID {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("sync: no randomness for a node id: %v", err))
	}
	return NodeID(hex.EncodeToString(b[:]))
}

// NodeIDFor returns the node id of the holder of the public key pub: the
// first 16 bytes of its SHA-256, in hex (128 bits: finding another key
// with the same id is out of reach). Like Syncthing's device id, it is
// checked, never trusted: a certificate whose id is not NodeIDFor(key) is
// refused.
func NodeIDFor(pub []byte) NodeID {
	sum := sha256.Sum256(pub)
	return NodeID(hex.EncodeToString(sum[:16]))
}

// Valid reports whether id has the shape of a node id.
func (id NodeID) Valid() bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return true
}

// Stamp orders field values: the higher (HLC, Origin) wins.
type Stamp struct {
	HLC    HLC    `json:"h"`
	Origin NodeID `json:"o"`
}

// Less reports whether s is ordered before t.
func (s Stamp) Less(t Stamp) bool { return s.compare(t) < 0 }

// compare orders stamps by clock, then by origin.
func (s Stamp) compare(t Stamp) int {
	if c := cmp.Compare(s.HLC, t.HLC); c != 0 {
		return c
	}
	return cmp.Compare(s.Origin, t.Origin)
}
