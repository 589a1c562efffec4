package index

import (
	"context"
	"math"
	"slices"
	stdsync "sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The text engine: words are matched as bitmaps straight from the segments' term
// dictionaries and postings lists (no Bleve searchers, no per-hit DocumentMatch), and only
// the documents that survive every word, the filters and the negations are scored, with
// BM25 computed from the postings' frequencies and norms.

// clause is one (field, term) a word may match, with its weight in the score.
type clause struct {
	field, term string
	boost       float64
	// flat clauses are the expansions of a typed prefix: together they add one weight
	// to a document having any of them, without reading frequencies and norms.
	flat bool
}

// Clause weights: an exact word in the name counts most, then a name prefix, then words
// of the texts; typo matches count least, so exact matches rank first.
const (
	boostName      = 4
	boostNameNG    = 2
	boostText      = 1
	boostStem      = 0.7
	boostNameFuzzy = 1
	boostTextFuzzy = 0.3
	boostTextPre   = 0.5
	boostPhrase    = 2
)

// maxFuzzyTerms caps a typo-tolerant word's expansions per field: the closest, then the most
// frequent terms are kept. maxPrefixTerms caps the expansions of a typed prefix in the texts
// (and in names when longer than maxGram): the most frequent terms are kept.
const (
	maxFuzzyTerms  = 8
	maxPrefixTerms = 64
)

// scoreBudget bounds the postings read to score one query: clauses are scored from the
// heaviest down while the budget lasts; lighter ones still decide what matches.
const scoreBudget = 40_000

// wordSpec is one positive or negated word: the clauses it may match, and whether its
// typo expansions are still to be looked up in the dictionaries.
type wordSpec struct {
	clauses []clause
	fuzzy   string // folded token to expand with typos; "" for none
	fz      int
	long    string // a prefix longer than maxGram, expanded on the name field
	textPre string // a prefix of three or more letters, expanded on the text field
}

// wordSpecFor builds the clauses of one folded token.
func (x *Index) wordSpecFor(t string, prefix bool) wordSpec {
	n := len([]rune(t))
	if prefix && n <= 2 { // one or two letters: names only, the rest would match everything
		return wordSpec{clauses: []clause{{field: fNameNG, term: t, boost: 1}}}
	}
	w := wordSpec{clauses: []clause{{field: fName, term: t, boost: boostName}, {field: fText, term: t, boost: boostText}}}
	seen := map[string]bool{}
	for _, lang := range stemLangs {
		a := x.stem[lang]
		for _, st := range a.Analyze([]byte(t)) {
			k := lang + "\x00" + string(st.Term)
			if !seen[k] {
				seen[k] = true
				w.clauses = append(w.clauses, clause{field: descPfx + lang, term: string(st.Term), boost: boostStem})
			}
		}
	}
	if fz := fuzziness(t); fz > 0 {
		w.fuzzy, w.fz = t, fz
	}
	if prefix {
		// Words of the texts match the prefix too, so that results do not vanish
		// while "des" is on its way to "design".
		w.textPre = t
		if n <= maxGram {
			w.clauses = append(w.clauses, clause{field: fNameNG, term: t, boost: boostNameNG})
		} else {
			w.long = t
		}
	}
	return w
}

// walkBoth calls fn for each document of b that is in the sorted cand, walking both
// in order.
func walkBoth(b *roaring.Bitmap, cand []uint32, fn func(uint32)) {
	var buf [256]uint32
	it := b.ManyIterator()
	ci := 0
	for k := it.NextMany(buf[:]); k > 0; k = it.NextMany(buf[:]) {
		for _, l := range buf[:k] {
			for ci < len(cand) && cand[ci] < l {
				ci++
			}
			if ci == len(cand) {
				return
			}
			if cand[ci] == l {
				fn(l)
			}
		}
	}
}

// stemLangs is stemmers' keys in a fixed order.
var stemLangs = func() []string {
	var l []string
	for k := range stemmers {
		l = append(l, k)
	}
	slices.Sort(l)
	return l
}()

// engine runs one query over one snapshot.
type engine struct {
	x     *Index
	snap  *scorch.IndexSnapshot
	ss    []*scorch.SegmentSnapshot
	segs  *snapSegs
	dicts []map[string]segment.TermDictionary
}

func (x *Index) newEngine(snap *scorch.IndexSnapshot) *engine {
	ss := snap.Segments()
	return &engine{x: x, snap: snap, ss: ss, segs: x.segs.forSnapshot(snap, x.m),
		dicts: make([]map[string]segment.TermDictionary, len(ss))}
}

func (e *engine) dict(seg int, field string) segment.TermDictionary {
	if e.dicts[seg] == nil {
		e.dicts[seg] = map[string]segment.TermDictionary{}
	}
	d, ok := e.dicts[seg][field]
	if !ok {
		d, _ = e.ss[seg].Segment().Dictionary(field)
		e.dicts[seg][field] = d
	}
	return d
}

func (e *engine) postings(seg int, c clause) segment.PostingsList {
	d := e.dict(seg, c.field)
	if d == nil {
		return nil
	}
	pl, err := d.PostingsList([]byte(c.term), nil, nil)
	if err != nil || pl == nil || pl.Count() == 0 {
		return nil
	}
	return pl
}

type orIntoer interface{ OrInto(*roaring.Bitmap) }

// wordBitmap returns the local documents of seg matching any clause of w (deleted ones
// included).
func (e *engine) wordBitmap(seg int, w *wordSpec) *roaring.Bitmap {
	b := roaring.New()
	for _, c := range w.clauses {
		if pl := e.postings(seg, c); pl != nil {
			orPostings(b, pl)
		}
	}
	return b
}

// orPostings adds the documents of pl to b.
func orPostings(b *roaring.Bitmap, pl segment.PostingsList) {
	if o, ok := pl.(orIntoer); ok {
		o.OrInto(b)
		return
	}
	it := pl.Iterator(false, false, false, nil)
	for p, err := it.Next(); err == nil && p != nil; p, err = it.Next() {
		b.Add(uint32(p.Number()))
	}
}

// match is the outcome of matching: the hits in our numbering and, per segment, the
// sorted local numbers of those hits (for scoring and highlighting).
type match struct {
	hits  *roaring.Bitmap
	local [][]uint32
	n     int
}

var densePool = stdsync.Pool{New: func() any { return new([]uint64) }}

// run matches the plan's words within allowed. Without positive words it returns allowed
// minus the documents matching the negations.
func (e *engine) run(ctx context.Context, p *textPlan, allowed *roaring.Bitmap) (*match, error) {
	m := e.x.m
	for i := range p.words {
		e.expand(&p.words[i])
	}
	words := len(p.words) > 0
	dense := make([]uint64, (len(m.docs)+63)/64)
	var filter []uint64 // allowed as a dense set, nil when it is every live document
	if !words {
		allowed.WriteDenseTo(dense)
	} else if allowed != m.live {
		fp := densePool.Get().(*[]uint64)
		filter = slices.Grow((*fp)[:0], len(dense))[:len(dense)]
		clear(filter)
		allowed.WriteDenseTo(filter)
		defer func() { *fp = filter; densePool.Put(fp) }()
	}
	out := &match{local: make([][]uint32, len(e.ss))}
	for seg := range e.ss {
		if err := ctxDone(ctx); err != nil {
			return nil, err
		}
		if !words { // negations only: remove the matches
			e.clearNegated(seg, p, dense)
			continue
		}
		loc := e.segmentWords(seg, p)
		if loc == nil {
			continue
		}
		keep := e.keepPhrases(seg, p, e.allowedLocal(seg, loc, filter))
		nums := e.segs.nums[seg]
		for _, l := range keep {
			n := nums[l]
			dense[n>>6] |= 1 << (n & 63)
		}
		out.local[seg] = keep
		out.n += len(keep)
	}
	if !words && len(p.notPhrases) > 0 {
		if err := e.removeNotPhrases(p, dense); err != nil {
			return nil, err
		}
	}
	out.hits = roaring.FromDense(dense, false)
	return out, nil
}

// segmentWords returns the live documents of segment seg (local numbers) holding every
// word of p and none of its negated words, or nil when no document holds every word.
func (e *engine) segmentWords(seg int, p *textPlan) *roaring.Bitmap {
	var loc *roaring.Bitmap
	for i := range p.words {
		b := e.wordBitmap(seg, &p.words[i])
		if loc == nil {
			loc = b
		} else {
			loc.And(b)
		}
		if loc.IsEmpty() {
			return nil
		}
	}
	for i := range p.not {
		loc.AndNot(e.wordBitmap(seg, &p.not[i]))
	}
	if del := e.ss[seg].Deleted(); del != nil {
		loc.AndNot(del)
	}
	return loc
}

// clearNegated clears from dense the live documents of segment seg holding a negated
// word of p.
func (e *engine) clearNegated(seg int, p *textPlan, dense []uint64) {
	loc := roaring.New()
	for i := range p.not {
		loc.Or(e.wordBitmap(seg, &p.not[i]))
	}
	e.eachLive(seg, loc, func(_, n uint32) { dense[n>>6] &^= 1 << (n & 63) })
}

// eachLive calls fn with the local and the table number of each document of segment seg
// in loc (local numbers) that is live: not deleted, and in the table.
func (e *engine) eachLive(seg int, loc *roaring.Bitmap, fn func(l, n uint32)) {
	if del := e.ss[seg].Deleted(); del != nil {
		loc.AndNot(del)
	}
	nums := e.segs.nums[seg]
	it := loc.Iterator()
	for it.HasNext() {
		l := it.Next()
		if int(l) < len(nums) && nums[l] != noDoc {
			fn(l, nums[l])
		}
	}
}

// allowedLocal returns the local numbers in loc, sorted, of the documents of segment seg
// that are in the table and in filter (every one when filter is nil).
func (e *engine) allowedLocal(seg int, loc *roaring.Bitmap, filter []uint64) []uint32 {
	nums := e.segs.nums[seg]
	keep := make([]uint32, 0, loc.GetCardinality())
	it := loc.Iterator()
	for it.HasNext() {
		l := it.Next()
		if int(l) >= len(nums) {
			continue
		}
		n := nums[l]
		if n == noDoc || (filter != nil && filter[n>>6]&(1<<(n&63)) == 0) {
			continue
		}
		keep = append(keep, l)
	}
	return keep
}

// keepPhrases narrows keep, local numbers of segment seg, to the documents holding every
// phrase of p and none of its negated phrases.
func (e *engine) keepPhrases(seg int, p *textPlan, keep []uint32) []uint32 {
	if len(keep) == 0 || len(p.phrases) == 0 && len(p.notPhrases) == 0 {
		return keep
	}
	return slices.DeleteFunc(keep, func(l uint32) bool {
		texts := e.x.docTexts(e.snap, seg, uint64(l))
		for _, ph := range p.phrases {
			if !hasPhrase(texts, ph) {
				return true
			}
		}
		for _, ph := range p.notPhrases {
			if hasPhrase(texts, ph) {
				return true
			}
		}
		return false
	})
}

// removeNotPhrases clears from dense the documents holding one of the negated phrases.
func (e *engine) removeNotPhrases(p *textPlan, dense []uint64) error {
	for _, ph := range p.notPhrases {
		ws := make([]wordSpec, len(ph))
		for i, t := range ph {
			ws[i] = wordSpec{clauses: []clause{{field: fName, term: t, boost: 1}, {field: fText, term: t, boost: 1}}}
		}
		for seg := range e.ss {
			var loc *roaring.Bitmap
			for i := range ws {
				b := e.wordBitmap(seg, &ws[i])
				if loc == nil {
					loc = b
				} else {
					loc.And(b)
				}
			}
			e.eachLive(seg, loc, func(l, n uint32) {
				if dense[n>>6]&(1<<(n&63)) != 0 && hasPhrase(e.x.docTexts(e.snap, seg, uint64(l)), ph) {
					dense[n>>6] &^= 1 << (n & 63)
				}
			})
		}
	}
	return nil
}

var scorePool = stdsync.Pool{New: func() any { return new([]float32) }}

// rank scores the matched documents and adds them to top.
//
// Clauses are scored from the one that can add the most down (a clause adds at most
// boost·idf·(k1+1) to a document). After each clause, the k-th best score so far is a
// lower bound of the k-th best final score, and a document whose score so far plus
// everything the remaining clauses could add stays below it cannot reach the page: it is
// dropped (MaxScore pruning). The page is the one full scoring would give; what shrinks is
// the postings read for the lighter clauses (with few candidates left they are jumped to)
// and the documents put through the top-k. Typically the name clause of a word decides,
// and the long text postings of common words are hardly read.
func (e *engine) rank(p *textPlan, mt *match, top *topK) {
	m := e.x.m
	sp := scorePool.Get().(*[]float32)
	defer scorePool.Put(sp)
	if cap(*sp) < len(m.docs) {
		*sp = make([]float32, len(m.docs))
	}
	scores := (*sp)[:len(m.docs)]
	clear(scores)

	live := float64(m.live.GetCardinality())
	type wc struct {
		clause
		word   int
		pls    []segment.PostingsList
		any    []*roaring.Bitmap // flat clauses: per segment, the documents having any of them
		w, avg float64
		ub     float64 // the most this clause adds to a score
	}
	idfOf := func(df uint64) float64 {
		return max(0.01, math.Log(1+(live-float64(df)+0.5)/(float64(df)+0.5)))
	}
	var cs []wc
	for i, wd := range p.words {
		// The word's flat clauses (a prefix's expansions) score as one: a document
		// having any of the words adds the weight once.
		var flat *wc
		var flatDF uint64
		for _, c := range wd.clauses {
			if c.flat {
				if flat == nil {
					flat = &wc{clause: c, word: i, any: make([]*roaring.Bitmap, len(e.ss))}
				}
				for seg := range e.ss {
					if len(mt.local[seg]) == 0 {
						continue
					}
					if pl := e.postings(seg, c); pl != nil {
						if flat.any[seg] == nil {
							flat.any[seg] = roaring.New()
						}
						orPostings(flat.any[seg], pl)
					}
				}
				continue
			}
			pls := make([]segment.PostingsList, len(e.ss))
			var df uint64
			for seg := range e.ss {
				if len(mt.local[seg]) == 0 {
					continue
				}
				if pl := e.postings(seg, c); pl != nil {
					pls[seg] = pl
					df += pl.Count()
				}
			}
			if df == 0 {
				continue
			}
			idf := idfOf(df)
			avg := 1.0
			if fc, err := e.snap.FieldCardinality(c.field); err == nil && live > 0 && fc > 0 {
				avg = float64(fc) / live
			}
			w := c.boost * idf
			// the most one posting adds: with dl ≥ tf (clamped in bm), tf/(tf + k1(1-b) +
			// k1·b·dl/avg) < 1/(1 + k1·b/avg)
			ub := w * (search.BM25_k1 + 1) / (1 + search.BM25_k1*search.BM25_b/avg) * (1 + 1e-6)
			cs = append(cs, wc{clause: c, word: i, pls: pls, w: w, avg: avg, ub: ub})
		}
		if flat != nil {
			for _, b := range flat.any {
				if b != nil {
					flatDF += b.GetCardinality()
				}
			}
			if flatDF > 0 {
				flat.w = flat.boost * idfOf(flatDF)
				flat.ub = flat.w * (1 + 1e-6)
				cs = append(cs, *flat)
			}
		}
	}
	slices.SortStableFunc(cs, func(a, b wc) int {
		if a.boost != b.boost { // heaviest boost first, as the budget below expects
			if a.boost > b.boost {
				return -1
			}
			return 1
		}
		if a.ub != b.ub {
			if a.ub > b.ub {
				return -1
			}
			return 1
		}
		return 0
	})
	rest := 0.0
	for _, c := range cs {
		rest += c.ub
	}
	cands := make([][]uint32, len(mt.local))
	copy(cands, mt.local)
	nCand := mt.n
	var best float32 // the highest score so far
	work := 0
	scored := make([]bool, len(p.words))
	var heap []float32
	for _, c := range cs {
		rest -= c.ub
		if work > scoreBudget && scored[c.word] {
			continue
		}
		scored[c.word] = true
		w, avg := c.w, c.avg
		for seg, b := range c.any {
			cand := cands[seg]
			if b == nil || len(cand) == 0 {
				continue
			}
			nums := e.segs.nums[seg]
			add := func(l uint32) {
				n := nums[l]
				scores[n] += float32(w)
				best = max(best, scores[n])
			}
			work += len(cand)
			if uint64(len(cand))*8 < b.GetCardinality() { // few candidates: look each up
				for _, l := range cand {
					if b.Contains(l) {
						add(l)
					}
				}
				continue
			}
			walkBoth(b, cand, add) // many: walk both in order
		}
		// BM25: w·tf·(k1+1) / (tf + k1·(1-b) + k1·b·dl/avg), constants taken out.
		wk, k1b, k1bAvg := w*(search.BM25_k1+1), search.BM25_k1*(1-search.BM25_b), search.BM25_k1*search.BM25_b/avg
		bm := func(post segment.Posting) float32 {
			tf, norm := float64(post.Frequency()), post.Norm()
			dl := 1.0
			if norm > 0 {
				dl = 1 / (norm * norm)
			}
			dl = max(dl, tf) // a field holds at least tf words (norms are rounded)
			return float32(wk * tf / (tf + k1b + k1bAvg*dl))
		}
		for seg, pl := range c.pls {
			cand := cands[seg]
			if pl == nil || len(cand) == 0 {
				continue
			}
			nums := e.segs.nums[seg]
			it := pl.Iterator(true, true, false, nil)
			if uint64(len(cand))*8 < pl.Count() { // few candidates: jump to each
				work += len(cand) * 4
				cur := int64(-1)
				var post segment.Posting
				for _, l := range cand {
					if cur < int64(l) {
						var err error
						post, err = it.Advance(uint64(l))
						if err != nil || post == nil {
							break
						}
						cur = int64(post.Number())
					}
					if cur == int64(l) {
						n := nums[l]
						scores[n] += bm(post)
						best = max(best, scores[n])
					}
				}
				continue
			}
			work += int(pl.Count())
			ci := 0
			for post, err := it.Next(); err == nil && post != nil; post, err = it.Next() {
				l := uint32(post.Number())
				for ci < len(cand) && cand[ci] < l {
					ci++
				}
				if ci == len(cand) {
					break
				}
				if cand[ci] == l {
					n := nums[l]
					scores[n] += bm(post)
					best = max(best, scores[n])
				}
			}
		}
		// prune: with rest ≥ best no document can fall below the k-th best
		if !pruneRank || nCand <= top.k || float64(best) <= rest {
			continue
		}
		heap = kthLargest(heap[:0], cands, e.segs.nums, scores, top.k)
		theta := float64(heap[0])
		limit := float32((theta - rest) * (1 - 1e-6))
		if theta <= rest || limit <= 0 {
			continue
		}
		nCand = 0
		for seg, cand := range cands {
			nums := e.segs.nums[seg]
			keep := cand[:0] // in place: the candidates are this function's to narrow
			for _, l := range cand {
				if scores[nums[l]] >= limit {
					keep = append(keep, l)
				}
			}
			cands[seg] = keep
			nCand += len(keep)
		}
	}
	for seg, cand := range cands {
		nums := e.segs.nums[seg]
		for _, l := range cand {
			n := nums[l]
			if top.loses(n, float64(scores[n])) {
				continue
			}
			top.add(ranked{num: n, score: float64(scores[n]), global: e.segs.offsets[seg] + uint64(l), seg: seg, scanned: true})
		}
	}
}

// pruneRank turns the pruning of rank on; tests compare with it off.
var pruneRank = true

// kthLargest returns a min-heap of the k largest scores of the candidates: h[0] is the
// k-th largest.
func kthLargest(h []float32, cands [][]uint32, nums [][]uint32, scores []float32, k int) []float32 {
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && h[r] < h[l] {
				l = r
			}
			if h[i] <= h[l] {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for seg, cand := range cands {
		ns := nums[seg]
		for _, l := range cand {
			s := scores[ns[l]]
			if len(h) < k {
				h = append(h, s)
				if len(h) == k {
					for i := k/2 - 1; i >= 0; i-- {
						down(i)
					}
				}
				continue
			}
			if s > h[0] {
				h[0] = s
				down(0)
			}
		}
	}
	return h
}

// onlyNames reports whether every word of p matches names by prefix only (one or two
// letters typed), where ranking by score says nothing and the name order is used.
func (p *textPlan) onlyNames() bool {
	if len(p.words) == 0 || len(p.phrases) > 0 {
		return false
	}
	for _, w := range p.words {
		if len(w.clauses) != 1 || w.clauses[0].field != fNameNG || w.fuzzy != "" {
			return false
		}
	}
	return true
}
