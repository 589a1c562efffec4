package gossip_test

import (
	"fmt"
	"testing"
	"time"
)

func TestEditReachesAll(t *testing.T) {
	c := newCluster(t, 4, true, nil)
	put(t, c.nodes[2].st, "actor", "01HZACTOR0000000000000001", map[string]any{"name": "Kultūros centras", "country": "LT"})
	eventually(t, 10*time.Second, "edit on every node", func() error {
		for _, n := range c.nodes {
			if _, err := n.st.Get("actor", "01HZACTOR0000000000000001"); err != nil {
				return fmt.Errorf("%s: %v", n.st.Node(), err)
			}
		}
		return converged(c.nodes...)
	})
}

func TestConcurrentEditsConverge(t *testing.T) {
	c := newCluster(t, 3, true, nil)
	id := "01HZACTOR0000000000000002"
	put(t, c.nodes[0].st, "actor", id, map[string]any{"name": "Hub", "phone": "+48 1"})
	eventually(t, 10*time.Second, "record everywhere", func() error { return converged(c.nodes...) })
	// Cut everyone off, edit the same field on every node, heal.
	for _, n := range c.nodes {
		for _, o := range c.nodes {
			if o != n {
				n.tr.Block(o.node.Addr())
			}
		}
	}
	for i, n := range c.nodes {
		put(t, n.st, "actor", id, map[string]any{"phone": fmt.Sprintf("+48 %d", 100+i)})
	}
	for _, n := range c.nodes {
		n.tr.Unblock()
	}
	eventually(t, 15*time.Second, "converged with the conflict", func() error {
		if err := converged(c.nodes...); err != nil {
			return err
		}
		for _, n := range c.nodes {
			cs, err := n.st.Conflicts()
			if err != nil {
				return err
			}
			if len(cs) != 1 || cs[0].Field != "phone" || len(cs[0].Losers) != 2 {
				return fmt.Errorf("%s: conflicts %+v", n.st.Node(), cs)
			}
		}
		return nil
	})
}

// TestNetworkRecordsReachAll: events, participations, links and posts
// replicate like actors (issue 7: "events and links made on one node appear
// on another").
func TestNetworkRecordsReachAll(t *testing.T) {
	c := newCluster(t, 3, true, nil)
	a, b := "01HZACTOR00000000000000A1", "01HZACTOR00000000000000B1"
	put(t, c.nodes[0].st, "actor", a, map[string]any{"kind": "organisation", "name": "Garso studija", "country": "LT"})
	put(t, c.nodes[1].st, "actor", b, map[string]any{"kind": "hub", "name": "Küstenfilm", "country": "DE"})
	put(t, c.nodes[0].st, "link", "01HZLINK000000000000000001", map[string]any{"from": a, "to": b, "type": "collaborated", "years": []int{2026}})
	put(t, c.nodes[1].st, "event", "01HZEVENT00000000000000001", map[string]any{"title": "Forum Rostock", "kind": "annual-forum", "start": "2026-06-01", "organisers": []string{a, b}})
	put(t, c.nodes[2].st, "participation", "01HZPART000000000000000001", map[string]any{"event": "01HZEVENT00000000000000001", "actor": a, "status": "attended"})
	put(t, c.nodes[2].st, "post", "01HZPOST000000000000000001", map[string]any{"actor": b, "type": "need", "title": "Sound recording"})
	eventually(t, 15*time.Second, "network records everywhere", func() error {
		for _, n := range c.nodes {
			for kind, id := range map[string]string{"link": "01HZLINK000000000000000001", "event": "01HZEVENT00000000000000001",
				"participation": "01HZPART000000000000000001", "post": "01HZPOST000000000000000001"} {
				if _, err := n.st.Get(kind, id); err != nil {
					return fmt.Errorf("%s: %s %v", n.st.Node(), kind, err)
				}
			}
		}
		return converged(c.nodes...)
	})
}
