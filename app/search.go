package app

import (
	"cmp"
	"slices"
	"strings"
	stdsync "sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"sbcc/app/model"
	"sbcc/app/store"
)

// Highlight markers: a snippet in [Hit.Highlights] is plain text in which
// each matched part is wrapped in MarkStart … MarkEnd (two Unicode
// private-use characters, removed from record text before marking). The UI
// turns them into <mark> elements around text nodes; snippets are never
// HTML.
const (
	MarkStart = "\uE000"
	MarkEnd   = "\uE001"
)

// FacetNames are the facets every search result counts, in display order.
var FacetNames = []string{"sector", "country", "locality", "kind", "language", "offers", "needs"}

// SearchRequest is a query from the search screen.
type SearchRequest struct {
	// Query is what was typed; empty matches every actor.
	Query string `json:"query"`
	// Filters narrow the result: facet name → values; an actor must match
	// one of the values of every facet given.
	Filters map[string][]string `json:"filters,omitempty"`
	// Limit is the number of hits wanted (default 50, at most 500);
	// Offset skips that many.
	Limit  int `json:"limit,omitempty"`
	Offset int `json:"offset,omitempty"`
	// Deleted includes deleted actors.
	Deleted bool `json:"deleted,omitempty"`
}

// Hit is one actor found.
type Hit struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Name     string   `json:"name"`
	Score    float64  `json:"score"`
	Locality string   `json:"locality,omitempty"`
	Country  string   `json:"country,omitempty"`
	Sectors  []string `json:"sectors,omitempty"`
	Deleted  bool     `json:"deleted,omitempty"`
	// Highlights are snippets per field, marked with MarkStart/MarkEnd.
	Highlights map[string][]string `json:"highlights,omitempty"`
}

// FacetValue is one value of a facet with the number of hits that have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchResult is one page of hits, the total, and facet counts over all
// hits (filters applied).
type SearchResult struct {
	Hits   []Hit                   `json:"hits"`
	Total  int                     `json:"total"`
	Facets map[string][]FacetValue `json:"facets"`
	TookMs float64                 `json:"tookMs"`
	// Engine names what answered: "fallback" until the index is wired.
	Engine string `json:"engine"`
}

// Searcher answers searches. The Bleve index (sbcc/index) implements it;
// until it is wired, the API uses [FallbackSearcher].
type Searcher interface {
	Search(req SearchRequest) (SearchResult, error)
}

// FallbackSearcher is the stand-in the search index replaces: a case- and
// diacritic-insensitive substring match in memory over every actor's name,
// locality, tags, offers, needs and descriptions. It keeps the actors in
// memory and follows the store's commits. It is fine for a few thousand
// actors; it has no typo tolerance, stemming or ranking worth the name.
type FallbackSearcher struct {
	dir *Directory

	mu     stdsync.Mutex
	loaded bool
	docs   map[string]*fallbackDoc
	cancel func()
}

type fallbackDoc struct {
	actor *model.Actor
	name  string // folded
	rest  []foldedField
}

type foldedField struct {
	field, text, folded string
}

// NewFallbackSearcher returns a searcher over d's actors.
func NewFallbackSearcher(d *Directory) *FallbackSearcher {
	s := &FallbackSearcher{dir: d}
	s.cancel = d.Store().Subscribe(func(c store.Commit) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.loaded {
			return
		}
		for _, ch := range c.Changes {
			if ch.Kind == "actor" {
				s.refresh(ch.ID)
			}
		}
	})
	return s
}

// Close stops following the store.
func (s *FallbackSearcher) Close() { s.cancel() }

func (s *FallbackSearcher) load() error {
	if s.loaded {
		return nil
	}
	rs, err := s.dir.List("actor", ListOptions{Deleted: true})
	if err != nil {
		return err
	}
	s.docs = make(map[string]*fallbackDoc, len(rs))
	for _, r := range rs {
		a := r.(*model.Actor)
		s.docs[a.ID] = newFallbackDoc(a)
	}
	s.loaded = true
	return nil
}

