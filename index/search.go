package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	gosync "sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Request is one search.
type Request struct {
	Query  string // in the language of ParseQuery
	Limit  int    // hits per page; 0 means 20, at most 1000
	Offset int    // hits to skip
	Sort   string // relevance (default), name or updated; sort: in the query wins
	Facets bool   // count facets over all hits
	Lang   string // the reader's language: its description is highlighted first
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
	q, err := ParseQuery(req.Query)
	if err != nil {
		return Result{}, err
	}
	if req.Limit <= 0 {
		req.Limit = DefaultLimit
	}
	req.Limit = min(req.Limit, MaxLimit)
	req.Offset = min(max(req.Offset, 0), MaxOffset)
	sortBy := strings.ToLower(req.Sort)
	if q.Sort != "" {
		sortBy = q.Sort
	}
	switch sortBy {
	case "", SortRelevance, SortName, SortUpdated:
	default:
		return Result{}, &QueryError{0, fmt.Sprintf("unknown sort %q", req.Sort)}
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
	var snap *scorch.IndexSnapshot
	getSnap := func() (*scorch.IndexSnapshot, error) {
		if snap == nil {
			snap, err = x.snapshot()
		}
		return snap, err
	}
	defer func() {
		if snap != nil {
			snap.Close()
		}
	}()

	// 2. Text, answered by Bleve; every match is seen once, filtered, and kept in a bitmap.
	need := req.Offset + req.Limit
	if sortBy == "" {
		sortBy = SortRelevance
	}
	text := !q.IsEmpty()
	top := &topK{k: need, m: m}
	var hits *roaring.Bitmap
	plan := x.plan(q)
	if text {
		if plan.none {
			hits = roaring.New()
		} else {
			s, err := getSnap()
			if err != nil {
				return Result{}, err
			}
			hits, err = x.collect(ctx, s, plan, allowed, q, top, sortBy == SortRelevance)
			if err != nil {
				return Result{}, err
			}
		}
	} else {
		hits = allowed
		if len(q.NotWords) > 0 || len(q.NotPhrases) > 0 {
			s, err := getSnap()
			if err != nil {
				return Result{}, err
			}
			all, err := x.collect(ctx, s, plan, allowed, q, nil, false)
			if err != nil {
				return Result{}, err
			}
			hits = all
		}
	}

	res := Result{Total: hits.GetCardinality()}
	// 3. Order.
	var page []ranked
	switch {
	case sortBy == SortRelevance && text:
		page = top.sorted()
	case sortBy == SortUpdated:
		t := &topK{k: need, m: m, byUpdated: true}
		it := hits.Iterator()
		for it.HasNext() {
			n := it.Next()
			t.add(ranked{num: n, score: float64(m.docs[n].updated)})
		}
		page = t.sorted()
	default: // by name
		if text && res.Total > uint64(4*need) && res.Total < 20000 {
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
	}
	if req.Offset < len(page) {
		page = page[req.Offset:]
	} else {
		page = nil
	}
	res.Hits = make([]Hit, len(page))
	for i, r := range page {
		d := &m.docs[r.num]
		res.Hits[i] = Hit{ID: d.id, Kind: d.kind, Name: d.name}
		if sortBy == SortRelevance && text {
			res.Hits[i].Score = r.score
		}
	}
	if text && len(page) > 0 {
		s, err := getSnap()
		if err == nil {
			x.highlight(s, q, page, res.Hits, req.Lang)
		}
	}
	if req.Facets {
		res.Facets = x.facetCounts(hits, hits == m.live)
	}
	res.Took = time.Since(start)
	return res, nil
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
		and(m.valueSet(f.Field, f.Value), f.Not)
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
	out := roaring.New()
	dLat := km / earthKm * 180 / math.Pi
	cos := math.Cos(lat * math.Pi / 180)
	dLon := 360.0
	if cos > 1e-6 {
		dLon = dLat / cos
	}
	it := m.live.Iterator()
	for it.HasNext() {
		n := it.Next()
		d := &m.docs[n]
		if !d.hasGeo || math.Abs(d.lat-lat) > dLat || math.Abs(d.lon-lon) > dLon {
			continue
		}
		if haversine(lat, lon, d.lat, d.lon) <= km {
			out.Add(n)
		}
	}
	return out
}

func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = math.Pi / 180
	dlat, dlon := (lat2-lat1)*r, (lon2-lon1)*r
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*r)*math.Cos(lat2*r)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(min(1, a)))
}

