package app

import (
	"context"

	"sbcc/app/bus"
	"sbcc/index"
)

// Search is the directory's search index (see [Directory.Search]): opened
// on first use, rebuilt when missing or damaged, and caught up with the
// store before every search.
type Search struct{ d *Directory }

// Search returns the directory's search index.
func (d *Directory) Search() Search { return Search{d} }

// Indexing returns the progress of a long indexing under way in the
// background (see FollowIndex), and false when there is none: a window
// opened in the middle of it shows it at once.
func (s Search) Indexing() (bus.TaskProgress, bool) { return s.d.indexing() }

// Index returns the search index, opening (or rebuilding) it on first use
// and bringing it up to date with the store. progress, when not nil, sees a
// rebuild or a long catch-up.
func (s Search) Index(ctx context.Context, progress ProgressFunc) (*index.Index, error) {
	return s.d.index(ctx, progress)
}

// Reindex rebuilds the search index from the store.
func (s Search) Reindex(ctx context.Context, progress ProgressFunc) error {
	return s.d.reindex(ctx, progress)
}

// Find searches the index after bringing it up to date. The query language
// is index.ParseQuery's: words, "phrases", prefixes while typing, typos,
// filters such as sector:design or country:LT, -negation, near:Rietavas:30km.
// A query the engine cannot read is ErrInvalid.
func (s Search) Find(ctx context.Context, req index.Request) (index.Result, error) {
	return s.d.find(ctx, req)
}

// FindKind runs a person's query over the records of one kind (as
// "kind:KIND query"), checking the query's length as every search of the
// UI does.
func (s Search) FindKind(ctx context.Context, kind, query string, offset, limit int) (index.Result, error) {
	return s.d.findKind(ctx, kind, query, offset, limit)
}

// FindIDs returns the ids of every record the query finds, best first.
func (s Search) FindIDs(ctx context.Context, query string) ([]string, error) {
	return s.d.findIDs(ctx, query)
}
