package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestRankPruningExact checks that pruning in rank changes nothing on the page: the same
// hits in the same order with the same scores as scoring every candidate fully.
func TestRankPruningExact(t *testing.T) {
	x, err := Open(filepath.Join(t.TempDir(), "idx"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	r := rand.New(rand.NewPCG(3, 4))
	vocab := strings.Fields("film festival music dance theatre gallery studio archive library museum design games press wood ceramics textile photography heritage craft sound")
	names := strings.Fields("Baltic Amber Film Studio Dance Forum Wind Garden Press Music Hub Theatre")
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	var docs []Doc
	for i := range 3000 {
		var text []string
		for range 3 + r.IntN(25) {
			text = append(text, pick(vocab))
		}
		docs = append(docs, Doc{ID: fmt.Sprint("d", i), Kind: "actor", Name: pick(names) + " " + pick(names),
			Text: map[string]string{"en": strings.Join(text, " ")}, Country: "LT"})
	}
	if err := x.Apply(docs, nil, 1); err != nil {
		t.Fatal(err)
	}
	queries := []string{"film", "film danc", "music -film", "festivl", "studio gal", "wood", "theatre music", "press", "filmm", "archive libr"}
	defer func() { pruneRank = true }()
	for _, q := range queries {
		for _, limit := range []int{1, 20, 200} {
			req := Request{Query: q, Limit: limit}
			pruneRank = false
			want, err := x.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			pruneRank = true
			got, err := x.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
				t.Fatalf("%q: %d/%d hits, want %d/%d", q, len(got.Hits), got.Total, len(want.Hits), want.Total)
			}
			for i := range got.Hits {
				g, w := got.Hits[i], want.Hits[i]
				if g.ID != w.ID || g.Score != w.Score || !reflect.DeepEqual(g.Highlights, w.Highlights) {
					t.Fatalf("%q limit %d hit %d: %s %v, want %s %v", q, limit, i, g.ID, g.Score, w.ID, w.Score)
				}
			}
		}
	}
}