// ---- text ----

// textPlan is the Bleve query for q's words, and the folded tokens for phrase checks and
// highlighting.
type textPlan struct {
	q          query.Query // positive part; nil when q has none
	not        query.Query // negated words; nil when none
	none       bool        // a positive word analysed to nothing matchable
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

func term(field, t string, boost float64) query.Query {
	q := query.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// wordQuery matches one folded token anywhere: exact in the name (boosted), in any text,
// stemmed in descriptions, and with typos when long enough. Exact matches score highest.
func (x *Index) wordQuery(t string, prefix bool) query.Query {
	qs := []query.Query{term(fName, t, 4), term(fText, t, 1)}
	for lang, a := range x.stem {
		for _, st := range a.Analyze([]byte(t)) {
			qs = append(qs, term(descPfx+lang, string(st.Term), 0.7))
		}
	}
	if fz := fuzziness(t); fz > 0 {
		for _, f := range []struct {
			field string
			boost float64
		}{{fName, 1}, {fText, 0.3}} {
			q := query.NewFuzzyQuery(t)
			q.SetField(f.field)
			q.SetFuzziness(fz)
			q.SetPrefix(1)
			q.SetBoost(f.boost)
			qs = append(qs, q)
		}
	}
	if prefix {
		n := len([]rune(t))
		if n <= maxGram {
			qs = append(qs, term(fNameNG, t, 2))
		} else {
			p := query.NewPrefixQuery(t)
			p.SetField(fName)
			qs = append(qs, p)
		}
		if n <= 2 { // one or two letters: names only, the rest would match everything
			return term(fNameNG, t, 1)
		}
	}
	return query.NewDisjunctionQuery(qs)
}

func (x *Index) plan(q *Query) *textPlan {
	p := &textPlan{}
	var must []query.Query
	for _, w := range q.Words {
		toks := x.tokens(w.Text)
		if len(toks) == 0 {
			continue // punctuation only
		}
		for i, t := range toks {
			pre := w.Prefix && i == len(toks)-1
			must = append(must, x.wordQuery(t, pre))
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
			must = append(must, query.NewDisjunctionQuery([]query.Query{term(fName, t, 2), term(fText, t, 1)}))
		}
	}
	if len(must) == 0 && !q.IsEmpty() {
		p.none = true
	}
	if len(must) == 1 {
		p.q = must[0]
	} else if len(must) > 1 {
		p.q = query.NewConjunctionQuery(must)
	}
	var not []query.Query
	for _, w := range q.NotWords {
		for _, t := range x.tokens(w) {
			not = append(not, term(fName, t, 1), term(fText, t, 1))
		}
	}
	for _, ph := range q.NotPhrases {
		if toks := x.tokens(ph); len(toks) > 0 {
			p.notPhrases = append(p.notPhrases, toks)
		}
	}
	if len(not) > 0 {
		p.not = query.NewDisjunctionQuery(not)
	}
	return p
}

// collect runs the plan over snap. With a positive part it returns the matching documents
// that are in allowed (adding each to top); without one it returns allowed minus the
// documents matching the negated words and phrases.
func (x *Index) collect(ctx context.Context, snap *scorch.IndexSnapshot, p *textPlan,
	allowed *roaring.Bitmap, q *Query, top *topK, score bool) (*roaring.Bitmap, error) {
	segs := x.segs.forSnapshot(snap, x.m)
	if p.q == nil {
		if p.not == nil && len(p.notPhrases) == 0 {
			return allowed, nil
		}
		out := allowed.Clone()
		if p.not != nil {
			err := x.scan(ctx, snap, segs, p.not, false, func(n uint32, _ int, _ uint64, _ float64, _ uint64) {
				out.Remove(n)
			})
			if err != nil {
				return nil, err
			}
		}
		for _, ph := range p.notPhrases {
			var must []query.Query
			for _, t := range ph {
				must = append(must, query.NewDisjunctionQuery([]query.Query{term(fName, t, 1), term(fText, t, 1)}))
			}
			err := x.scan(ctx, snap, segs, query.NewConjunctionQuery(must), false, func(n uint32, seg int, local uint64, _ float64, _ uint64) {
				if out.Contains(n) && hasPhrase(x.docTexts(snap, seg, local), ph) {
					out.Remove(n)
				}
			})
			if err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	b := query.NewBooleanQuery([]query.Query{p.q}, nil, nil)
	if p.not != nil {
		b.AddMustNot(p.not)
	}
	var buf []uint32
	check := len(p.phrases) > 0 || len(p.notPhrases) > 0
	err := x.scan(ctx, snap, segs, b, score, func(n uint32, seg int, local uint64, sc float64, g uint64) {
		if !allowed.Contains(n) {
			return
		}
		if check {
			texts := x.docTexts(snap, seg, local)
			for _, ph := range p.phrases {
				if !hasPhrase(texts, ph) {
					return
				}
			}
			for _, ph := range p.notPhrases {
				if hasPhrase(texts, ph) {
					return
				}
			}
		}
		buf = append(buf, n)
		if top != nil {
			top.add(ranked{num: n, score: sc, global: g, seg: seg, scanned: true})
		}
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(buf)
	out := roaring.New()
	out.AddMany(buf)
	return out, nil
}

// scan runs bq over snap and calls fn for every match with our document number, its Bleve
// segment and local number, its score and its global Bleve number.
func (x *Index) scan(ctx context.Context, snap *scorch.IndexSnapshot, segs *snapSegs, bq query.Query,
	score bool, fn func(n uint32, seg int, local uint64, score float64, global uint64)) error {
	sctx := context.WithValue(ctx, search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return bindex.BM25Scoring }))
	opts := search.SearcherOptions{Score: "none"}
	if score {
		opts.Score = ""
	}
	s, err := bq.Searcher(sctx, snap, x.im, opts)
	if err != nil {
		return fmt.Errorf("index: search: %w", err)
	}
	defer s.Close()
	sc := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: snap}
	cur := 0
	for i := 0; ; i++ {
		if i&1023 == 1023 {
			if err := ctxDone(ctx); err != nil {
				return err
			}
		}
		dm, err := s.Next(sc)
		if err != nil {
			return fmt.Errorf("index: search: %w", err)
		}
		if dm == nil {
			return nil
		}
		g, sv := dm.IndexInternalID.Value(), dm.Score
		sc.DocumentMatchPool.Put(dm)
		cur = segs.find(g, cur)
		local := g - segs.offsets[cur]
		if n := segs.nums[cur][local]; n != noDoc {
			fn(n, cur, local, sv, g)
		}
	}
}

// docTexts returns the folded tokens of one document's stored name and descriptions, each
// text as " tok tok ... ".
func (x *Index) docTexts(snap *scorch.IndexSnapshot, seg int, local uint64) []string {
	var out []string
	// sectors, tags, offers, needs and the locality are in the text field but not stored
	if n := x.segs.numAt(seg, local, snap); n != noDoc {
		d := &x.m.docs[n]
		for _, f := range []int{facSector, facTag, facOffers, facNeeds, facLocality} {
			for _, v := range d.vals[f] {
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

func (x *Index) facetCounts(hits *roaring.Bitmap, all bool) map[string][]FacetCount {
	m := x.m
	out := make(map[string][]FacetCount, len(FacetNames))
	card := hits.GetCardinality()
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
	case card < 2048:
		it := hits.Iterator()
		for it.HasNext() {
			d := &m.docs[it.Next()]
			for f := range FacetNames {
				for _, v := range d.vals[f] {
					counts[f][v]++
				}
			}
		}
	default:
		for f := range FacetNames {
			for v, bm := range m.facets[f].bms {
				counts[f][v] = int(hits.AndCardinality(bm))
			}
		}
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
	if da.sortKey != db.sortKey {
		return da.sortKey < db.sortKey
	}
	return da.id < db.id
}

func (t *topK) add(r ranked) {
	if len(t.items) == t.k && !t.less(r, t.items[len(t.items)-1]) {
		return
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
	mu   gosync.Mutex
	segs map[uint64][]uint32
}

// snapSegs is the table for one snapshot.
type snapSegs struct {
	offsets []uint64
	nums    [][]uint32
}

func (c *segCache) forSnapshot(snap *scorch.IndexSnapshot, m *mem) *snapSegs {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.segs == nil {
		c.segs = map[uint64][]uint32{}
	}
	ss := snap.Segments()
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
