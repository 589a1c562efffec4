// Package netproxy is a userspace TCP proxy that makes a loopback link
// behave like a slow, lossy one, for tests and benchmarks of sync between
// offices on rural uplinks.
//
// A [Proxy] listens on a loopback port and forwards every connection to a
// target address. Each direction of each connection is delayed by
// [Config.Delay] ± [Config.Jitter], limited to [Config.Bandwidth] bytes per
// second (one token bucket per direction, shared by all connections, like
// one link), and stalled now and then to model loss. [Proxy.Cut] closes
// every connection at once and refuses new ones for a while.
//
// # Loss
//
// TCP never loses bytes: a lost packet is sent again, and what the
// application sees is a stall of the stream until the retransmission
// arrives, about one retransmission timeout (RTO: on Linux at least
// 200 ms, more on a link with a long, jittery round trip). The proxy
// therefore models a link that loses [Config.Loss] of its packets as
// stalls: every piece of data read is counted as packets of 1460 bytes,
// and if any of them is "lost" the piece, and everything behind it in the
// stream, is delivered [Config.RTO] later. Several losses in one piece
// cost one RTO, as selective acknowledgements recover them together.
// A new connection is established one round trip after it is accepted
// (more, 1 s per lost SYN or SYN-ACK), and no data passes before.
// The in-flight data of a direction is bounded (64 pieces of at most
// 16 KiB), like a TCP window, so a slow link pushes back on the sender.
//
// # UDP
//
// Datagrams sent to the proxy's port (UDP, the same number) are relayed
// to the target's UDP port with the same delay, jitter and bandwidth, and
// really lost with probability Loss: gossip protocols such as memberlist
// send their probes over UDP and their streams over TCP to one address.
// A datagram reaches the target from another port than its sender's, so
// the relay suits protocols that answer to an address inside the message
// (memberlist does) rather than to the datagram's source.
//
// [Proxy.SetTarget] moves the target, for a node that restarts on another
// port behind the same address.
package netproxy

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	stdsync "sync"
	"sync/atomic"
	"time"
)

// MSS is the packet payload size loss is counted in.
const MSS = 1460

const (
	// pieceBytes bounds one read of a direction.
	pieceBytes = 16 << 10
	// window bounds the pieces in flight per direction of a connection.
	window = 64
)

// Config is how the link behaves. The zero value forwards unchanged.
type Config struct {
	// Target is the address (host:port) connections and datagrams are
	// forwarded to.
	Target string
	// Delay is the one-way delay of each direction; Jitter varies it
	// uniformly by up to ± Jitter (data never overtakes earlier data).
	Delay, Jitter time.Duration
	// Bandwidth limits each direction to this many bytes per second;
	// 0 is unlimited. Burst is the token bucket's size; Bandwidth/50
	// (20 ms of data), at least one packet, when 0.
	Bandwidth, Burst int
	// Loss is the fraction (0…1) of packets lost, each showing as a
	// stall of RTO.
	Loss float64
	// RTO is the stall of a lost packet; when 0, max(200 ms, 2·Delay +
	// 4·Jitter), as a TCP stack would estimate it.
	RTO time.Duration
	// Seed makes the jitter and losses repeatable; 0 seeds from time.
	Seed uint64
}

// Stats counts what a proxy forwarded.
type Stats struct {
	// Up counts bytes from clients to the target, Down back.
	Up, Down uint64
	// Conns counts connections accepted and forwarded; Refused those
	// closed at once during a cut.
	Conns, Refused uint64
	// Stalls counts pieces delayed by a modelled loss.
	Stalls uint64
	// Datagrams counts UDP datagrams relayed, Dropped those lost.
	Datagrams, Dropped uint64
}

// Proxy forwards connections from its loopback port to a target.
type Proxy struct {
	cfg    Config
	ln     net.Listener
	udp    net.PacketConn // the proxy's UDP port
	udpOut net.PacketConn // what relayed datagrams leave from
	up     *bucket
	down   *bucket

	mu         stdsync.Mutex
	rnd        *rand.Rand
	conns      map[net.Conn]struct{}
	refuseTill time.Time
	closed     bool
	target     string

	up64, down64, nconns, refused, stalls, datagrams, dropped atomic.Uint64
	wg                                                        stdsync.WaitGroup
}

