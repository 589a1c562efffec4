package network

import (
	"context"
	"math"
	"sort"
	"strings"

	"sbcc/app"
	"sbcc/app/model"
)

// The map's clusters are made here, where the actors are, over every actor a
// search finds: the page sends the zoom level and the box it shows and gets
// back a few hundred bubbles and markers, whether the directory holds 300
// actors or 100,000.

// MapRequest is a search with the part of the map the screen shows.
type MapRequest struct {
	app.SearchRequest
	// Zoom is the web-map zoom level (a world 512·2^Zoom pixels wide) the
	// view is drawn at; clusters are Radius pixels across at that zoom.
	Zoom   float64 `json:"zoom"`
	Radius float64 `json:"radius,omitempty"`
	// The box shown, in degrees; points outside are not sent (a zero box
	// means the whole world).
	West  float64 `json:"west"`
	South float64 `json:"south"`
	East  float64 `json:"east"`
	North float64 `json:"north"`
}

// MapItem is a cluster of actors (Count > 1) or one actor (Count 1, with
// its ID and Name). The box is that of its actors: zooming to it splits it.
type MapItem struct {
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	Count int     `json:"count"`
	ID    string  `json:"id,omitempty"`
	Name  string  `json:"name,omitempty"`
	West  float64 `json:"west"`
	South float64 `json:"south"`
	East  float64 `json:"east"`
	North float64 `json:"north"`
}

// MapView is what the map draws for one view.
type MapView struct {
	Items []MapItem `json:"items"`
	// Total is how many actors the search found, Placed those on the map
	// (all of them, not a first few), Unplaced those with neither
	// coordinates nor a known locality.
	Total    int `json:"total"`
	Placed   int `json:"placed"`
	Unplaced int `json:"unplaced"`
}

// placedPoint is an actor with its place on the map.
type placedPoint struct {
	id, name string
	lat, lon float64
	x, y     float64 // web Mercator in [0, 1)
}

// placedSet is every actor a search finds, placed.
type placedSet struct {
	points   []placedPoint
	total    int
	unplaced int
}

// MapClusters clusters every actor the search finds for the view asked.
func MapClusters(ctx context.Context, d *app.Directory, req MapRequest) (MapView, error) {
	set, err := placed(ctx, d, req.SearchRequest)
	if err != nil {
		return MapView{}, err
	}
	if req.Radius <= 0 {
		req.Radius = 40
	}
	if req.West == 0 && req.East == 0 {
		req.West, req.South, req.East, req.North = -180, -85, 180, 85
	}
	items := clusterGrid(set.points, math.Max(0, math.Min(22, req.Zoom)), req.Radius, req.West, req.South, req.East, req.North)
	return MapView{Items: items, Total: set.total, Placed: len(set.points), Unplaced: set.unplaced}, nil
}

