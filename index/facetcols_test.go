package index

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestFacetColumns compares the one-pass column counts with per-value intersections, for
// every column mode (single value, mask, and a facet with more than 64 values), for small
// and large hit sets, and after documents change.
func TestFacetColumns(t *testing.T) {
	m := newMem()
	r := rand.New(rand.NewPCG(1, 2))
	put := func(i int) {
		var raw [numFacets][]string
		raw[facCountry] = []string{[]string{"LT", "PL", "DE", "SE"}[r.IntN(4)]}
		if r.IntN(5) > 0 {
			raw[facLocality] = []string{fmt.Sprint("town", r.IntN(300))} // single, many values
		}
		raw[facSector] = []string{fmt.Sprint("s", r.IntN(13)), fmt.Sprint("s", r.IntN(13))}
		raw[facOffers] = []string{fmt.Sprint("o", r.IntN(100)), fmt.Sprint("o", r.IntN(100))} // > 64 values
		raw[facLanguage] = []string{"en"}
		m.put(fmt.Sprint("d", i), "actor", fmt.Sprint("n", i), 0, nil, nil, raw)
	}
	for i := range 20000 {
		put(i)
	}
	check := func(hits *roaring.Bitmap) {
		t.Helper()
		var got [numFacets][]int
		for f := range FacetNames {
			got[f] = make([]int, len(m.facets[f].display))
		}
		m.countFacets(hits, &got)
		for f := range FacetNames {
			for v, bm := range m.facets[f].bms {
				if want := int(hits.AndCardinality(bm)); got[f][v] != want {
					t.Fatalf("%s %q over %d hits: %d, want %d", FacetNames[f], m.facets[f].display[v], hits.GetCardinality(), got[f][v], want)
				}
			}
		}
	}
	c := m.columns()
	if c.mode[facCountry] != colSingle || c.mode[facLocality] != colSingle || c.mode[facSector] != colMask || c.mode[facOffers] != colNone {
		t.Fatalf("modes %v", c.mode)
	}
	for _, n := range []int{0, 10, 1000, 5000, 15000} {
		hits := roaring.New()
		for range n {
			hits.Add(uint32(r.IntN(20000)))
		}
		check(hits)
	}
	check(m.live)
	// changes drop the columns; a second locality makes that facet a mask or none
	for i := range 500 {
		put(i)
	}
	m.remove("d7")
	var raw [numFacets][]string
	raw[facCountry] = []string{"LT", "PL"}
	m.put("d9", "actor", "x", 0, nil, nil, raw)
	if c := m.columns(); c.mode[facCountry] != colMask {
		t.Fatalf("country mode %d after a second value", c.mode[facCountry])
	}
	check(m.live)
	hits := roaring.New()
	hits.AddRange(0, 3000)
	check(hits)
}
