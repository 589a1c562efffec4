package app

import (
	"context"
	"sbcc/app/demo"
	"testing"
)

// BenchmarkUISearch measures the UI's search (index plus completing the
// page from the store) on 5,000 demo actors: one 4-letter query with all
// facets.
func BenchmarkUISearch(b *testing.B) {
	d, err := Open(b.TempDir(), Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if _, err := demo.Fill(context.Background(), d, demo.Options{Actors: 5000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s := NewIndexSearcher(d)
	if _, err := s.Search(b.Context(), SearchRequest{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Search(b.Context(), SearchRequest{Query: "lodz"}); err != nil {
			b.Fatal(err)
		}
	}
}
