package gossip

import (
	"log/slog"
	"time"

	"github.com/hashicorp/memberlist"

	"sbcc/sync/trust"
)

// Config configures a Node. Start from DefaultConfig and set what differs.
type Config struct {
	// Office is this node's office name, shown to peers.
	Office string
	// BindAddr and BindPort are where gossip listens (UDP and TCP on the
	// same port). Port 0 picks a free port.
	BindAddr string
	BindPort int
	// AdvertiseAddr and AdvertisePort are what peers are told to dial, when
	// different from the bind address (NAT, port forwarding).
	AdvertiseAddr string
	AdvertisePort int
	// Join lists addresses (host:port) to join at start and to keep
	// retrying while unreachable: an always-on office node, for example.
	Join []string

	// Keys are the network's encryption keys, the primary first (AES-GCM
	// in memberlist). Nil runs without encryption: tests only.
	Keys [][]byte
	// Trust verifies every change against its origin's key and holds the
	// network's notices. Nil accepts unsigned changes: tests only.
	Trust *trust.Registry
	// Identity is this node's key: it signs the node's side of every
	// session handshake. Required with Trust (its node must be the
	// replica's).
	Identity trust.Identity
	// OnNotices is called (from the worker) when new network notices were
	// learned, so they can be persisted.
	OnNotices func(trust.Notices)
	// OnKeys is called when a key rotation changed the keyring, with the
	// keys now installed, the primary first.
	OnKeys func(keys [][]byte)

	// PeerFile is where known peer addresses are remembered across
	// restarts (JSON); empty to remember nothing.
	PeerFile string
	// ReconnectMin and ReconnectMax bound the backoff between attempts to
	// reach a known peer that is not reachable.
	ReconnectMin, ReconnectMax time.Duration

	// MaxSkew is how far ahead of the local wall clock a change's clock
	// may be; changes further ahead are held back, reported and not
	// applied (they are asked for again later).
	MaxSkew time.Duration
	// Now is the wall clock; time.Now when nil.
	Now func() time.Time

	// ChunkBytes bounds the uncompressed JSON of one session chunk.
	ChunkBytes int
	// SessionWindow is how many chunks a session sends ahead of the
	// peer's acknowledgements; what a cut session sends again is at most
	// this many chunks.
	SessionWindow int
	// KeepAlive is how often a session sends its status when idle; a
	// session silent for 3 × KeepAlive + TCPTimeout is closed and dialled
	// again.
	KeepAlive time.Duration
	// SyncInterval is how often conflicts are counted, keys rotated and
	// known peers saved.
	SyncInterval time.Duration

	// PushPullInterval, GossipInterval, ProbeInterval and ProbeTimeout
	// are memberlist's; the defaults are its LAN configuration's.
	PushPullInterval, GossipInterval, ProbeInterval, ProbeTimeout time.Duration
	// TCPTimeout bounds one reliable message, push/pull exchange, dial or
	// session handshake.
	TCPTimeout time.Duration
	// Transport replaces memberlist's network transport (tests use
	// [Transport] to count bytes and cut links). When nil one is made on
	// BindAddr:BindPort.
	Transport memberlist.NodeAwareTransport

	// OnProgress receives catch-up progress (from the worker; must not
	// block).
	OnProgress func(SessionProgress)
	// Logger receives the node's log; discarded when nil.
	Logger *slog.Logger
}

// DefaultConfig returns settings for offices on a LAN or VPN: memberlist's
// LAN timings (its Local config took 16–45 s to converge on joins), a
// 10-minute clock skew limit, 1 MiB chunks up to eight ahead of the acks
// (on a link with 100 ± 50 ms delay and 10 % loss a catch-up took 2.1–2.4 s
// with eight against 3.5–3.9 s with two; a cut wastes at most the window)
// and a 5 s session keepalive.
func DefaultConfig() Config {
	lan := memberlist.DefaultLANConfig()
	return Config{
		BindAddr:         "0.0.0.0",
		BindPort:         7946,
		ReconnectMin:     2 * time.Second,
		ReconnectMax:     5 * time.Minute,
		MaxSkew:          10 * time.Minute,
		ChunkBytes:       1 << 20,
		SessionWindow:    8,
		KeepAlive:        5 * time.Second,
		SyncInterval:     10 * time.Second,
		PushPullInterval: lan.PushPullInterval,
		GossipInterval:   lan.GossipInterval,
		ProbeInterval:    lan.ProbeInterval,
		ProbeTimeout:     lan.ProbeTimeout,
		TCPTimeout:       lan.TCPTimeout,
	}
}

// TestConfig returns DefaultConfig with loopback binding, a free port and
// intervals short enough for in-process tests and benchmarks.
func TestConfig() Config {
	c := DefaultConfig()
	c.BindAddr = "127.0.0.1"
	c.BindPort = 0
	c.ReconnectMin = 50 * time.Millisecond
	c.ReconnectMax = 500 * time.Millisecond
	c.SyncInterval = 300 * time.Millisecond
	c.KeepAlive = 500 * time.Millisecond
	c.PushPullInterval = 1 * time.Second
	c.GossipInterval = 20 * time.Millisecond
	c.ProbeInterval = 200 * time.Millisecond
	c.ProbeTimeout = 100 * time.Millisecond
	c.TCPTimeout = 5 * time.Second
	return c
}
