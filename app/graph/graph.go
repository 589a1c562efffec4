// Package graph computes measures of the network of actors and links:
// degree and betweenness per actor, and the cross-border figures of the
// whole network. It is pure: callers pass nodes and edges in.
package graph

import (
	"runtime"
	"sort"
	stdsync "sync"
)

// Node is an actor in the graph.
type Node struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
	// Degree is the number of distinct neighbours.
	Degree int `json:"degree"`
	// Betweenness is the normalised betweenness centrality (0–1).
	Betweenness float64 `json:"betweenness"`
	// Extra carries display data the caller wants passed through.
	Sector   string `json:"sector,omitempty"`
	Locality string `json:"locality,omitempty"`
	// Outside marks a partner outside the filter, drawn so that the links
	// of the filtered actors (those across the border above all) stay in
	// the picture; the summary does not count it as an actor.
	Outside bool `json:"outside,omitempty"`
}

// Edge is a link between two actors.
type Edge struct {
	ID          string `json:"id"`
	From        string `json:"from"`
	To          string `json:"to"`
	Type        string `json:"type"`
	CrossBorder bool   `json:"crossBorder"`
}

// Summary are the figures of the whole network (of the actors inside the
// filter, with all their links).
type Summary struct {
	Actors int `json:"actors"`
	Links  int `json:"links"`
	// CrossBorderActors counts actors with at least one cross-border link.
	CrossBorderActors int `json:"crossBorderActors"`
	// CrossBorderShare is the share of links that cross a border (0–1).
	CrossBorderShare float64 `json:"crossBorderShare"`
	// BetweennessSampled is true when betweenness was estimated from a
	// sample of sources because the graph is large.
	BetweennessSampled bool `json:"betweennessSampled"`
}

// Graph is the result handed to the graph screen.
type Graph struct {
	Nodes   []Node  `json:"nodes"`
	Edges   []Edge  `json:"edges"`
	Summary Summary `json:"summary"`
}

// ExactLimit is the node count up to which betweenness is computed exactly;
// above it, Brandes' algorithm runs from SampleSources evenly spread sources
// and the result is scaled, which keeps 10k actors well under 200 ms.
const (
	ExactLimit    = 2000
	SampleSources = 64
)

// Build computes degree, betweenness and the summary. Edges whose ends are
// not among nodes are dropped; CrossBorder is set from the nodes' countries.
func Build(nodes []Node, edges []Edge) Graph {
	index := make(map[string]int, len(nodes))
	for i, n := range nodes {
		index[n.ID] = i
	}
	adj := make([][]int32, len(nodes))
	kept := edges[:0:0]
	crossActors := make([]bool, len(nodes))
	cross := 0
	for _, e := range edges {
		a, okA := index[e.From]
		b, okB := index[e.To]
		if !okA || !okB || a == b || (nodes[a].Outside && nodes[b].Outside) {
			continue
		}
		e.CrossBorder = nodes[a].Country != "" && nodes[b].Country != "" && nodes[a].Country != nodes[b].Country
		if e.CrossBorder {
			cross++
			crossActors[a], crossActors[b] = true, true
		}
		adj[a] = append(adj[a], int32(b))
		adj[b] = append(adj[b], int32(a))
		kept = append(kept, e)
	}
	for i := range adj {
		adj[i] = dedupe(adj[i])
		nodes[i].Degree = len(adj[i])
	}
	bc, sampled := betweenness(adj)
	for i := range nodes {
		nodes[i].Betweenness = bc[i]
	}
	s := Summary{Links: len(kept), BetweennessSampled: sampled}
	for i, c := range crossActors {
		if nodes[i].Outside {
			continue
		}
		s.Actors++
		if c {
			s.CrossBorderActors++
		}
	}
	if len(kept) > 0 {
		s.CrossBorderShare = float64(cross) / float64(len(kept))
	}
	return Graph{Nodes: nodes, Edges: kept, Summary: s}
}

func dedupe(xs []int32) []int32 {
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// betweenness runs Brandes' algorithm on an undirected, unweighted graph
// and normalises by (n-1)(n-2)/2, the number of pairs not including a node.
// accumulate runs Brandes' accumulation from each of sources and returns the
// summed dependencies.
func accumulate(adj [][]int32, sources []int) []float64 {
	n := len(adj)
	bc := make([]float64, n)
	sigma := make([]float64, n)
	dist := make([]int32, n)
	delta := make([]float64, n)
	order := make([]int32, 0, n)
	queue := make([]int32, 0, n)
	for _, s := range sources {
		for i := range n {
			sigma[i], dist[i], delta[i] = 0, -1, 0
		}
		sigma[s], dist[s] = 1, 0
		order, queue = order[:0], append(queue[:0], int32(s))
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			order = append(order, v)
			for _, w := range adj[v] {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, w)
				}
				if dist[w] == dist[v]+1 {
					sigma[w] += sigma[v]
				}
			}
		}
		for i := len(order) - 1; i >= 0; i-- {
			w := order[i]
			for _, v := range adj[w] {
				if dist[v] == dist[w]-1 {
					delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
				}
			}
			if int(w) != s {
				bc[w] += delta[w]
			}
		}
	}
	return bc
}

func betweenness(adj [][]int32) ([]float64, bool) {
	n := len(adj)
	bc := make([]float64, n)
	if n < 3 {
		return bc, false
	}
	sources := make([]int, 0, n)
	sampled := n > ExactLimit
	if sampled {
		step := float64(n) / SampleSources
		for i := 0; i < SampleSources; i++ {
			sources = append(sources, int(float64(i)*step))
		}
	} else {
		for i := range n {
			sources = append(sources, i)
		}
	}
	// The sources are shared out among the cores, each with its own
	// workspace; the partial sums are added in a fixed order.
	workers := min(runtime.GOMAXPROCS(0), len(sources))
	parts := make([][]float64, workers)
	var wg stdsync.WaitGroup
	for k := range workers {
		chunk := sources[k*len(sources)/workers : (k+1)*len(sources)/workers]
		wg.Go(func() { parts[k] = accumulate(adj, chunk) })
	}
	wg.Wait()
	for _, part := range parts {
		for i, v := range part {
			bc[i] += v
		}
	}
	scale := 1.0
	if sampled {
		scale = float64(n) / float64(len(sources))
	}
	// Each undirected pair was counted from both ends.
	norm := float64(n-1) * float64(n-2)
	for i := range bc {
		bc[i] = bc[i] * scale / norm
	}
	return bc, sampled
}
