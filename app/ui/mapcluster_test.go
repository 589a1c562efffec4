package ui

import (
	"sbcc/app"
	"sbcc/app/network"
	"testing"
)

func TestMapClustersCountEveryActor(t *testing.T) {
	api, ids := netFixture(t)
	all, err := api.Network.MapClusters(t.Context(), network.MapRequest{Zoom: 0})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 4 || all.Placed != 3 || all.Unplaced != 1 {
		t.Fatalf("counts %+v", all)
	}
	sum := 0
	for _, it := range all.Items {
		sum += it.Count
	}
	if sum != 3 || len(all.Items) >= 3 {
		t.Fatalf("zoom 0 should group the Baltic actors: %+v", all.Items)
	}
	near, _ := api.Network.MapClusters(t.Context(), network.MapRequest{Zoom: 10})
	if len(near.Items) != 3 {
		t.Fatalf("zoom 10: %+v", near.Items)
	}
	for _, it := range near.Items {
		if it.Count != 1 || it.ID == "" || it.Name == "" {
			t.Fatalf("single %+v", it)
		}
	}
	// Only what the box holds (Karlshamn and Rostock, not Łódź).
	box, _ := api.Network.MapClusters(t.Context(), network.MapRequest{Zoom: 10, West: 10, South: 53.5, East: 16, North: 57})
	if len(box.Items) != 2 || box.Placed != 3 {
		t.Fatalf("box %+v", box)
	}
	de, _ := api.Network.MapClusters(t.Context(), network.MapRequest{SearchRequest: app.SearchRequest{Filters: map[string][]string{"country": {"DE"}}}, Zoom: 10})
	if de.Total != 1 || len(de.Items) != 1 || de.Items[0].ID != ids[1] {
		t.Fatalf("filtered %+v", de)
	}
}
