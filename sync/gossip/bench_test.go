package gossip_test

import (
	"fmt"
	"testing"
	"time"

	sbsync "sbcc/sync"
)

// BenchmarkEditToAll measures one edit reaching every node (test timings;
// `make bench` measures with production timings).
func BenchmarkEditToAll(b *testing.B) {
	for _, k := range []int{5, 20} {
		b.Run(fmt.Sprintf("nodes=%d", k), func(b *testing.B) {
			c := newCluster(b, k, true, nil)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				cs := put(b, c.nodes[i%k].st, "actor", fmt.Sprintf("01HZBENCH%016d", i), map[string]any{"name": "x"})
				want := sbsync.Vector{cs[0].Origin: cs[0].Seq}
				eventually(b, 30*time.Second, "edit everywhere", func() error {
					for _, n := range c.nodes {
						if v, _ := n.st.Vector(); want.Count(v) > 0 {
							return errNotYet
						}
					}
					return nil
				})
			}
		})
	}
}

// BenchmarkCatchUp10k measures a node catching up on 10,000 changes.
func BenchmarkCatchUp10k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c := newCluster(b, 2, true, nil)
		off := c.nodes[1]
		off.stopNode()
		makeEdits(b, c.nodes[0].st, 10000, 1000, fmt.Sprintf("01HZBCU%02d", i%100))
		before, _ := off.st.Vector()
		want, _ := zstdSize(b, c.nodes[0].st, before)
		sent0 := c.nodes[0].tr.Sent()
		b.StartTimer()
		c.start(off)
		eventually(b, 60*time.Second, "caught up", func() error { return converged(c.nodes...) })
		b.StopTimer()
		b.ReportMetric(float64(c.nodes[0].tr.Sent()-sent0)/float64(want), "bytes/zstd")
		c.stop()
		c.nodes = nil
	}
}
