package gossip

import "sbcc/sync/gossip/internal/transport"

// Transport is memberlist's network transport with the session streams
// split off: an inbound TCP stream that opens with the session magic goes
// to the node's sessions, every other stream to memberlist. It also counts
// the bytes this node sends and can cut the node off from chosen addresses
// to simulate a partition (see package internal/transport).
type Transport = transport.Transport

// SessionConn is an inbound session stream whose magic was read.
type SessionConn = transport.SessionConn

// NewTransport listens on addr:port (port 0 picks a free one).
func NewTransport(addr string, port int) (*Transport, error) { return transport.New(addr, port) }