// New starts a proxy for cfg on a free loopback port.
func New(cfg Config) (*Proxy, error) {
	if cfg.Target == "" {
		return nil, errors.New("netproxy: no target address")
	}
	if cfg.Loss < 0 || cfg.Loss > 1 {
		return nil, fmt.Errorf("netproxy: loss %.2f is not between 0 and 1", cfg.Loss)
	}
	if cfg.RTO <= 0 {
		cfg.RTO = max(200*time.Millisecond, 2*cfg.Delay+4*cfg.Jitter)
	}
	if cfg.Bandwidth > 0 && cfg.Burst <= 0 {
		cfg.Burst = max(cfg.Bandwidth/50, MSS)
	}
	ln, udp, err := listen()
	if err != nil {
		return nil, err
	}
	udpOut, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		ln.Close()
		udp.Close()
		return nil, fmt.Errorf("netproxy: listen: %w", err)
	}
	seed := cfg.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	p := &Proxy{cfg: cfg, ln: ln, udp: udp, udpOut: udpOut, target: cfg.Target, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), conns: map[net.Conn]struct{}{},
		up: newBucket(cfg.Bandwidth, cfg.Burst), down: newBucket(cfg.Bandwidth, cfg.Burst)}
	p.wg.Add(2)
	go p.accept()
	go p.relay()
	return p, nil
}

// listen opens a TCP and a UDP socket on one free loopback port.
func listen() (net.Listener, net.PacketConn, error) {
	var last error
	for range 20 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, nil, fmt.Errorf("netproxy: listen: %w", err)
		}
		udp, err := net.ListenPacket("udp", ln.Addr().String())
		if err == nil {
			return ln, udp, nil
		}
		ln.Close()
		last = err
	}
	return nil, nil, fmt.Errorf("netproxy: no port free for both TCP and UDP: %w", last)
}

// SetTarget forwards new connections and datagrams to addr from now on.
func (p *Proxy) SetTarget(addr string) {
	p.mu.Lock()
	p.target = addr
	p.mu.Unlock()
}

func (p *Proxy) currentTarget() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.target
}

// relay forwards datagrams until the proxy closes.
func (p *Proxy) relay() {
	defer p.wg.Done()
	buf := make([]byte, 64<<10)
	for {
		n, _, err := p.udp.ReadFrom(buf)
		if err != nil {
			return
		}
		p.mu.Lock()
		drop := time.Now().Before(p.refuseTill) || p.cfg.Loss > 0 && p.rnd.Float64() < p.cfg.Loss
		p.mu.Unlock()
		if drop {
			p.dropped.Add(1)
			continue
		}
		to, err := net.ResolveUDPAddr("udp", p.currentTarget())
		if err != nil {
			p.dropped.Add(1)
			continue
		}
		pkt := append([]byte(nil), buf[:n]...)
		due := p.jittered(time.Now())
		p.wg.Add(1)
		time.AfterFunc(time.Until(due), func() {
			defer p.wg.Done()
			p.up.take(len(pkt))
			p.up64.Add(uint64(len(pkt)))
			p.datagrams.Add(1)
			p.udpOut.WriteTo(pkt, to)
		})
	}
}

// Addr returns the proxy's address (127.0.0.1:port).
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Port returns the proxy's port.
func (p *Proxy) Port() int { return p.ln.Addr().(*net.TCPAddr).Port }

// Stats returns the counters so far.
func (p *Proxy) Stats() Stats {
	return Stats{Up: p.up64.Load(), Down: p.down64.Load(), Conns: p.nconns.Load(), Refused: p.refused.Load(), Stalls: p.stalls.Load(),
		Datagrams: p.datagrams.Load(), Dropped: p.dropped.Load()}
}

// Cut closes every connection now and refuses new ones (accepts and
// closes them at once) for d.
func (p *Proxy) Cut(d time.Duration) {
	p.mu.Lock()
	p.refuseTill = time.Now().Add(d)
	conns := p.conns
	p.conns = map[net.Conn]struct{}{}
	p.mu.Unlock()
	for c := range conns {
		c.Close()
	}
}

// Heal ends a cut early: new connections are forwarded again.
func (p *Proxy) Heal() {
	p.mu.Lock()
	p.refuseTill = time.Time{}
	p.mu.Unlock()
}

// Close stops the proxy and closes every connection.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	err := p.ln.Close()
	p.udp.Close()
	p.Cut(0)
	p.wg.Wait()
	p.udpOut.Close()
	return err
}

// track adds c to the open connections, false when it must be refused.
func (p *Proxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || time.Now().Before(p.refuseTill) {
		return false
	}
	for _, c := range cs {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *Proxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		delete(p.conns, c)
	}
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.track() {
			p.refused.Add(1)
			c.Close()
			continue
		}
		p.wg.Add(1)
		go p.serve(c)
	}
}

