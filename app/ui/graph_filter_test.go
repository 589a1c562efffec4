package ui

import (
	"testing"

	"sbcc/app/model"
	"sbcc/app/network"
)

// A country filter keeps the links of that country's actors across the
// border: their partners abroad are drawn (outside the filter) and the
// figures are those of the country's actors with all their links.
func TestGraphCountryFilterKeepsCrossBorderLinks(t *testing.T) {
	api, ids := netFixture(t)
	for _, l := range []model.Link{{From: ids[0], To: ids[1], Type: "collaborated"}, {From: ids[1], To: ids[2], Type: "supplier"}} {
		if _, err := api.Network.SaveLink(t.Context(), l); err != nil {
			t.Fatal(err)
		}
	}
	g, err := api.Network.Graph(t.Context(), network.GraphRequest{GraphFilter: network.GraphFilter{Country: "DE"}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Summary.Actors != 1 || g.Summary.Links != 2 || g.Summary.CrossBorderActors != 1 || g.Summary.CrossBorderShare != 1 {
		t.Fatalf("DE summary %+v", g.Summary)
	}
	outside := 0
	for _, n := range g.Nodes {
		if n.Outside {
			outside++
			if n.Country == "DE" {
				t.Fatalf("a German actor outside the German filter: %+v", n)
			}
		}
	}
	if len(g.Nodes) != 3 || outside != 2 || len(g.Edges) != 2 {
		t.Fatalf("DE graph %+v", g)
	}
	// The Swedish side: its one link, to Germany; the German–Polish link is not Sweden's.
	se, _ := api.Network.Graph(t.Context(), network.GraphRequest{GraphFilter: network.GraphFilter{Country: "SE"}})
	if se.Summary.Actors != 1 || se.Summary.Links != 1 || len(se.Nodes) != 2 {
		t.Fatalf("SE graph %+v", se)
	}
}

func TestGraphAroundExpands(t *testing.T) {
	api, ids := netFixture(t)
	for _, l := range []model.Link{{From: ids[0], To: ids[1], Type: "collaborated"}, {From: ids[1], To: ids[2], Type: "supplier"}} {
		if _, err := api.Network.SaveLink(t.Context(), l); err != nil {
			t.Fatal(err)
		}
	}
	one, _ := api.Network.Graph(t.Context(), network.GraphRequest{GraphFilter: network.GraphFilter{Around: ids[0]}})
	two, _ := api.Network.Graph(t.Context(), network.GraphRequest{GraphFilter: network.GraphFilter{Around: ids[0], Depth: 2}})
	if len(one.Nodes) != 2 || len(two.Nodes) != 3 || len(two.Edges) != 2 {
		t.Fatalf("depth 1: %d nodes, depth 2: %d nodes %d edges", len(one.Nodes), len(two.Nodes), len(two.Edges))
	}
}
