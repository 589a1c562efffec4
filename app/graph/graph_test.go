package graph

import (
	"fmt"
	"math"
	"testing"
)

func nodes(countries ...string) []Node {
	out := make([]Node, len(countries))
	for i, c := range countries {
		out[i] = Node{ID: fmt.Sprint(i), Country: c}
	}
	return out
}

func edge(a, b int) Edge {
	return Edge{ID: fmt.Sprintf("%d-%d", a, b), From: fmt.Sprint(a), To: fmt.Sprint(b)}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestBuildKnownGraphs(t *testing.T) {
	// A path 0-1-2-3-4: node 2 lies on 4 of the 6 pairs not including it,
	// nodes 1 and 3 on 3 of them, the ends on none.
	g := Build(nodes("LT", "LT", "PL", "PL", "DE"), []Edge{edge(0, 1), edge(1, 2), edge(2, 3), edge(3, 4), edge(3, 4)})
	want := []float64{0, 3.0 / 6, 4.0 / 6, 3.0 / 6, 0}
	if len(g.Nodes) != len(want) {
		t.Fatalf("path has %d nodes, want %d", len(g.Nodes), len(want))
	}
	for i, n := range g.Nodes {
		if !near(n.Betweenness, want[i]) {
			t.Errorf("path node %d betweenness %v, want %v", i, n.Betweenness, want[i])
		}
	}
	if g.Nodes[3].Degree != 2 || g.Nodes[0].Degree != 1 {
		t.Errorf("degrees %d %d, want 2 1 (duplicate link counted once)", g.Nodes[3].Degree, g.Nodes[0].Degree)
	}
	// Links 1-2 (LT-PL) and 3-4 twice (PL-DE) cross borders: 3 of 5.
	if s := g.Summary; s.Links != 5 || !near(s.CrossBorderShare, 3.0/5) || s.CrossBorderActors != 4 {
		t.Errorf("summary %+v", s)
	}

	// A star: the centre lies on every pair of leaves.
	g = Build(nodes("SE", "SE", "SE", "SE", "SE"), []Edge{edge(0, 1), edge(0, 2), edge(0, 3), edge(0, 4)})
	if !near(g.Nodes[0].Betweenness, 1) || g.Nodes[1].Betweenness != 0 || g.Summary.CrossBorderActors != 0 {
		t.Errorf("star: %+v %+v", g.Nodes, g.Summary)
	}

	// A 4-cycle: each node lies on half of the one pair opposite it.
	g = Build(nodes("LT", "LT", "LT", "LT"), []Edge{edge(0, 1), edge(1, 2), edge(2, 3), edge(3, 0)})
	if len(g.Nodes) != 4 {
		t.Fatalf("cycle has %d nodes, want 4", len(g.Nodes))
	}
	for _, n := range g.Nodes {
		if !near(n.Betweenness, 0.5/3) {
			t.Errorf("cycle betweenness %v, want %v", n.Betweenness, 0.5/3)
		}
	}
	// Dangling links and self-links are dropped.
	g = Build(nodes("LT", "PL"), []Edge{edge(0, 7), edge(1, 1), edge(0, 1)})
	if len(g.Edges) != 1 || !g.Edges[0].CrossBorder {
		t.Errorf("edges %+v", g.Edges)
	}
}

func BenchmarkBuild10k(b *testing.B) {
	ns := make([]Node, 10_000)
	for i := range ns {
		ns[i] = Node{ID: fmt.Sprint(i), Country: []string{"LT", "PL", "DE", "SE"}[i%4]}
	}
	es := make([]Edge, 50_000)
	for i := range es {
		es[i] = edge(i%10_000, (i*7919+13)%10_000)
	}
	b.ResetTimer()
	for range b.N {
		cp := append([]Node(nil), ns...)
		Build(cp, es)
	}
}