func (p *Proxy) serve(client net.Conn) {
	defer p.wg.Done()
	target, err := net.DialTimeout("tcp", p.currentTarget(), 5*time.Second)
	if err != nil {
		client.Close()
		return
	}
	if !p.track(client, target) {
		p.refused.Add(1)
		client.Close()
		target.Close()
		return
	}
	p.nconns.Add(1)
	open := p.handshake(time.Now())
	var wg stdsync.WaitGroup
	wg.Go(func() { p.pipe(target, client, p.up, &p.up64, open) })
	wg.Go(func() { p.pipe(client, target, p.down, &p.down64, open) })
	wg.Wait()
	p.untrack(client, target)
	client.Close()
	target.Close()
}

// piece is data read from one side, due at the other side at due.
type piece struct {
	b   []byte
	due time.Time
}

// pipe copies src to dst with the link's delay, loss and bandwidth. It
// closes both when either side fails, and half-closes dst at src's end.
func (p *Proxy) pipe(dst, src net.Conn, bw *bucket, count *atomic.Uint64, open time.Time) {
	q := make(chan piece, window)
	go func() {
		defer close(q)
		var last time.Time
		for {
			buf := make([]byte, pieceBytes)
			n, err := src.Read(buf)
			if n > 0 {
				sent := time.Now()
				if sent.Before(open) {
					sent = open // the handshake is not done yet
				}
				due := p.due(sent, n)
				if due.Before(last) {
					due = last // a stream is delivered in order
				}
				last = due
				q <- piece{b: buf[:n], due: due}
			}
			if err != nil {
				return
			}
		}
	}()
	failed := false
	for pc := range q {
		if failed {
			continue // drain so the reader ends
		}
		time.Sleep(time.Until(pc.due))
		for b := pc.b; len(b) > 0; {
			n := bw.take(len(b))
			count.Add(uint64(n))
			if _, err := dst.Write(b[:n]); err != nil {
				failed = true
				dst.Close()
				src.Close()
				break
			}
			b = b[n:]
		}
	}
	if tc, ok := dst.(*net.TCPConn); ok && !failed {
		tc.CloseWrite()
	}
}

// handshake returns when a connection accepted at now is open at the
// client, so that no data is sent before: a TCP handshake takes one round
// trip before the first data, and a lost SYN or SYN-ACK is sent again
// after the initial RTO of 1 s (RFC 6298).
func (p *Proxy) handshake(now time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	d := p.delayLocked() + p.delayLocked()
	for range 2 {
		if p.cfg.Loss > 0 && p.rnd.Float64() < p.cfg.Loss {
			d += time.Second
			p.stalls.Add(1)
		}
	}
	return now.Add(max(d, 0))
}

// jittered returns when data sent at now arrives: after Delay ± Jitter.
func (p *Proxy) jittered(now time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return now.Add(max(p.delayLocked(), 0))
}

func (p *Proxy) delayLocked() time.Duration {
	d := p.cfg.Delay
	if p.cfg.Jitter > 0 {
		d += time.Duration(p.rnd.Int64N(int64(2*p.cfg.Jitter)+1)) - p.cfg.Jitter
	}
	return d
}

// due returns when n bytes read at now arrive at the other side.
func (p *Proxy) due(now time.Time, n int) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	d := p.delayLocked()
	if p.cfg.Loss > 0 {
		for range (n + MSS - 1) / MSS {
			if p.rnd.Float64() < p.cfg.Loss {
				d += p.cfg.RTO
				p.stalls.Add(1)
				break
			}
		}
	}
	return now.Add(max(d, 0))
}

// bucket is a token bucket of rate bytes per second; nil is unlimited.
type bucket struct {
	mu     stdsync.Mutex
	rate   float64
	burst  float64
	tokens float64
	at     time.Time
}

func newBucket(rate, burst int) *bucket {
	if rate <= 0 {
		return nil
	}
	return &bucket{rate: float64(rate), burst: float64(burst), tokens: float64(burst), at: time.Now()}
}

// take waits until up to n bytes may pass and returns how many (at most
// one burst).
func (b *bucket) take(n int) int {
	if b == nil {
		return n
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	n = min(n, int(b.burst))
	for {
		now := time.Now()
		b.tokens = min(b.burst, b.tokens+now.Sub(b.at).Seconds()*b.rate)
		b.at = now
		if b.tokens >= float64(n) {
			b.tokens -= float64(n)
			return n
		}
		time.Sleep(time.Duration((float64(n) - b.tokens) / b.rate * float64(time.Second)))
	}
}

var _ io.Closer = (*Proxy)(nil)
