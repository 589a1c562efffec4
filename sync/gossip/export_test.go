package gossip

import (
	stdsync "sync"
	"testing"
)

// HoldDialJoins makes the dialler's memberlist joins wait until release is
// called (the joins then go ahead). Call it before starting any node of t:
// the hook is taken out when t ends, after its nodes have stopped.
func HoldDialJoins(t testing.TB) (release func()) {
	held := make(chan struct{})
	join := joinVia
	joinVia = func(n *Node, addr string) error {
		<-held
		return join(n, addr)
	}
	t.Cleanup(func() { joinVia = join }) // runs after the cleanups of the nodes started later
	var once stdsync.Once
	return func() { once.Do(func() { close(held) }) }
}
