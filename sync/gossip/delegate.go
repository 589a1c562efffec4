package gossip

import (
	"github.com/hashicorp/memberlist"

	"sbcc/sync/wire"
)

// delegate is memberlist's Delegate: it copies messages and state onto the
// node's inbound channel and returns.
type delegate struct{ n *Node }

var _ memberlist.Delegate = delegate{}

// NodeMeta returns the office name, cut to the limit.
func (d delegate) NodeMeta(limit int) []byte {
	m := []byte(d.n.cfg.Office)
	if len(m) > limit {
		m = m[:limit]
	}
	return m
}

// NotifyMsg hands a copy of a gossip or reliable message to the worker.
// Gossip packets are dropped when the worker is behind (catch-up repairs
// that); reliable messages wait, which only holds their own TCP stream.
func (d delegate) NotifyMsg(b []byte) {
	if len(b) == 0 {
		return
	}
	reliable := wire.Type(b[0]) == wire.TypeState || wire.Type(b[0]) == wire.TypeNotice
	d.n.receive(append([]byte(nil), b...), reliable)
}

// GetBroadcasts returns queued hints and notices.
func (d delegate) GetBroadcasts(overhead, limit int) [][]byte {
	return d.n.queue.GetBroadcasts(overhead, limit)
}

// LocalState returns the push/pull state: vector, status and notices.
func (d delegate) LocalState(join bool) []byte {
	b, err := d.n.state(false)
	if err != nil {
		d.n.log.Warn("cannot make push/pull state", "err", err)
		return nil
	}
	return b
}

// MergeRemoteState hands the peer's push/pull state to the worker.
func (d delegate) MergeRemoteState(buf []byte, join bool) {
	if len(buf) > 0 {
		d.n.receive(append([]byte(nil), buf...), true)
	}
}
