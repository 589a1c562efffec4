package sync

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// NodeID identifies one install of sbcc. It is random, made once and
// persisted; two installs never share one.
type NodeID string

// NewNodeID returns a fresh random node id of 16 hex digits.
func NewNodeID() NodeID {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("sync: no randomness for a node id: %v", err))
	}
	return NodeID(hex.EncodeToString(b[:]))
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
func (s Stamp) Less(t Stamp) bool {
	if s.HLC != t.HLC {
		return s.HLC < t.HLC
	}
	return s.Origin < t.Origin
}
