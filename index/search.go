package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	stdsync "sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Request is one search.
type Request struct {
	Query  string // in the language of ParseQuery
	Limit  int    // hits per page; 0 means 20, at most 1000
	Offset int    // hits to skip
	Sort   string // relevance (default), name or updated; sort: in the query wins
	Facets bool   // count facets over all hits
	// Disjunctive counts each facet that has filters (not negated) as if its own filters
	// were absent, the others over the hits: the counts a screen needs to add another value
	// of a facet to its choice (country:PL,LT). Only with Facets.
	Disjunctive bool
	Lang        string // the reader's language: its description is highlighted first
}

// Result is one page of hits.
type Result struct {
	Hits   []Hit
	Total  uint64                  // hits over all pages
	Facets map[string][]FacetCount // by facet name (see FacetNames); nil unless asked
	Took   time.Duration
}

// Hit is one matching document.
type Hit struct {
	ID, Kind, Name string
	Score          float64
	// Highlights holds, per field ("name", "desc_en", ...), snippets in which matched words
	// are wrapped in <mark>...</mark>; all other text is HTML-escaped.
	Highlights map[string][]string
	// Values holds the document's values of each facet it has (keys of FacetNames), as
	// indexed: enough to show a hit without reading the record.
	Values map[string][]string
}

// FacetCount is how many hits have one facet value.
type FacetCount struct {
	Value string
	Count int
}

// Limits of paging.
const (
	DefaultLimit = 20
	MaxLimit     = 1000
	MaxOffset    = 10000
)

