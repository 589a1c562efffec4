package gossip

import (
	"net"
	"strconv"

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
	// Called under memberlist's node lock: the only safe moment to read m.
	ev := memberEvent{node: sbsync.NodeID(m.Name), addr: m.Address(), office: string(m.Meta), alive: alive}
	e.n.amu.Lock()
	if alive {
		e.n.live[ev.node] = liveNode{addr: append(net.IP(nil), m.Addr...), port: m.Port, office: ev.office}
	} else {
		delete(e.n.live, ev.node)
	}
	e.n.amu.Unlock()
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

// liveNode is a copy of what memberlist knows of an alive node: the nodes
// memberlist returns are its own, changed under its lock, so they are read
// only inside event callbacks.
type liveNode struct {
	addr   net.IP
	port   uint16
	office string
}

func (l liveNode) address() string {
	return net.JoinHostPort(l.addr.String(), strconv.Itoa(int(l.port)))
}
