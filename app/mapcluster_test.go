package app

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestMapClustersCountEveryActor(t *testing.T) {
	api, ids := netFixture(t)
	all, err := api.Network.MapClusters(t.Context(), MapRequest{Zoom: 0})
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
	near, _ := api.Network.MapClusters(t.Context(), MapRequest{Zoom: 10})
	if len(near.Items) != 3 {
		t.Fatalf("zoom 10: %+v", near.Items)
	}
	for _, it := range near.Items {
		if it.Count != 1 || it.ID == "" || it.Name == "" {
			t.Fatalf("single %+v", it)
		}
	}
	// Only what the box holds (Karlshamn and Rostock, not Łódź).
	box, _ := api.Network.MapClusters(t.Context(), MapRequest{Zoom: 10, West: 10, South: 53.5, East: 16, North: 57})
	if len(box.Items) != 2 || box.Placed != 3 {
		t.Fatalf("box %+v", box)
	}
	de, _ := api.Network.MapClusters(t.Context(), MapRequest{SearchRequest: SearchRequest{Filters: map[string][]string{"country": {"DE"}}}, Zoom: 10})
	if de.Total != 1 || len(de.Items) != 1 || de.Items[0].ID != ids[1] {
		t.Fatalf("filtered %+v", de)
	}
}

func TestClusterGridKeepsEveryPointInTheBox(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var pts []placedPoint
	for i := range 20000 {
		p := placedPoint{id: fmt.Sprint(i), lat: 51 + r.Float64()*7, lon: 9 + r.Float64()*15}
		p.x, p.y = mercator(p.lon, p.lat)
		pts = append(pts, p)
	}
	for _, z := range []float64{0, 3, 6, 9, 12} {
		items := clusterGrid(pts, z, 40, -180, -85, 180, 85)
		sum := 0
		for _, it := range items {
			sum += it.Count
			if it.Lat < it.South || it.Lat > it.North || it.Lon < it.West || it.Lon > it.East {
				t.Fatalf("zoom %v: a cluster outside its box %+v", z, it)
			}
		}
		if sum != len(pts) {
			t.Fatalf("zoom %v: clusters hold %d of %d points", z, sum, len(pts))
		}
		if z == 0 && len(items) > 10 {
			t.Fatalf("zoom 0: %d items", len(items))
		}
	}
}
