package gossip_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/store"
)

func partition(a, b []*testNode) {
	for _, x := range a {
		for _, y := range b {
			x.tr.Block(y.node.Addr())
			y.tr.Block(x.node.Addr())
		}
	}
}

func TestPartitionHeal(t *testing.T) {
	c := newCluster(t, 5, true, nil)
	ids := []string{"01HZACTOR00000000000000A1", "01HZACTOR00000000000000A2", "01HZACTOR00000000000000A3"}
	for i, id := range ids {
		put(t, c.nodes[i].st, "actor", id, map[string]any{"name": "Actor " + id, "email": "person@example.org", "country": "PL"})
	}
	eventually(t, 10*time.Second, "initial sync", func() error { return converged(c.nodes...) })

	left, right := c.nodes[:2], c.nodes[2:]
	partition(left, right)
	// Left: edit A1, delete A2. Right: erase A1 (personal data of Actor A1),
	// edit A2's phone (an edit against a delete), create A4.
	put(t, left[0].st, "actor", ids[0], map[string]any{"phone": "+48 555 0100", "country": "DE"})
	if _, err := left[1].st.Commit(store.Edit{Kind: "actor", ID: ids[1], Op: sbsync.OpDelete}); err != nil {
		t.Fatal(err)
	}
	if _, err := right[0].st.Commit(store.Edit{Kind: "actor", ID: ids[0], Op: sbsync.OpErase}); err != nil {
		t.Fatal(err)
	}
	put(t, right[1].st, "actor", ids[1], map[string]any{"phone": "+46 1234"})
	put(t, right[2].st, "actor", "01HZACTOR00000000000000A4", map[string]any{"name": "New on the right"})
	eventually(t, 10*time.Second, "each side converged", func() error {
		if err := converged(left...); err != nil {
			return err
		}
		return converged(right...)
	})
	if converged(c.nodes...) == nil {
		t.Fatal("partition leaked: both sides converged while cut")
	}
	for _, n := range c.nodes {
		n.tr.Unblock()
	}
	eventually(t, 15*time.Second, "healed", func() error { return converged(c.nodes...) })
	for _, n := range c.nodes {
		r, err := n.st.Get("actor", ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if r.Erased == nil {
			t.Fatalf("%s: A1 not erased", n.st.Node())
		}
		for _, f := range []string{"name", "email", "phone"} {
			if _, ok := r.Fields[f]; ok {
				t.Fatalf("%s: erased record still has %s", n.st.Node(), f)
			}
		}
		hist, err := n.st.History("actor", ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) == 0 {
			t.Fatalf("%s: the erased record has no history to check", n.st.Node())
		}
		for _, ch := range hist {
			for f, v := range ch.Fields {
				if strings.Contains(string(v), "example.org") || strings.Contains(string(v), "555") || f == "name" {
					t.Fatalf("%s: personal data left in the log: %s=%s", n.st.Node(), f, v)
				}
			}
		}
		r2, err := n.st.Get("actor", ids[1])
		if err != nil || !r2.Deleted() {
			t.Fatalf("%s: A2 should be deleted (%v)", n.st.Node(), err)
		}
		cs, _ := n.st.Conflicts()
		found := false
		for _, cf := range cs {
			found = found || cf.ID == ids[1] && cf.Type == sbsync.EditedAfterDelete
		}
		if !found {
			t.Fatalf("%s: edit after delete not kept as conflict: %+v", n.st.Node(), cs)
		}
	}
	_ = fmt.Sprint()
}
