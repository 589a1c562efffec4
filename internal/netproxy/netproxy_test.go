package netproxy_test

import (
	"bytes"
	"crypto/rand"
	"io"
	"net"
	"testing"
	"time"

	"sbcc/internal/netproxy"
)

// echo starts a TCP echo server and returns its address.
func echo(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				io.Copy(c, c)
				c.Close()
			}()
		}
	}()
	return ln.Addr().String()
}

func start(t *testing.T, cfg netproxy.Config) *netproxy.Proxy {
	t.Helper()
	p, err := netproxy.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// roundTrip sends msg through the proxy to the echo server and back and
// returns how long that took.
func roundTrip(t *testing.T, addr string, msg []byte) time.Duration {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	go c.Write(msg)
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatal("the data changed on the way")
	}
	return time.Since(start)
}

// TestDelay: a round trip takes at least twice the one-way delay minus
// the jitter (a lower bound, which a slow machine cannot break).
func TestDelay(t *testing.T) {
	const delay, jitter = 80 * time.Millisecond, 20 * time.Millisecond
	p := start(t, netproxy.Config{Target: echo(t), Delay: delay, Jitter: jitter})
	for range 3 {
		if rtt := roundTrip(t, p.Addr(), []byte("hello")); rtt < 2*(delay-jitter) {
			t.Fatalf("round trip %v, below 2 × (delay − jitter) = %v", rtt, 2*(delay-jitter))
		}
	}
	if s := p.Stats(); s.Up != 15 || s.Down != 15 || s.Conns != 3 {
		t.Fatalf("stats: %+v", s)
	}
}

// TestBandwidth: bytes over time never exceed the rate (plus one burst
// per direction), measured as a lower bound on the time taken; and the
// data arrives whole and in order through jitter and loss.
func TestBandwidth(t *testing.T) {
	const rate, burst = 256 << 10, 8 << 10
	p := start(t, netproxy.Config{Target: echo(t), Bandwidth: rate, Burst: burst, Jitter: 5 * time.Millisecond,
		Loss: 0.01, RTO: 10 * time.Millisecond, Seed: 1})
	msg := make([]byte, rate) // one second's worth each way
	rand.Read(msg)
	took := roundTrip(t, p.Addr(), msg)
	// The echo runs both directions at once: each carries len(msg) at
	// most rate bytes/s after its first burst.
	if least := time.Duration(float64(len(msg)-burst) / rate * float64(time.Second)); took < least {
		t.Fatalf("%d bytes each way took %v; at %d B/s it takes at least %v", len(msg), took, rate, least)
	}
}

// TestLossStalls: with every packet lost, every piece waits one RTO.
func TestLossStalls(t *testing.T) {
	const rto = 60 * time.Millisecond
	p := start(t, netproxy.Config{Target: echo(t), Loss: 1, RTO: rto})
	if rtt := roundTrip(t, p.Addr(), []byte("x")); rtt < 2*rto {
		t.Fatalf("round trip %v with every packet lost, below 2 × RTO", rtt)
	}
	if p.Stats().Stalls < 2 {
		t.Fatalf("stalls: %+v", p.Stats())
	}
	q := start(t, netproxy.Config{Target: echo(t)})
	roundTrip(t, q.Addr(), []byte("x"))
	if q.Stats().Stalls != 0 {
		t.Fatal("stalls without loss")
	}
}

// TestCut: a cut closes open connections and refuses new ones until it
// ends or heals.
func TestCut(t *testing.T) {
	p := start(t, netproxy.Config{Target: echo(t)})
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("a"))
	io.ReadFull(c, make([]byte, 1))
	p.Cut(time.Hour)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Fatal("an open connection survived the cut")
	}
	d, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	d.SetReadDeadline(time.Now().Add(10 * time.Second))
	d.Write([]byte("b"))
	if _, err := d.Read(make([]byte, 1)); err == nil {
		t.Fatal("a new connection was forwarded during the cut")
	}
	d.Close()
	if p.Stats().Refused == 0 {
		t.Fatal("no refusal counted")
	}
	p.Heal()
	roundTrip(t, p.Addr(), []byte("after"))
}

// TestUDP: datagrams reach the target's UDP port after the delay; with
// every packet lost none does, and each is counted as dropped.
func TestUDP(t *testing.T) {
	target, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	const delay = 50 * time.Millisecond
	p := start(t, netproxy.Config{Target: target.LocalAddr().String(), Delay: delay})
	c, err := net.Dial("udp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sent := time.Now()
	c.Write([]byte("ping"))
	target.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 16)
	n, _, err := target.ReadFrom(buf)
	if err != nil || string(buf[:n]) != "ping" {
		t.Fatalf("datagram: %q %v", buf[:n], err)
	}
	if took := time.Since(sent); took < delay {
		t.Fatalf("datagram arrived after %v, before the delay %v", took, delay)
	}

	lossy := start(t, netproxy.Config{Target: target.LocalAddr().String(), Loss: 1})
	d, err := net.Dial("udp", lossy.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for range 20 {
		d.Write([]byte("lost"))
	}
	deadline := time.Now().Add(10 * time.Second)
	for lossy.Stats().Dropped < 20 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s := lossy.Stats(); s.Dropped != 20 || s.Datagrams != 0 {
		t.Fatalf("with every packet lost: %+v", s)
	}
}

// TestHandshake: the first data of a connection waits for the modelled
// handshake, one round trip, besides its own delay each way.
func TestHandshake(t *testing.T) {
	const delay = 60 * time.Millisecond
	p := start(t, netproxy.Config{Target: echo(t), Delay: delay})
	if rtt := roundTrip(t, p.Addr(), []byte("first")); rtt < 4*delay {
		t.Fatalf("first round trip of a connection %v, below handshake + round trip = %v", rtt, 4*delay)
	}
}
