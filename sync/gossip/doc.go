// Package gossip runs an sbcc node on the network: it gossips fresh changes
// to the other offices with hashicorp/memberlist and makes sure, by catch-up,
// that every node ends up with every change.
//
// # Basics
//
// A [Node] wraps a [Replica] (the store) and a memberlist. Fresh local
// changes, handed over with [Node.Notify], are broadcast as small hints on
// memberlist's gossip queue; receivers apply them and forward them once.
// Hints are best effort. The guarantee is catch-up: nodes exchange version
// vectors (in push/pull state, in a hello when a node appears, periodically,
// and when a hint reveals a gap) and a node that lacks changes sends one
// peer a Want with its vector; the peer answers with exactly the changes
// the vector lacks, as zstd-compressed chunks of at most [Config.ChunkBytes]
// over memberlist's reliable (TCP) messages, each applied in one store
// transaction. Push/pull state holds only the vector, the node's status and
// the network notices, so idle traffic does not grow with the records.
//
// Every change is verified against its origin's key ([trust.Registry])
// before it is applied, and a change stamped further ahead of the local
// clock than [Config.MaxSkew] is held back: neither kind is applied, so the
// vector does not move and the changes are asked for again later.
//
// Known peers are remembered in [Config.PeerFile] and retried with backoff,
// so a laptop that was away rejoins by itself. [Node.Peers] reports per
// node: reachable, last contact, what each side lacks, conflicts open and
// bytes exchanged; [Config.OnProgress] reports catch-up progress.
//
// One file per memberlist delegate: delegate.go, events.go, alive.go.
// Delegate callbacks copy what they receive onto a channel and return; one
// worker goroutine does the work, one sender serves catch-up, one more
// reconnects. [Node.Stop] ends all of them.
//
// # Caveats
//
// The package must not import sbcc/app: the store is used only through
// [Replica]. Anyone with the network key is a memberlist member and can
// read gossip; the change signatures are what keep one office from forging
// another's edits.
package gossip
