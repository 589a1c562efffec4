// Package transport is the gossip port's network transport: memberlist's,
// with the session streams split off by their first bytes.
package transport

import (
	"bufio"
	"context"
	"fmt"
	"net"
	stdsync "sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/memberlist"

	"sbcc/sync/gossip/internal/mlog"
)

// Transport is memberlist's network transport with the session streams
// split off: an inbound TCP stream that opens with the session magic goes
// to [Transport.SessionCh], every other stream to memberlist. It also
// counts every byte this node sends (UDP packets
// and TCP streams, both directions of streams it opens or accepts), and it
// can cut this node off from chosen addresses to simulate a partition.
// Cutting both sides' outbound traffic (as [Transport.Block] on every node
// of each side does) separates them completely.
type Transport struct {
	*memberlist.NetTransport
	sent     atomic.Uint64
	streams  chan net.Conn
	sessions chan SessionConn
	done     chan struct{}
	ctx      context.Context // ends at Shutdown, aborting dials under way
	cancel   context.CancelFunc
	wg       stdsync.WaitGroup

	mu      stdsync.RWMutex
	blocked map[string]bool
	peeking map[net.Conn]bool // streams whose first bytes are awaited
	dialled map[*countingConn]string
}

var _ memberlist.NodeAwareTransport = (*Transport)(nil)

// SessionMagic opens every session stream, so that the transport can tell
// it from memberlist's streams on the same port.
const SessionMagic = "SBCS"

// New listens on addr:port (port 0 picks a free one).
func New(addr string, port int) (*Transport, error) {
	nt, err := memberlist.NewNetTransport(&memberlist.NetTransportConfig{BindAddrs: []string{addr}, BindPort: port,
		Logger: mlog.Discard})
	if err != nil {
		return nil, fmt.Errorf("listen for gossip on %s:%d: %w", addr, port, err)
	}
	t := &Transport{NetTransport: nt, streams: make(chan net.Conn),
		sessions: make(chan SessionConn), done: make(chan struct{}), blocked: map[string]bool{},
		peeking: map[net.Conn]bool{}, dialled: map[*countingConn]string{}}
	t.ctx, t.cancel = context.WithCancel(context.Background())
	t.wg.Add(1)
	go t.forward()
	return t, nil
}

// Port returns the port the transport listens on.
func (t *Transport) Port() int { return t.GetAutoBindPort() }

// Sent returns the bytes this node has sent so far.
func (t *Transport) Sent() uint64 { return t.sent.Load() }

// Block cuts outbound traffic to the given host:port addresses, and
// closes the streams this node dialled to them.
func (t *Transport) Block(addrs ...string) {
	var cut []*countingConn
	t.mu.Lock()
	for _, a := range addrs {
		t.blocked[a] = true
	}
	for c, a := range t.dialled {
		if t.blocked[a] {
			cut = append(cut, c)
		}
	}
	t.mu.Unlock()
	for _, c := range cut {
		c.Close()
	}
}

// Unblock restores traffic to every address.
func (t *Transport) Unblock() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.blocked = map[string]bool{}
}

func (t *Transport) isBlocked(addr string) bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.blocked[addr]
}

// WriteTo implements memberlist.Transport.
func (t *Transport) WriteTo(b []byte, addr string) (time.Time, error) {
	if t.isBlocked(addr) {
		return time.Now(), nil // lost on the way, as UDP may be
	}
	t.sent.Add(uint64(len(b)))
	return t.NetTransport.WriteTo(b, addr)
}

// WriteToAddress implements memberlist.NodeAwareTransport.
func (t *Transport) WriteToAddress(b []byte, a memberlist.Address) (time.Time, error) {
	return t.WriteTo(b, a.Addr)
}

// DialTimeout implements memberlist.Transport.
func (t *Transport) DialTimeout(addr string, timeout time.Duration) (net.Conn, error) {
	if t.isBlocked(addr) {
		return nil, fmt.Errorf("dial %s: cut off (partition)", addr)
	}
	ctx, cancel := context.WithTimeout(t.ctx, timeout)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	cc := &countingConn{Conn: c, n: &t.sent, t: t}
	t.mu.Lock()
	// A Block that came while this dial was under way has already swept
	// the dialled streams: check again under the lock it sweeps with.
	if t.blocked[addr] {
		t.mu.Unlock()
		c.Close()
		return nil, fmt.Errorf("dial %s: cut off (partition)", addr)
	}
	t.dialled[cc] = addr
	t.mu.Unlock()
	return cc, nil
}

// DialAddressTimeout implements memberlist.NodeAwareTransport.
func (t *Transport) DialAddressTimeout(a memberlist.Address, timeout time.Duration) (net.Conn, error) {
	return t.DialTimeout(a.Addr, timeout)
}

// StreamCh implements memberlist.Transport.
func (t *Transport) StreamCh() <-chan net.Conn { return t.streams }

// SessionConn is an inbound session stream whose magic was read: R reads
// what follows it.
type SessionConn struct {
	net.Conn
	R *bufio.Reader
}

// SessionCh returns the inbound session streams.
func (t *Transport) SessionCh() <-chan SessionConn { return t.sessions }

// peekTimeout bounds the wait for a new stream's first bytes.
const peekTimeout = 10 * time.Second

func (t *Transport) forward() {
	defer t.wg.Done()
	in := t.NetTransport.StreamCh()
	for {
		select {
		case c := <-in:
			t.wg.Add(1)
			go t.route(&countingConn{Conn: c, n: &t.sent})
		case <-t.done:
			return
		}
	}
}

// route hands c to the session handler or to memberlist by its first bytes.
func (t *Transport) route(c net.Conn) {
	defer t.wg.Done()
	br := bufio.NewReaderSize(c, 64<<10)
	t.mu.Lock()
	t.peeking[c] = true
	t.mu.Unlock()
	c.SetReadDeadline(time.Now().Add(peekTimeout))
	first, err := br.Peek(len(SessionMagic))
	c.SetReadDeadline(time.Time{})
	t.mu.Lock()
	delete(t.peeking, c)
	t.mu.Unlock()
	if err != nil && len(first) == 0 {
		c.Close()
		return
	}
	if string(first) == SessionMagic {
		br.Discard(len(SessionMagic))
		select {
		case t.sessions <- SessionConn{Conn: c, R: br}:
		case <-t.done:
			c.Close()
		}
		return
	}
	select {
	case t.streams <- &peekedConn{Conn: c, r: br}:
	case <-t.done:
		c.Close()
	}
}

// peekedConn reads first what was peeked.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(b []byte) (int, error) { return c.r.Read(b) }

// Shutdown implements memberlist.Transport.
func (t *Transport) Shutdown() error {
	t.cancel()
	err := t.NetTransport.Shutdown()
	close(t.done)
	t.mu.Lock()
	for c := range t.peeking {
		c.Close()
	}
	t.mu.Unlock()
	t.wg.Wait()
	return err
}

type countingConn struct {
	net.Conn
	n *atomic.Uint64
	t *Transport // set on dialled streams, which it tracks until closed
}

func (c *countingConn) Close() error {
	if c.t != nil {
		c.t.mu.Lock()
		delete(c.t.dialled, c)
		c.t.mu.Unlock()
	}
	return c.Conn.Close()
}

func (c *countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.n.Add(uint64(n))
	return n, err
}
