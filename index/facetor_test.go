package index

import (
	"context"
	"slices"
	"testing"
)

// TestParseFilterAlternatives: a comma separates values any of which may hold;
// a quoted value keeps its comma.
func TestParseFilterAlternatives(t *testing.T) {
	q, err := ParseQuery(`country:PL,LT sector:"art crafts",design -country:DE,SE tag:"a,b" x`)
	if err != nil {
		t.Fatal(err)
	}
	want := []Filter{
		{Field: "country", Values: []string{"PL", "LT"}},
		{Field: "sector", Values: []string{"art crafts", "design"}},
		{Field: "country", Values: []string{"DE", "SE"}, Not: true},
		{Field: "tag", Values: []string{"a,b"}},
	}
	if len(q.Filters) != len(want) {
		t.Fatalf("filters = %+v", q.Filters)
	}
	for i, f := range q.Filters {
		if f.Field != want[i].Field || f.Not != want[i].Not || !slices.Equal(f.Values, want[i].Values) {
			t.Errorf("filter %d = %+v, want %+v", i, f, want[i])
		}
	}
	for _, bad := range []string{"country:PL,", "country:,LT", "country:PL,,LT"} {
		if _, err := ParseQuery(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestFilterOrWithinFacet: values of one filter are alternatives (OR), filters
// are all required (AND), across facets and within one.
func TestFilterOrWithinFacet(t *testing.T) {
	x, _ := openFixture(t)
	byID := map[string]Doc{}
	for _, d := range fixture() {
		byID[d.ID] = d
	}
	cases := []struct {
		q    string
		keep func(d Doc) bool
	}{
		{"kind:actor country:PL,LT", func(d Doc) bool { return d.Country == "PL" || d.Country == "LT" }},
		{"kind:actor country:PL country:LT", func(d Doc) bool { return false }},
		{"kind:actor country:PL,LT sector:heritage,design", func(d Doc) bool {
			return (d.Country == "PL" || d.Country == "LT") && (slices.Contains(d.Sectors, "heritage") || slices.Contains(d.Sectors, "design"))
		}},
		{"kind:actor -country:PL,LT", func(d Doc) bool { return d.Country != "PL" && d.Country != "LT" }},
	}
	words, err := x.Search(context.Background(), Request{Query: "kind:actor workshops", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	matched := ids(words)
	if len(matched) < 3 {
		t.Fatalf("workshops finds %v: too few to test with", matched)
	}
	cases = append(cases, struct {
		q    string
		keep func(d Doc) bool
	}{"kind:actor country:PL,LT workshops", func(d Doc) bool {
		return slices.Contains(matched, d.ID) && (d.Country == "PL" || d.Country == "LT")
	}})
	for _, c := range cases {
		r, err := x.Search(context.Background(), Request{Query: c.q, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, d := range fixture() {
			if d.Kind == "actor" && c.keep(d) {
				want = append(want, d.ID)
			}
		}
		got := ids(r)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q = %v, want %v", c.q, got, want)
		}
	}
}

// TestDisjunctiveFacetCounts: with Disjunctive, a facet with chosen values is
// counted as if its own filters were absent (so that another value of it can
// be added), every other facet over the hits.
func TestDisjunctiveFacetCounts(t *testing.T) {
	x, _ := openFixture(t)
	count := func(r Result, facet, v string) int {
		for _, fc := range r.Facets[facet] {
			if fc.Value == v {
				return fc.Count
			}
		}
		return 0
	}
	r, err := x.Search(context.Background(), Request{Query: "type:actor country:PL sector:design,heritage", Limit: 100, Facets: true, Disjunctive: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); len(got) != 1 || got[0] != "a5" {
		t.Fatalf("hits = %v, want [a5]", got)
	}
	// Country counted over design or heritage actors of any country.
	for c, n := range map[string]int{"PL": 1, "LT": 2, "DE": 1, "SE": 1} {
		if got := count(r, "country", c); got != n {
			t.Errorf("country %s = %d, want %d", c, got, n)
		}
	}
	// Sector counted over Polish actors, whatever their sector.
	for s, n := range map[string]int{"design": 1, "performing arts": 1, "heritage": 0} {
		if got := count(r, "sector", s); got != n {
			t.Errorf("sector %s = %d, want %d", s, got, n)
		}
	}
	// Other facets over the hits.
	if got := count(r, "language", "de"); got != 1 {
		t.Errorf("language de = %d, want 1", got)
	}
	if got := count(r, "language", "lt"); got != 0 {
		t.Errorf("language lt = %d, want 0", got)
	}
	// Without Disjunctive every facet is counted over the hits.
	r, _ = x.Search(context.Background(), Request{Query: "type:actor country:PL sector:design,heritage", Limit: 100, Facets: true})
	if got := count(r, "country", "LT"); got != 0 {
		t.Errorf("conjunctive country LT = %d, want 0", got)
	}
	// With words: the facets' own counts keep to the words.
	r, _ = x.Search(context.Background(), Request{Query: "type:actor country:SE workshops", Limit: 100, Facets: true, Disjunctive: true})
	for c, n := range map[string]int{"SE": 1, "LT": 1, "PL": 1, "DE": 0} {
		if got := count(r, "country", c); got != n {
			t.Errorf("workshops: country %s = %d, want %d", c, got, n)
		}
	}
}
