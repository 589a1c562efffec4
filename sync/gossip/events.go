package gossip

import (
	"github.com/hashicorp/memberlist"

	sbsync "sbcc/sync"
)

// events is memberlist's EventDelegate: membership changes go to the
// worker, which remembers addresses and says hello to new nodes.
type events struct{ n *Node }

var _ memberlist.EventDelegate = events{}

type memberEvent struct {
	node   sbsync.NodeID
	addr   string
	office string
	alive  bool
}

func (e events) send(m *memberlist.Node, alive bool) {
	if sbsync.NodeID(m.Name) == e.n.id {
		return
	}
	ev := memberEvent{node: sbsync.NodeID(m.Name), addr: m.Address(), office: string(m.Meta), alive: alive}
	select {
	case e.n.members <- ev:
	default:
		e.n.log.Debug("membership event dropped, worker busy", "node", m.Name)
	}
}

// NotifyJoin implements memberlist.EventDelegate.
func (e events) NotifyJoin(m *memberlist.Node) { e.send(m, true) }

// NotifyLeave implements memberlist.EventDelegate.
func (e events) NotifyLeave(m *memberlist.Node) { e.send(m, false) }

// NotifyUpdate implements memberlist.EventDelegate.
func (e events) NotifyUpdate(m *memberlist.Node) { e.send(m, true) }
