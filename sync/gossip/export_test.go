package gossip

// HoldDialJoins makes the dialler's memberlist joins wait until release is
// called (the joins then go ahead).
func HoldDialJoins() (release func()) {
	held := make(chan struct{})
	join := joinVia
	joinVia = func(n *Node, addr string) error {
		<-held
		return join(n, addr)
	}
	return func() {
		close(held)
		joinVia = join
	}
}
