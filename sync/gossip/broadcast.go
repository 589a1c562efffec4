package gossip

import "github.com/hashicorp/memberlist"

// broadcast is one queued gossip message; a message with the same name
// replaces a queued one (a hint forwarded twice is sent once).
type broadcast struct {
	name string
	msg  []byte
}

var _ memberlist.NamedBroadcast = (*broadcast)(nil)

// Invalidates implements memberlist.Broadcast.
func (b *broadcast) Invalidates(other memberlist.Broadcast) bool {
	nb, ok := other.(memberlist.NamedBroadcast)
	return ok && nb.Name() == b.name
}

// Name implements memberlist.NamedBroadcast.
func (b *broadcast) Name() string { return b.name }

// Message implements memberlist.Broadcast.
func (b *broadcast) Message() []byte { return b.msg }

// Finished implements memberlist.Broadcast.
func (b *broadcast) Finished() {}
