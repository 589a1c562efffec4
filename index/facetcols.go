package index

import (
	"math/bits"

	"github.com/RoaringBitmap/roaring/v2"
)

// Facet columns: counting facets over a large hit set by intersecting the hits with every
// value's bitmap costs one intersection per value (about 80 at 100k synthetic actors, far
// more with many localities), which made facets 20-25% of the slowest queries. Instead each
// reported facet gets, when its shape allows, one dense column indexed by document number,
// so that all facets are counted in a single pass over the hits:
//
//   - colSingle: no document has more than one value (country, locality, kind): the
//     column holds value id + 1, 0 for none.
//   - colMask: at most 64 values (sector, language, offers, needs in practice): the
//     column holds a bit per value.
//   - colNone: neither; counted per value with roaring (AndCardinality) or by walking the
//     hits' value lists.
//
// The columns are built lazily, like the name order, and dropped when a document changes.

const (
	colNone = iota
	colSingle
	colMask
)

type facetCols struct {
	mode   [numFacets]uint8
	single [numFacets][]uint32
	mask   [numFacets][]uint64
	all    [numFacets][]int // every live document's counts, for counting a large hit set's complement
}

// columns returns the facet columns, building them if stale.
func (m *mem) columns() *facetCols {
	m.orderMu.Lock()
	defer m.orderMu.Unlock()
	if m.cols != nil {
		return m.cols
	}
	c := &facetCols{}
	n := len(m.docs)
	for f := range FacetNames {
		nv := len(m.facets[f].display)
		single := true
		for i := range m.docs {
			if d := &m.docs[i]; d.off[f+1]-d.off[f] > 1 {
				single = false
				break
			}
		}
		switch {
		case single:
			c.mode[f] = colSingle
			col := make([]uint32, n)
			for i := range m.docs {
				if vs := m.docs[i].facet(f); len(vs) == 1 {
					col[i] = vs[0] + 1
				}
			}
			c.single[f] = col
		case nv <= 64:
			c.mode[f] = colMask
			col := make([]uint64, n)
			for i := range m.docs {
				var b uint64
				for _, v := range m.docs[i].facet(f) {
					b |= 1 << v
				}
				col[i] = b
			}
			c.mask[f] = col
		}
	}
	for f := range FacetNames {
		c.all[f] = make([]int, len(m.facets[f].display))
	}
	m.countWith(c, m.live, &c.all)
	m.cols = c
	return c
}

// countFacets sets counts[f][v] (zero, one slot per value) to the number of hits having
// value v of facet f, for every reported facet. When the hits are most of the live
// documents, it counts the others and subtracts them from the totals: a query matching
// 86% of the documents then costs what one matching 14% does.
func (m *mem) countFacets(hits *roaring.Bitmap, counts *[numFacets][]int) {
	c := m.columns()
	card, live := hits.GetCardinality(), m.live.GetCardinality()
	if card > live/2 && card <= live {
		rest := roaring.AndNot(m.live, hits)
		if card+rest.GetCardinality() == live { // the hits are all live
			var others [numFacets][]int
			for f := range counts {
				others[f] = make([]int, len(counts[f]))
			}
			m.countWith(c, rest, &others)
			for f := range counts {
				for v := range counts[f] {
					counts[f][v] = c.all[f][v] - others[f][v]
				}
			}
			return
		}
	}
	m.countWith(c, hits, counts)
}

// countWith adds to counts[f][v] the hits having value v of facet f, in one pass over the
// hits where the columns allow; counts start at zero.
func (m *mem) countWith(c *facetCols, hits *roaring.Bitmap, counts *[numFacets][]int) {
	card := hits.GetCardinality()
	var singles, masks []int
	for f := range FacetNames {
		switch c.mode[f] {
		case colSingle:
			singles = append(singles, f)
		case colMask:
			masks = append(masks, f)
		default:
			if card >= facetWalkMax {
				for v, bm := range m.facets[f].bms {
					counts[f][v] = int(hits.AndCardinality(bm))
				}
			} else {
				it := hits.Iterator()
				for it.HasNext() {
					for _, v := range m.docs[it.Next()].facet(f) {
						counts[f][v]++
					}
				}
			}
		}
	}
	if len(singles) == 0 && len(masks) == 0 {
		return
	}
	// single-value counts go to a slot per value + 1 (slot 0: no value)
	var sc [numFacets][]int
	for _, f := range singles {
		sc[f] = make([]int, len(counts[f])+1)
	}
	buf := make([]uint32, 2048)
	it := hits.ManyIterator()
	for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
		ns := buf[:k]
		for _, f := range singles {
			col, cnt := c.single[f], sc[f]
			for _, n := range ns {
				cnt[col[n]]++
			}
		}
		for _, f := range masks {
			col, cnt := c.mask[f], counts[f]
			for _, n := range ns {
				for b := col[n]; b != 0; b &= b - 1 {
					cnt[bits.TrailingZeros64(b)]++
				}
			}
		}
	}
	for _, f := range singles {
		copy(counts[f], sc[f][1:])
	}
}
