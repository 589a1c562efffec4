package network

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

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