// clusterGrid groups the points inside the box by cells radius pixels wide
// at zoom z; each cell's cluster sits at its points' mean.
func clusterGrid(points []placedPoint, z, radius, west, south, east, north float64) []MapItem {
	world := 512 * math.Exp2(z)
	cell := radius / world // in [0, 1) units
	// A margin of a cell around the box keeps bubbles at the edges whole.
	w, n := mercator(west, math.Min(85, north))
	e, s := mercator(east, math.Max(-85, south))
	w, e, n, s = w-cell, e+cell, n-cell, s+cell
	type acc struct {
		n              int
		first          int
		west, south    float64
		east, north    float64
		sumLat, sumLon float64
	}
	cells := map[[2]int32]*acc{}
	var order [][2]int32
	for i := range points {
		p := &points[i]
		if p.x < w || p.x > e || p.y < n || p.y > s {
			continue
		}
		k := [2]int32{int32(p.x / cell), int32(p.y / cell)}
		c := cells[k]
		if c == nil {
			c = &acc{first: i, west: p.lon, east: p.lon, south: p.lat, north: p.lat}
			cells[k] = c
			order = append(order, k)
		}
		c.n++
		c.sumLat += p.lat
		c.sumLon += p.lon
		c.west, c.east = math.Min(c.west, p.lon), math.Max(c.east, p.lon)
		c.south, c.north = math.Min(c.south, p.lat), math.Max(c.north, p.lat)
	}
	// Cells are a grid: two points a pixel apart can fall on both sides of a
	// line. The biggest cells take in the neighbouring cells whose centre is
	// within radius of theirs, as a greedy pass of supercluster would.
	sort.SliceStable(order, func(i, j int) bool { return cells[order[i]].n > cells[order[j]].n })
	taken := map[[2]int32]bool{}
	out := make([]MapItem, 0, len(order))
	for _, k := range order {
		if taken[k] {
			continue
		}
		c := cells[k]
		cx, cy := mercator(c.sumLon/float64(c.n), c.sumLat/float64(c.n))
		for dx := int32(-1); dx <= 1; dx++ {
			for dy := int32(-1); dy <= 1; dy++ {
				nk := [2]int32{k[0] + dx, k[1] + dy}
				o := cells[nk]
				if o == nil || nk == k || taken[nk] {
					continue
				}
				ox, oy := mercator(o.sumLon/float64(o.n), o.sumLat/float64(o.n))
				if math.Hypot(ox-cx, oy-cy) > cell {
					continue
				}
				taken[nk] = true
				c.n += o.n
				c.sumLat += o.sumLat
				c.sumLon += o.sumLon
				c.west, c.east = math.Min(c.west, o.west), math.Max(c.east, o.east)
				c.south, c.north = math.Min(c.south, o.south), math.Max(c.north, o.north)
			}
		}
		taken[k] = true
		if c.n == 1 {
			p := points[c.first]
			out = append(out, MapItem{Lat: p.lat, Lon: p.lon, Count: 1, ID: p.id, Name: p.name, West: p.lon, East: p.lon, South: p.lat, North: p.lat})
			continue
		}
		out = append(out, MapItem{Lat: c.sumLat / float64(c.n), Lon: c.sumLon / float64(c.n), Count: c.n,
			West: c.west, South: c.south, East: c.east, North: c.north})
	}
	// Big bubbles last: they are drawn over markers, not under them.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count < out[j].Count })
	return out
}

// mercator is the web Mercator position of lon, lat in [0, 1)².
func mercator(lon, lat float64) (x, y float64) {
	x = (lon + 180) / 360
	s := math.Sin(lat * math.Pi / 180)
	y = 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
	return x, y
}

// placed returns every actor the search finds with its place, kept per
// state of the directory so that zooming and panning do not search again.
func placed(ctx context.Context, d *app.Directory, req app.SearchRequest) (*placedSet, error) {
	s, err := d.Snapshot("actor")
	if err != nil {
		return nil, err
	}
	key := strings.TrimSpace(req.IndexQuery())
	return memoOf[string, *placedSet](s, placedMemo, 17).get(key, func() (*placedSet, error) {
		var ids []string
		if key == "type:actor" {
			ids = make([]string, 0, len(s.List("actor")))
			for _, r := range s.List("actor") {
				ids = append(ids, model.IDOf(r))
			}
		} else if ids, err = d.Search().FindIDs(ctx, key); err != nil {
			return nil, err
		}
		return placeAll(s, ids), nil
	})
}

// placeAll places the actors of s with ids, counting those it cannot place.
func placeAll(s *app.Snapshot, ids []string) *placedSet {
	set := &placedSet{points: make([]placedPoint, 0, len(ids))}
	for _, id := range ids {
		act, ok := s.Record("actor", id).(*model.Actor)
		if !ok {
			continue
		}
		set.total++
		p := placedPoint{id: act.ID, name: act.Name}
		if p.lat, p.lon, _, ok = placeOf(act); !ok {
			set.unplaced++
			continue
		}
		p.x, p.y = mercator(p.lon, p.lat)
		set.points = append(set.points, p)
	}
	return set
}
