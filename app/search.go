package app

import "context"

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
	// Engine names what answered ("index").
	Engine string `json:"engine"`
}

// Searcher answers searches; [IndexSearcher] answers them from the Bleve
// index (sbcc/index).
type Searcher interface {
	Search(ctx context.Context, req SearchRequest) (SearchResult, error)
}