func (s *FallbackSearcher) refresh(id string) {
	a, err := s.dir.Actor(id)
	if err != nil {
		delete(s.docs, id)
		return
	}
	s.docs[id] = newFallbackDoc(a)
}

func newFallbackDoc(a *model.Actor) *fallbackDoc {
	d := &fallbackDoc{actor: a, name: Fold(a.Name)}
	add := func(field, text string) {
		if text != "" {
			d.rest = append(d.rest, foldedField{field, text, Fold(text)})
		}
	}
	if l, ok := model.LocalityByID(a.Locality); ok {
		for _, lang := range model.Languages {
			add("locality", l.Name[lang])
		}
	}
	for _, t := range a.Tags {
		add("tags", t)
	}
	for _, t := range a.Offers {
		add("offers", t)
	}
	for _, t := range a.Needs {
		add("needs", t)
	}
	for _, lang := range model.Languages {
		add("description", a.Description[lang])
	}
	return d
}

// Search implements Searcher.
func (s *FallbackSearcher) Search(req SearchRequest) (SearchResult, error) {
	start := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return SearchResult{}, err
	}
	words := strings.Fields(Fold(req.Query))
	type scored struct {
		hit  Hit
		name string
	}
	var hits []scored
	facets := map[string]map[string]int{}
	for _, f := range FacetNames {
		facets[f] = map[string]int{}
	}
	for _, d := range s.docs {
		a := d.actor
		if a.Meta.Deleted && !req.Deleted || a.Meta.Erased {
			continue
		}
		if !matchFilters(a, req.Filters) {
			continue
		}
		score, _, ok := d.match(words, false)
		if !ok {
			continue
		}
		countFacets(a, facets)
		hits = append(hits, scored{Hit{ID: a.ID, Kind: a.Kind, Name: a.Name, Score: score, Locality: a.Locality,
			Country: a.Country, Sectors: a.Sectors, Deleted: a.Meta.Deleted}, d.name})
	}
	slices.SortFunc(hits, func(x, y scored) int {
		if c := cmp.Compare(y.hit.Score, x.hit.Score); c != 0 {
			return c
		}
		if c := strings.Compare(x.name, y.name); c != 0 {
			return c
		}
		return strings.Compare(x.hit.ID, y.hit.ID)
	})
	res := SearchResult{Total: len(hits), Facets: map[string][]FacetValue{}, Engine: "fallback"}
	limit := req.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	off := min(max(req.Offset, 0), len(hits))
	res.Hits = make([]Hit, 0, min(off+limit, len(hits))-off)
	for _, h := range hits[off:min(off+limit, len(hits))] {
		// Highlights only for the page shown: marking is the costly part.
		_, h.hit.Highlights, _ = s.docs[h.hit.ID].match(words, true)
		res.Hits = append(res.Hits, h.hit)
	}
	for f, counts := range facets {
		vals := make([]FacetValue, 0, len(counts))
		for v, n := range counts {
			vals = append(vals, FacetValue{v, n})
		}
		slices.SortFunc(vals, func(x, y FacetValue) int {
			if c := cmp.Compare(y.Count, x.Count); c != 0 {
				return c
			}
			return strings.Compare(x.Value, y.Value)
		})
		res.Facets[f] = vals
	}
	res.TookMs = float64(time.Since(start).Microseconds()) / 1000
	return res, nil
}

// match reports whether every word occurs in the document, with a score
// (name matches count most, a name that starts with the word more) and
// highlighted snippets.
func (d *fallbackDoc) match(words []string, highlight bool) (float64, map[string][]string, bool) {
	if len(words) == 0 {
		return 1, nil, true
	}
	score := 0.0
	var nameWords []string
	var restHits map[int][]string
	if highlight {
		restHits = map[int][]string{}
	}
	for _, w := range words {
		found := false
		if i := strings.Index(d.name, w); i >= 0 {
			found = true
			score += 10
			if i == 0 {
				score += 5
			}
			nameWords = append(nameWords, w)
		}
		for j, f := range d.rest {
			if strings.Contains(f.folded, w) {
				if !found {
					score += 1
				}
				found = true
				if !highlight {
					break
				}
				restHits[j] = append(restHits[j], w)
			}
		}
		if !found {
			return 0, nil, false
		}
	}
	if !highlight {
		return score, nil, true
	}
	hl := map[string][]string{}
	if len(nameWords) > 0 {
		hl["name"] = []string{markFolded(d.actor.Name, nameWords)}
	}
	for j, ws := range restHits {
		f := d.rest[j]
		if len(hl[f.field]) < 3 {
			hl[f.field] = append(hl[f.field], markFolded(f.text, ws))
		}
	}
	return score, hl, true
}

