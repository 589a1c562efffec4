package app

import (
	"context"
	"testing"
)

// BenchmarkFallbackSearch measures the stand-in search (the index replaces
// it) on 5,000 demo actors: one 4-letter query with all facets.
func BenchmarkFallbackSearch(b *testing.B) {
	d, err := Open(b.TempDir(), Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Demo(context.Background(), DemoOptions{Actors: 5000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s := NewFallbackSearcher(d)
	defer s.Close()
	if _, err := s.Search(SearchRequest{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Search(SearchRequest{Query: "lodz"}); err != nil {
			b.Fatal(err)
		}
	}
}
