package network

import (
	"slices"
	"sort"

	"sbcc/app/graph"
)

// bestConnected picks at most limit nodes for the graph screen: the best
// connected actors, each with its partners (best connected first), so that
// a large network shows as hubs with their neighbourhoods instead of 600
// hubs that are seldom linked to each other and fall into one knot. Only
// the edges between picked nodes are kept.
func bestConnected(nodes []graph.Node, edges []graph.Edge, limit int) ([]graph.Node, []graph.Edge) {
	byDegree := slices.Clone(nodes)
	sort.SliceStable(byDegree, func(i, j int) bool {
		if byDegree[i].Degree != byDegree[j].Degree {
			return byDegree[i].Degree > byDegree[j].Degree
		}
		return byDegree[i].ID < byDegree[j].ID
	})
	rank := make(map[string]int, len(byDegree))
	for i, n := range byDegree {
		rank[n.ID] = i
	}
	adj := map[string][]string{}
	for _, e := range edges {
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	keep := make(map[string]bool, limit)
	var out []graph.Node
	add := func(id string) {
		if !keep[id] && len(out) < limit {
			keep[id] = true
			out = append(out, byDegree[rank[id]])
		}
	}
	for _, n := range byDegree {
		if len(out) >= limit {
			break
		}
		add(n.ID)
		nb := adj[n.ID]
		sort.SliceStable(nb, func(i, j int) bool { return rank[nb[i]] < rank[nb[j]] })
		for _, m := range nb {
			if _, ok := rank[m]; ok {
				add(m)
			}
		}
	}
	kept := []graph.Edge{}
	for _, e := range edges {
		if keep[e.From] && keep[e.To] {
			kept = append(kept, e)
		}
	}
	return out, kept
}