func matchFilters(a *model.Actor, filters map[string][]string) bool {
	if len(filters) == 0 {
		return true
	}
	vals := facetValues(a)
	for f, want := range filters {
		if len(want) == 0 {
			continue
		}
		if !slices.ContainsFunc(vals[f], func(v string) bool { return slices.Contains(want, v) }) {
			return false
		}
	}
	return true
}

func countFacets(a *model.Actor, facets map[string]map[string]int) {
	one := func(f, v string) {
		if v != "" {
			facets[f][v]++
		}
	}
	many := func(f string, vs []string) {
		for _, v := range vs {
			facets[f][v]++
		}
	}
	many("sector", a.Sectors)
	one("country", a.Country)
	one("locality", a.Locality)
	one("kind", a.Kind)
	many("language", a.Languages)
	many("offers", a.Offers)
	many("needs", a.Needs)
}

func facetValues(a *model.Actor) map[string][]string {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	return map[string][]string{
		"sector": a.Sectors, "country": one(a.Country), "locality": one(a.Locality), "kind": one(a.Kind),
		"language": a.Languages, "offers": a.Offers, "needs": a.Needs,
	}
}

// foldMap spells letters that do not decompose into a base letter and a mark.
var foldMap = map[rune]string{
	'ł': "l", 'Ł': "l", 'ß': "ss", 'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae", 'đ': "d", 'Đ': "d",
	'œ': "oe", 'Œ': "oe", 'ı': "i",
}

// Fold lowercases s and removes diacritics (Łódź → lodz, Straße → strasse).
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if x, ok := foldMap[r]; ok {
			b.WriteString(x)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// markFolded wraps the parts of text whose folded form matches one of the
// folded words in MarkStart/MarkEnd. Text longer than a snippet is cut
// around the first match.
func markFolded(text string, words []string) string {
	text = strings.NewReplacer(MarkStart, "", MarkEnd, "").Replace(text)
	runes := []rune(text)
	// folded[i] is the fold of runes[i]; offsets map folded bytes back to runes.
	var folded strings.Builder
	var owner []int
	for i, r := range runes {
		f := Fold(string(r))
		folded.WriteString(f)
		for range len(f) {
			owner = append(owner, i)
		}
	}
	fs := folded.String()
	marked := make([]bool, len(runes))
	first := -1
	for _, w := range words {
		for from := 0; from < len(fs); {
			i := strings.Index(fs[from:], w)
			if i < 0 || w == "" {
				break
			}
			i += from
			for k := i; k < i+len(w); k++ {
				marked[owner[k]] = true
			}
			if first < 0 || owner[i] < first {
				first = owner[i]
			}
			from = i + len(w)
		}
	}
	lo, hi := 0, len(runes)
	const span = 60
	if len(runes) > 2*span && first >= 0 {
		lo = max(0, first-span/2)
		hi = min(len(runes), lo+2*span)
	}
	var b strings.Builder
	if lo > 0 {
		b.WriteString("…")
	}
	in := false
	for i := lo; i < hi; i++ {
		if marked[i] != in {
			if marked[i] {
				b.WriteString(MarkStart)
			} else {
				b.WriteString(MarkEnd)
			}
			in = marked[i]
		}
		b.WriteRune(runes[i])
	}
	if in {
		b.WriteString(MarkEnd)
	}
	if hi < len(runes) {
		b.WriteString("…")
	}
	return b.String()
}
