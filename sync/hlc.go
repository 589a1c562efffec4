package sync

import (
	"fmt"
	stdsync "sync"
	"time"
)

// HLC is a hybrid logical clock timestamp: milliseconds since the Unix epoch
// in the upper 48 bits and a logical counter in the lower 16. HLCs order
// causally related events correctly even when wall clocks disagree.
type HLC uint64

const logicalBits = 16

// MakeHLC builds a timestamp from wall time and a logical counter.
func MakeHLC(t time.Time, logical uint16) HLC {
	return HLC(uint64(t.UnixMilli())<<logicalBits | uint64(logical))
}

// Time returns the wall-clock part of h.
func (h HLC) Time() time.Time { return time.UnixMilli(int64(h >> logicalBits)).UTC() }

// Logical returns the counter part of h.
func (h HLC) Logical() uint16 { return uint16(h) }

// String formats h as RFC 3339 time with the logical counter.
func (h HLC) String() string {
	return fmt.Sprintf("%s+%d", h.Time().Format("2006-01-02T15:04:05.000Z"), h.Logical())
}

// Clock issues HLC timestamps. It is safe for concurrent use.
type Clock struct {
	mu   stdsync.Mutex
	last HLC
	now  func() time.Time
}

// NewClock returns a clock reading wall time from now (time.Now when nil)
// that never issues a timestamp at or below last.
func NewClock(now func() time.Time, last HLC) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{now: now, last: last}
}

// Now returns a timestamp greater than every timestamp issued or observed.
func (c *Clock) Now() HLC {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := MakeHLC(c.now(), 0)
	if wall > c.last {
		c.last = wall
	} else {
		c.last++
	}
	return c.last
}

// Observe moves the clock past a timestamp seen in a remote change, so that
// every later local edit is ordered after it.
func (c *Clock) Observe(h HLC) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h > c.last {
		c.last = h
	}
}

// Reset sets the clock back to h, for a node whose clock ran ahead and was
// fixed: later timestamps are above h but may be below ones issued before.
func (c *Clock) Reset(h HLC) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = h
}

// Last returns the highest timestamp issued or observed.
func (c *Clock) Last() HLC {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// Ahead reports how far h is ahead of the local wall clock (zero or negative
// when it is not), for the clock-skew guard.
func (c *Clock) Ahead(h HLC) time.Duration {
	return h.Time().Sub(c.now())
}