// Search runs req. A malformed query gives an error wrapping [ErrBadQuery].
func (x *Index) Search(ctx context.Context, req Request) (Result, error) {
	start := time.Now()
	q, err := ParseQuery(phoneQuery(req.Query))
	if err != nil {
		return Result{}, err
	}
	sortBy, err := req.bound(q)
	if err != nil {
		return Result{}, err
	}

	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.bl == nil {
		return Result{}, ErrClosed
	}
	m := x.m

	// 1. Filters, answered from the facet bitmaps.
	allowed, err := x.filterSet(q)
	if err != nil {
		return Result{}, err
	}
	snap := &lazySnapshot{x: x}
	defer snap.close()

	// 2. Text, answered from the term dictionaries and postings as bitmaps.
	need := req.Offset + req.Limit
	text := !q.IsEmpty()
	top := &topK{k: need, m: m}
	hits, byRelevance, err := x.matchText(ctx, snap, q, allowed, top, sortBy == SortRelevance && text)
	if err != nil {
		return Result{}, err
	}

	res := Result{Total: hits.GetCardinality()}
	// 3. Order.
	var page []ranked
	switch {
	case byRelevance:
		page = top.sorted()
	case sortBy == SortUpdated:
		page = x.byUpdated(hits, need)
	default:
		page = x.byName(hits, res.Total, need, text, top)
	}
	if req.Offset < len(page) {
		page = page[req.Offset:]
	} else {
		page = nil
	}
	res.Hits = x.hitsOf(page, byRelevance)
	if text && len(page) > 0 {
		s, err := snap.get()
		if err == nil {
			x.highlight(s, q, page, res.Hits, req.Lang)
		}
	}
	if req.Facets {
		res.Facets = x.facetCounts(hits, hits == m.live)
		if req.Disjunctive {
			if err := x.disjunctiveCounts(ctx, q, res.Facets, snap.get); err != nil {
				return Result{}, err
			}
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

// bound brings r's limit and offset within their bounds and returns the order asked for
// (q's sort: wins over r.Sort; relevance when neither says). An unknown order is a
// *QueryError.
func (r *Request) bound(q *Query) (string, error) {
	if r.Limit <= 0 {
		r.Limit = DefaultLimit
	}
	r.Limit = min(r.Limit, MaxLimit)
	r.Offset = min(max(r.Offset, 0), MaxOffset)
	sortBy := strings.ToLower(r.Sort)
	if q.Sort != "" {
		sortBy = q.Sort
	}
	switch sortBy {
	case "":
		return SortRelevance, nil
	case SortRelevance, SortName, SortUpdated:
		return sortBy, nil
	}
	return "", &QueryError{0, fmt.Sprintf("unknown sort %q", r.Sort)}
}

// lazySnapshot opens the index snapshot on first use: searches that only filter need none.
type lazySnapshot struct {
	x    *Index
	snap *scorch.IndexSnapshot
}

// get returns the snapshot, opening it the first time.
func (l *lazySnapshot) get() (*scorch.IndexSnapshot, error) {
	if l.snap != nil {
		return l.snap, nil
	}
	var err error
	l.snap, err = l.x.snapshot()
	return l.snap, err
}

// close closes the snapshot, if one was opened.
func (l *lazySnapshot) close() {
	if l.snap != nil {
		l.snap.Close()
	}
}

// matchText returns the documents of allowed that match q's text and negations (allowed
// itself when q has neither), and whether they are to be ordered by relevance: when rank
// asks for it they are ranked into top, unless q is one or two letters of a name, which
// are ordered by name.
func (x *Index) matchText(ctx context.Context, snap *lazySnapshot, q *Query, allowed *roaring.Bitmap, top *topK, rank bool) (*roaring.Bitmap, bool, error) {
	text := !q.IsEmpty()
	plan := x.plan(q)
	if text && plan.none {
		return roaring.New(), rank, nil
	}
	if !text && len(plan.not) == 0 && len(plan.notPhrases) == 0 {
		return allowed, rank, nil
	}
	s, err := snap.get()
	if err != nil {
		return nil, false, err
	}
	e := x.newEngine(s)
	mt, err := e.run(ctx, plan, allowed)
	if err != nil {
		return nil, false, err
	}
	if rank {
		if plan.onlyNames() {
			return mt.hits, false, nil // one or two letters of a name: alphabetical
		}
		e.rank(plan, mt, top)
	}
	return mt.hits, rank, nil
}

// byUpdated returns the first need of hits, most recently updated first.
func (x *Index) byUpdated(hits *roaring.Bitmap, need int) []ranked {
	m := x.m
	t := &topK{k: need, m: m, byUpdated: true}
	it := hits.Iterator()
	for it.HasNext() {
		n := it.Next()
		t.add(ranked{num: n, score: float64(m.docs[n].updated)})
	}
	return t.sorted()
}

// byName returns the first need of hits (total of them) in name order; after a text
// query, each with its score in top for display.
func (x *Index) byName(hits *roaring.Bitmap, total uint64, need int, text bool, top *topK) []ranked {
	m := x.m
	var page []ranked
	if text && total > uint64(4*need) && total < 20000 {
		t := &topK{k: need, m: m, byName: true}
		it := hits.Iterator()
		for it.HasNext() {
			t.add(ranked{num: it.Next()})
		}
		page = t.sorted()
	} else {
		for _, n := range m.nameOrder() {
			if hits.Contains(n) {
				page = append(page, ranked{num: n})
				if len(page) == need {
					break
				}
			}
		}
	}
	if text { // keep scores for display
		for i := range page {
			page[i].score = top.scoreOf(page[i].num)
		}
	}
	return page
}

// hitsOf returns the hits of a page, with their scores when ranked by relevance.
func (x *Index) hitsOf(page []ranked, withScores bool) []Hit {
	hits := make([]Hit, len(page))
	for i, r := range page {
		d := &x.m.docs[r.num]
		hits[i] = Hit{ID: d.id, Kind: d.kind, Name: d.name, Values: x.m.valuesOf(d)}
		if withScores {
			hits[i].Score = r.score
		}
	}
	return hits
}

// ---- filters ----

// filterSet returns the documents allowed by q's filters and near:. With no filters it is
// the live set itself (not a copy): callers must not modify it.
func (x *Index) filterSet(q *Query) (*roaring.Bitmap, error) {
	m := x.m
	set := m.live
	owned := false
	and := func(b *roaring.Bitmap, not bool) {
		if !owned {
			set = set.Clone()
			owned = true
		}
		if not {
			set.AndNot(b)
		} else {
			set.And(b)
		}
	}
	for _, f := range q.Filters {
		sets := make([]*roaring.Bitmap, len(f.Values))
		for i, v := range f.Values {
			sets[i] = m.valueSet(f.Field, v)
		}
		and(roaring.FastOr(sets...), f.Not)
	}
	if q.Near != nil {
		n := *q.Near
		if !n.HasPoint {
			if x.opts.Locate == nil {
				return nil, &QueryError{0, fmt.Sprintf("near: cannot place %q (no gazetteer)", n.Place)}
			}
			lat, lon, ok := x.opts.Locate(n.Place)
			if !ok {
				return nil, &QueryError{0, fmt.Sprintf("near: unknown place %q", n.Place)}
			}
			n.Lat, n.Lon = lat, lon
		}
		and(m.nearSet(n.Lat, n.Lon, n.Km), false)
	}
	return set, nil
}

// valueSet returns the documents having value v in facet field (exact folded match, else
// every value starting with v).
func (m *mem) valueSet(field, v string) *roaring.Bitmap {
	var fs []int
	switch field {
	case "kind":
		fs = []int{facKind, facType}
	case "tag":
		fs = []int{facTag}
	case "type":
		fs = []int{facType}
	default:
		fs = []int{slices.Index(FacetNames, field)}
	}
	key := Fold(strings.TrimSpace(v))
	var exact []*roaring.Bitmap
	for _, f := range fs {
		if id, ok := m.facets[f].byKey[key]; ok {
			exact = append(exact, m.facets[f].bms[id])
		}
	}
	if len(exact) == 0 {
		for _, f := range fs {
			for k, id := range m.facets[f].byKey {
				if strings.HasPrefix(k, key) {
					exact = append(exact, m.facets[f].bms[id])
				}
			}
		}
	}
	return roaring.FastOr(exact...)
}

const earthKm = 6371.0

// nearSet returns live documents within km of (lat, lon).
func (m *mem) nearSet(lat, lon, km float64) *roaring.Bitmap {
	dLat := km / earthKm * 180 / math.Pi
	cos := math.Cos(lat * math.Pi / 180)
	dLon := 360.0
	if cos > 1e-6 {
		dLon = dLat / cos
	}
	geo := m.latOrder()
	i, _ := slices.BinarySearchFunc(geo, lat-dLat, func(e geoEnt, v float64) int { return cmp.Compare(e.lat, v) })
	dense := make([]uint64, (len(m.docs)+63)/64)
	for _, g := range geo[i:] {
		if g.lat > lat+dLat {
			break
		}
		if math.Abs(g.lon-lon) > dLon || haversine(lat, lon, g.lat, g.lon) > km {
			continue
		}
		dense[g.n>>6] |= 1 << (g.n & 63)
	}
	return roaring.FromDense(dense, false)
}

func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = math.Pi / 180
	dlat, dlon := (lat2-lat1)*r, (lon2-lon1)*r
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*r)*math.Cos(lat2*r)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(min(1, a)))
}

