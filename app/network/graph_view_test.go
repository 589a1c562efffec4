package network

import (
	"fmt"
	"testing"

	"sbcc/app/graph"
)

// The best connected view keeps each hub's partners with it: a star of ten
// hubs each with four partners and limit 15 shows three hubs with their
// partners (and the links between them), not fifteen unlinked hubs.
func TestBestConnectedKeepsNeighbourhoods(t *testing.T) {
	var nodes []graph.Node
	var edges []graph.Edge
	for h := range 10 {
		hub := fmt.Sprintf("h%d", h)
		nodes = append(nodes, graph.Node{ID: hub, Degree: 4 + h%2})
		for p := range 4 {
			id := fmt.Sprintf("h%dp%d", h, p)
			nodes = append(nodes, graph.Node{ID: id, Degree: 1})
			edges = append(edges, graph.Edge{ID: hub + id, From: hub, To: id})
		}
	}
	got, kept := bestConnected(nodes, edges, 15)
	if len(got) != 15 || len(kept) != 12 {
		t.Fatalf("%d nodes, %d edges kept; want 15 and 12", len(got), len(kept))
	}
	if got[0].ID != "h1" || got[1].ID != "h1p0" {
		t.Fatalf("order %v", got[:2])
	}
}
