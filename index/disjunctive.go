package index

import (
	"context"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// disjunctiveCounts replaces, in counts, the counts of each facet that q filters on (not
// negated) by its counts over the documents q finds without those filters: a facet's own
// choice does not narrow its counts, every other filter does. One more text match per such
// facet.
func (x *Index) disjunctiveCounts(ctx context.Context, q *Query, counts map[string][]FacetCount, snap func() (*scorch.IndexSnapshot, error)) error {
	for _, name := range FacetNames {
		if !slices.ContainsFunc(q.Filters, func(f Filter) bool { return f.Field == name && !f.Not }) {
			continue
		}
		loose := *q
		loose.Filters = slices.DeleteFunc(slices.Clone(q.Filters), func(f Filter) bool { return f.Field == name && !f.Not })
		hits, err := x.matchSet(ctx, &loose, snap)
		if err != nil {
			return err
		}
		counts[name] = x.facetCounts(hits, hits == x.m.live)[name]
	}
	return nil
}

// matchSet returns the documents q finds, unranked. It may return the live set itself:
// callers must not modify it.
func (x *Index) matchSet(ctx context.Context, q *Query, snap func() (*scorch.IndexSnapshot, error)) (*roaring.Bitmap, error) {
	allowed, err := x.filterSet(q)
	if err != nil {
		return nil, err
	}
	plan := x.plan(q)
	text := !q.IsEmpty()
	switch {
	case text && plan.none:
		return roaring.New(), nil
	case !text && len(plan.not) == 0 && len(plan.notPhrases) == 0:
		return allowed, nil
	}
	s, err := snap()
	if err != nil {
		return nil, err
	}
	mt, err := x.newEngine(s).run(ctx, plan, allowed)
	if err != nil {
		return nil, err
	}
	return mt.hits, nil
}