// ---- text ----

// textPlan is q's words as clauses, and the folded tokens for phrase checks and
// highlighting.
type textPlan struct {
	words      []wordSpec // positive words and phrase words; all must match
	not        []wordSpec // negated words; none may match
	none       bool       // a positive word analysed to nothing matchable
	phrases    [][]string
	notPhrases [][]string
	marks      []string // folded tokens to highlight
	prefix     string   // folded token typed as a prefix
}

// fuzziness is Meilisearch's rule: 1 typo from 5 letters, 2 from 9.
func fuzziness(tok string) int {
	n := len([]rune(tok))
	switch {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

func (x *Index) tokens(s string) []string {
	ts := x.fold.Analyze([]byte(s))
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}

func (x *Index) plan(q *Query) *textPlan {
	p := &textPlan{}
	for _, w := range q.Words {
		toks := x.tokens(w.Text)
		if len(toks) == 0 {
			continue // punctuation only
		}
		for i, t := range toks {
			pre := w.Prefix && i == len(toks)-1
			p.words = append(p.words, x.wordSpecFor(t, pre))
			if pre {
				p.prefix = t
			} else {
				p.marks = append(p.marks, t)
			}
		}
	}
	for _, ph := range q.Phrases {
		toks := x.tokens(ph)
		if len(toks) == 0 {
			continue
		}
		p.phrases = append(p.phrases, toks)
		p.marks = append(p.marks, toks...)
		for _, t := range toks {
			p.words = append(p.words, wordSpec{clauses: []clause{{field: fName, term: t, boost: boostPhrase}, {field: fText, term: t, boost: boostText}}})
		}
	}
	if len(p.words) == 0 && !q.IsEmpty() {
		p.none = true
	}
	for _, w := range q.NotWords {
		for _, t := range x.tokens(w) {
			p.not = append(p.not, wordSpec{clauses: []clause{{field: fName, term: t, boost: 1}, {field: fText, term: t, boost: 1}}})
		}
	}
	for _, ph := range q.NotPhrases {
		if toks := x.tokens(ph); len(toks) > 0 {
			p.notPhrases = append(p.notPhrases, toks)
		}
	}
	return p
}

// docTexts returns the folded tokens of one document's stored name and descriptions, each
// text as " tok tok ... ".
func (x *Index) docTexts(snap *scorch.IndexSnapshot, seg int, local uint64) []string {
	var out []string
	// sectors, tags, offers, needs and the locality are in the text field but not stored
	if n := x.segs.numAt(seg, local, snap); n != noDoc {
		d := &x.m.docs[n]
		for _, f := range []int{facSector, facTag, facOffers, facNeeds, facLocality} {
			for _, v := range d.facet(f) {
				out = append(out, " "+strings.Join(x.tokens(x.m.facets[f].display[v]), " ")+" ")
			}
		}
	}
	_ = snap.Segments()[seg].VisitDocument(local, func(field string, _ byte, value []byte, _ []uint64) bool {
		if field == fName || strings.HasPrefix(field, descPfx) {
			out = append(out, " "+strings.Join(x.tokens(string(value)), " ")+" ")
		}
		return true
	})
	return out
}

func hasPhrase(texts []string, toks []string) bool {
	needle := " " + strings.Join(toks, " ") + " "
	for _, t := range texts {
		if strings.Contains(t, needle) {
			return true
		}
	}
	return false
}

// ---- facets ----

// facetWalkMax is the number of hits up to which facets are counted by walking the hits;
// above it, by intersecting the hits with each value's bitmap (measured at 100k: walking
// 8k hits cost several times more than the intersections).
const facetWalkMax = 2048

func (x *Index) facetCounts(hits *roaring.Bitmap, all bool) map[string][]FacetCount {
	m := x.m
	out := make(map[string][]FacetCount, len(FacetNames))
	var counts [numFacets][]int
	for f := range FacetNames {
		counts[f] = make([]int, len(m.facets[f].display))
	}
	switch {
	case all:
		for f := range FacetNames {
			for v, bm := range m.facets[f].bms {
				counts[f][v] = int(bm.GetCardinality())
			}
		}
	default:
		m.countFacets(hits, &counts)
	}
	for f, name := range FacetNames {
		var fc []FacetCount
		for v, c := range counts[f] {
			if c > 0 {
				fc = append(fc, FacetCount{Value: m.facets[f].display[v], Count: c})
			}
		}
		slices.SortFunc(fc, func(a, b FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		if len(fc) > x.opts.FacetLimit {
			fc = fc[:x.opts.FacetLimit]
		}
		if fc == nil {
			fc = []FacetCount{}
		}
		out[name] = fc
	}
	return out
}

// ---- ranking ----

type ranked struct {
	num     uint32
	score   float64
	global  uint64 // Bleve position, when scanned is set
	seg     int
	scanned bool
}

// topK keeps the k best documents: by score (ties by name), by name, or newest first.
type topK struct {
	k                 int
	m                 *mem
	byName, byUpdated bool
	items             []ranked // sorted best first
	scores            map[uint32]float64
}

func (t *topK) less(a, b ranked) bool { // a ranks before b
	da, db := &t.m.docs[a.num], &t.m.docs[b.num]
	switch {
	case t.byName:
	case t.byUpdated:
		if da.updated != db.updated {
			return da.updated > db.updated
		}
	default:
		if a.score != b.score {
			return a.score > b.score
		}
	}
	if pa, pb := t.m.sortPre[a.num], t.m.sortPre[b.num]; pa != pb {
		return pa < pb
	}
	if da.sortKey != db.sortKey {
		return da.sortKey < db.sortKey
	}
	return da.id < db.id
}

// loses reports, cheaply, that document n with score cannot enter a full page ranked by
// score: it scores less than the last, or ties with it and comes after it by name's
// first bytes. A query matching tens of thousands of documents with equal scores (a
// prefix of a common word) asks this of each.
func (t *topK) loses(n uint32, score float64) bool {
	if len(t.items) < t.k || t.byName || t.byUpdated {
		return false
	}
	last := &t.items[len(t.items)-1]
	return score < last.score || (score == last.score && t.m.sortPre[n] > t.m.sortPre[last.num])
}

func (t *topK) add(r ranked) {
	if len(t.items) == t.k {
		last := &t.items[len(t.items)-1]
		if !t.byName && !t.byUpdated && r.score < last.score {
			return // the common case, without comparing names
		}
		if !t.less(r, *last) {
			return
		}
	}
	i, _ := slices.BinarySearchFunc(t.items, r, func(e, r ranked) int {
		if t.less(e, r) {
			return -1
		}
		return 1
	})
	if len(t.items) == t.k {
		t.items = t.items[:len(t.items)-1]
	}
	t.items = slices.Insert(t.items, i, r)
}

func (t *topK) sorted() []ranked { return t.items }

func (t *topK) scoreOf(n uint32) float64 {
	for _, r := range t.items {
		if r.num == n {
			return r.score
		}
	}
	return 0
}

// ---- Bleve document numbers → our document numbers ----

const noDoc = ^uint32(0)

// segCache maps each Bleve segment's local document numbers to mem document numbers. Segments
// are immutable, so a table is built once per segment, the first time a search meets it.
type segCache struct {
	mu      stdsync.Mutex
	segs    map[uint64][]uint32
	last    *snapSegs
	lastKey []*scorch.SegmentSnapshot
	lastMem *mem
}

// snapSegs is the table for one snapshot.
type snapSegs struct {
	offsets []uint64
	nums    [][]uint32
	revOnce stdsync.Once
	rev     []uint32 // our number → 1 + global Bleve position of its live entry; 0 for none
}

// globalOf returns the global Bleve position of the live entry of our document n.
func (s *snapSegs) globalOf(snap *scorch.IndexSnapshot, n uint32) (uint64, bool) {
	s.revOnce.Do(func() {
		var size uint32
		for _, t := range s.nums {
			for _, v := range t {
				if v != noDoc && v+1 > size {
					size = v + 1
				}
			}
		}
		s.rev = make([]uint32, size)
		ss := snap.Segments()
		for i, t := range s.nums {
			del := ss[i].Deleted()
			for l, v := range t {
				if v != noDoc && (del == nil || !del.Contains(uint32(l))) {
					s.rev[v] = uint32(s.offsets[i]+uint64(l)) + 1
				}
			}
		}
	})
	if int(n) < len(s.rev) && s.rev[n] != 0 {
		return uint64(s.rev[n] - 1), true
	}
	return 0, false
}

func (c *segCache) forSnapshot(snap *scorch.IndexSnapshot, m *mem) *snapSegs {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.segs == nil {
		c.segs = map[uint64][]uint32{}
	}
	ss := snap.Segments()
	if c.last != nil && c.lastMem == m && slices.Equal(c.lastKey, ss) {
		return c.last
	}
	out := &snapSegs{offsets: make([]uint64, len(ss)+1), nums: make([][]uint32, len(ss))}
	var running uint64
	seen := make(map[uint64]bool, len(ss))
	built := false
	for i, s := range ss {
		out.offsets[i] = running
		seg := s.Segment()
		cnt := seg.Count()
		running += cnt
		seen[s.Id()] = true
		t, ok := c.segs[s.Id()]
		if !ok {
			t = make([]uint32, cnt)
			for l := range cnt {
				t[l] = noDoc
				if id, err := seg.DocID(l); err == nil {
					if n, ok := m.byID[string(id)]; ok {
						t[l] = n
					}
				}
			}
			c.segs[s.Id()] = t
			built = true
		}
		out.nums[i] = t
	}
	out.offsets[len(ss)] = running
	c.last, c.lastKey, c.lastMem = out, slices.Clone(ss), m
	if built {
		for id := range c.segs {
			if !seen[id] {
				delete(c.segs, id)
			}
		}
	}
	return out
}

// numAt returns our document number for a Bleve position of snap.
func (c *segCache) numAt(seg int, local uint64, snap *scorch.IndexSnapshot) uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.segs[snap.Segments()[seg].Id()]
	if local < uint64(len(t)) {
		return t[local]
	}
	return noDoc
}

// find returns the segment holding global number g, starting the search at cur (hits come in
// increasing order).
func (s *snapSegs) find(g uint64, cur int) int {
	if cur < len(s.nums) && g >= s.offsets[cur] && g < s.offsets[cur+1] {
		return cur
	}
	i, _ := slices.BinarySearch(s.offsets, g+1)
	return max(i-1, 0)
}
