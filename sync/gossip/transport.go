package gossip

import (
	"fmt"
	"net"
	stdsync "sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/memberlist"
)

// Transport is memberlist's network transport with two additions for
// measurement and tests: it counts every byte this node sends (UDP packets
// and TCP streams, both directions of streams it opens or accepts), and it
// can cut this node off from chosen addresses to simulate a partition.
// Cutting both sides' outbound traffic (as [Transport.Block] on every node
// of each side does) separates them completely.
type Transport struct {
	*memberlist.NetTransport
	sent    atomic.Uint64
	streams chan net.Conn
	done    chan struct{}
	wg      stdsync.WaitGroup

	mu      stdsync.RWMutex
	blocked map[string]bool
}

var _ memberlist.NodeAwareTransport = (*Transport)(nil)

// NewTransport listens on addr:port (port 0 picks a free one).
func NewTransport(addr string, port int) (*Transport, error) {
	nt, err := memberlist.NewNetTransport(&memberlist.NetTransportConfig{BindAddrs: []string{addr}, BindPort: port,
		Logger: discardLog})
	if err != nil {
		return nil, fmt.Errorf("listen for gossip on %s:%d: %w", addr, port, err)
	}
	t := &Transport{NetTransport: nt, streams: make(chan net.Conn), done: make(chan struct{}), blocked: map[string]bool{}}
	t.wg.Add(1)
	go t.forward()
	return t, nil
}

// Port returns the port the transport listens on.
func (t *Transport) Port() int { return t.GetAutoBindPort() }

// Sent returns the bytes this node has sent so far.
func (t *Transport) Sent() uint64 { return t.sent.Load() }

// Block cuts outbound traffic to the given host:port addresses.
func (t *Transport) Block(addrs ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, a := range addrs {
		t.blocked[a] = true
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
	c, err := t.NetTransport.DialTimeout(addr, timeout)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, n: &t.sent}, nil
}

// DialAddressTimeout implements memberlist.NodeAwareTransport.
func (t *Transport) DialAddressTimeout(a memberlist.Address, timeout time.Duration) (net.Conn, error) {
	return t.DialTimeout(a.Addr, timeout)
}

// StreamCh implements memberlist.Transport.
func (t *Transport) StreamCh() <-chan net.Conn { return t.streams }

func (t *Transport) forward() {
	defer t.wg.Done()
	in := t.NetTransport.StreamCh()
	for {
		select {
		case c := <-in:
			select {
			case t.streams <- &countingConn{Conn: c, n: &t.sent}:
			case <-t.done:
				c.Close()
				return
			}
		case <-t.done:
			return
		}
	}
}

// Shutdown implements memberlist.Transport.
func (t *Transport) Shutdown() error {
	err := t.NetTransport.Shutdown()
	close(t.done)
	t.wg.Wait()
	return err
}

type countingConn struct {
	net.Conn
	n *atomic.Uint64
}

func (c *countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.n.Add(uint64(n))
	return n, err
}
