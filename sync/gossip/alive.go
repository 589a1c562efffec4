package gossip

import (
	"fmt"

	"github.com/hashicorp/memberlist"

	sbsync "sbcc/sync"
)

// alive is memberlist's AliveDelegate: it keeps revoked nodes out of the
// member list (they may still hold the network key until it is rotated).
type alive struct{ n *Node }

var _ memberlist.AliveDelegate = alive{}

// NotifyAlive refuses a node that was revoked.
func (a alive) NotifyAlive(m *memberlist.Node) error {
	if r := a.n.cfg.Trust; r != nil && r.Revoked(sbsync.NodeID(m.Name)) {
		return fmt.Errorf("node %s is revoked", m.Name)
	}
	return nil
}
