package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func ptr(f float64) *float64 { return &f }

// fixture is a small multilingual directory.
func fixture() []Doc {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	return []Doc{
		{ID: "a1", Kind: "actor", ActorKind: "organisation", Name: "Žemaitija Crafts Guild",
			Text:    map[string]string{"en": "Traditional wood carving and weaving workshops.", "lt": "Tradiciniai medžio drožybos ir audimo užsiėmimai."},
			Sectors: []string{"art crafts", "heritage"}, Languages: []string{"lt", "en"}, Country: "LT",
			Locality: "l-riet", LocalityName: "Rietavas", Lat: ptr(55.7236), Lon: ptr(21.9306),
			Offers: []string{"workshops"}, Needs: []string{"funding"}, Updated: t0},
		{ID: "a2", Kind: "actor", ActorKind: "organisation", Name: "Teatr Łódź Północ",
			Text:    map[string]string{"pl": "Teatr offowy i warsztaty aktorskie dla młodzieży.", "en": "Independent theatre with acting workshops for young people."},
			Sectors: []string{"performing arts"}, Languages: []string{"pl", "en"}, Country: "PL",
			Locality: "l-lodz", LocalityName: "Łódź", Lat: ptr(51.7592), Lon: ptr(19.4560),
			Offers: []string{"venue"}, Updated: t0.Add(time.Hour)},
		{ID: "a3", Kind: "actor", ActorKind: "hub", Name: "Kreativhaus Straße der Künste",
			Text:    map[string]string{"de": "Ein Zentrum für Designer und Künstler in Rostock.", "en": "A hub for designers and artists in Rostock."},
			Sectors: []string{"design", "visual arts"}, Languages: []string{"de", "en"}, Country: "DE",
			Locality: "l-rost", LocalityName: "Rostock", Lat: ptr(54.0924), Lon: ptr(12.0991),
			Needs: []string{"partners"}, Updated: t0.Add(2 * time.Hour)},
		{ID: "a4", Kind: "actor", ActorKind: "collective", Name: "Malmö Spelstudio",
			Text:    map[string]string{"sv": "Vi utvecklar spel och interaktiva berättelser.", "en": "We develop games and interactive stories."},
			Sectors: []string{"games/software"}, Languages: []string{"sv", "en"}, Country: "SE",
			Locality: "l-malm", LocalityName: "Malmö", Lat: ptr(55.6050), Lon: ptr(13.0038),
			Offers: []string{"mentoring"}, Updated: t0.Add(3 * time.Hour)},
		{ID: "a5", Kind: "actor", ActorKind: "organisation", Name: "Szczecin Design Week",
			Text:    map[string]string{"pl": "Festiwal projektowania w Szczecinie.", "en": "A design festival in Szczecin with visual arts exhibitions."},
			Sectors: []string{"design"}, Languages: []string{"pl", "en", "de"}, Country: "PL",
			Locality: "l-szcz", LocalityName: "Szczecin", Lat: ptr(53.4285), Lon: ptr(14.5528),
			Needs: []string{"funding", "volunteers"}, Updated: t0.Add(4 * time.Hour)},
		{ID: "a6", Kind: "actor", ActorKind: "individual", Name: "Karlshamn Keramik",
			Text:    map[string]string{"sv": "Keramikverkstad vid havet.", "en": "Ceramics studio by the sea."},
			Sectors: []string{"art crafts"}, Languages: []string{"sv"}, Country: "SE",
			Locality: "l-karl", LocalityName: "Karlshamn", Lat: ptr(56.1703), Lon: ptr(14.8619),
			Offers: []string{"workshops"}, Updated: t0.Add(5 * time.Hour)},
		{ID: "a7", Kind: "actor", ActorKind: "organisation", Name: "Rietavo kultūros centras",
			Text:    map[string]string{"lt": "Kultūros centras Rietave: koncertai ir parodos.", "en": "Culture centre in Rietavas: concerts and exhibitions."},
			Sectors: []string{"performing arts", "heritage"}, Languages: []string{"lt"}, Country: "LT",
			Locality: "l-riet", LocalityName: "Rietavas", Lat: ptr(55.7300), Lon: ptr(21.9200),
			Offers: []string{"venue"}, Updated: t0.Add(6 * time.Hour)},
		{ID: "e1", Kind: "event", Name: "South Baltic Creative Forum 2025",
			Text:    map[string]string{"en": "Annual forum of the creative clusters, with matchmaking."},
			Country: "DE", Locality: "l-rost", LocalityName: "Rostock", Lat: ptr(54.09), Lon: ptr(12.10),
			Updated: t0.Add(7 * time.Hour)},
		{ID: "a8", Kind: "actor", ActorKind: "organisation", Name: "Ærø Øresund Æsthetics",
			Text:    map[string]string{"en": "Design studio on the island."},
			Sectors: []string{"design"}, Languages: []string{"en"}, Country: "SE",
			Updated: t0.Add(8 * time.Hour)},
	}
}

func openFixture(t testing.TB) (*Index, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(dir, Options{Locate: func(p string) (float64, float64, bool) {
		switch Fold(p) {
		case "rietavas":
			return 55.7236, 21.9306, true
		case "rostock":
			return 54.0924, 12.0991, true
		}
		return 0, 0, false
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	if err := x.Apply(fixture(), nil, 9); err != nil {
		t.Fatal(err)
	}
	return x, dir
}

func ids(r Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestRelevance(t *testing.T) {
	x, _ := openFixture(t)
	tests := []struct {
		q     string
		first string   // expected first hit ("" = no check)
		has   []string // must be among hits
		not   []string // must not be among hits
		total int      // -1 = no check
	}{
		{q: "zemaitija", first: "a1", total: 1},
		{q: "Žemaitija ", first: "a1", total: 1},
		{q: "Z\u030cemaitija", first: "a1", total: 1}, // NFD input
		{q: "lodz", first: "a2", total: -1},
		{q: "ŁÓDŹ", first: "a2", total: -1},
		{q: "strasse", first: "a3", total: 1},
		{q: "malmo", first: "a4", total: -1},
		{q: "szcecin", first: "a5", total: -1},                                             // one typo
		{q: "szczecin ", first: "a5", total: -1},                                           // exact
		{q: "sz", first: "a5", total: 1},                                                   // 2-letter prefix on names
		{q: "kre", first: "a3", total: 1},                                                  // 3-letter prefix
		{q: "karl", first: "a6", total: -1},                                                // prefix
		{q: "ros", has: []string{"a3", "e1"}, total: 2},                                    // prefix of a town in the texts
		{q: "desi", first: "a5", has: []string{"a3", "a8"}, not: []string{"a1"}, total: 3}, // prefix of text words; the name match first
		{q: "aero", first: "a8", total: -1},                                                // æ → ae
		{q: "oresund", first: "a8", total: -1},                                             // ø → o
		{q: "designers", has: []string{"a3"}, total: -1},                                   // stemmed en
		{q: "workshops country:LT", has: []string{"a1"}, not: []string{"a2", "a6"}, total: 1},
		{q: "country:se", has: []string{"a4", "a6", "a8"}, total: 3},
		{q: "sector:design -country:PL", has: []string{"a3", "a8"}, not: []string{"a5"}, total: 2},
		{q: "sector:\"art crafts\"", has: []string{"a1", "a6"}, total: 2},
		{q: "kind:event", has: []string{"e1"}, total: 1},
		{q: "kind:hub", has: []string{"a3"}, total: 1},
		{q: "near:Rietavas:30km", has: []string{"a1", "a7"}, total: 2},
		{q: "near:54.09,12.10:5km", has: []string{"a3", "e1"}, total: 2},
		{q: "\"visual arts\"", has: []string{"a5", "a3"}, total: 2},
		{q: "\"arts visual\"", total: 0},
		{q: "design -festival", has: []string{"a3", "a8"}, not: []string{"a5"}, total: -1},
		{q: "-\"visual arts\" country:PL", has: []string{"a2"}, not: []string{"a5"}, total: 1},
		{q: "-design", not: []string{"a5", "a8", "a3"}, total: -1},
		{q: "offers:venue", has: []string{"a2", "a7"}, total: 2},
		{q: "needs:funding lang:lt", has: []string{"a1"}, total: 1},
		{q: "town:rostock", has: []string{"a3", "e1"}, total: 2},
		{q: "xyzzyq", total: 0},
		{q: "", total: 9},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			r, err := x.Search(context.Background(), Request{Query: tc.q, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(r)
			if tc.first != "" && (len(got) == 0 || got[0] != tc.first) {
				t.Errorf("first = %v, want %s", got, tc.first)
			}
			for _, id := range tc.has {
				if !slices.Contains(got, id) {
					t.Errorf("hits %v lack %s", got, id)
				}
			}
			for _, id := range tc.not {
				if slices.Contains(got, id) {
					t.Errorf("hits %v contain %s", got, id)
				}
			}
			if tc.total >= 0 && int(r.Total) != tc.total {
				t.Errorf("total = %d (%v), want %d", r.Total, got, tc.total)
			}
			if int(r.Total) < len(got) {
				t.Errorf("total %d < hits %d", r.Total, len(got))
			}
		})
	}
}

func TestCountryFilterOnly(t *testing.T) {
	x, _ := openFixture(t)
	byID := map[string]Doc{}
	inCountry := map[string]int{}
	for _, d := range fixture() {
		byID[d.ID] = d
		inCountry[d.Country]++
	}
	for _, c := range []string{"LT", "PL", "DE", "SE"} {
		for _, q := range []string{"country:" + c, "country:" + strings.ToLower(c) + " a", "design country:" + c} {
			r, err := x.Search(context.Background(), Request{Query: q, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			// The filter alone finds every document of the country, so the
			// loop below has hits to check.
			if q == "country:"+c && (inCountry[c] == 0 || int(r.Total) != inCountry[c] || len(r.Hits) != inCountry[c]) {
				t.Errorf("%q found %d (%d hits), the fixture has %d", q, r.Total, len(r.Hits), inCountry[c])
			}
			for _, h := range r.Hits {
				if byID[h.ID].Country != c {
					t.Errorf("%q returned %s from %s", q, h.ID, byID[h.ID].Country)
				}
			}
		}
	}
}

// TestFacetCounts checks every facet count against counts computed from the fixture.
func TestFacetCounts(t *testing.T) {
	x, _ := openFixture(t)
	docs := fixture()
	for _, q := range []string{"", "design", "country:PL", "a", "sector:design -country:PL", "workshops", "kind:actor", "-festival", "-country:PL", "-xyzzy"} {
		r, err := x.Search(context.Background(), Request{Query: q, Limit: 1000, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		hit := map[string]bool{}
		for _, h := range r.Hits {
			hit[h.ID] = true
		}
		want := map[string]map[string]int{}
		for _, name := range FacetNames {
			want[name] = map[string]int{}
		}
		for i := range docs {
			if !hit[docs[i].ID] {
				continue
			}
			raw := facetValues(&docs[i])
			for f, name := range FacetNames {
				for _, v := range raw[f] {
					want[name][v]++
				}
			}
		}
		for _, name := range FacetNames {
			got := map[string]int{}
			for _, fc := range r.Facets[name] {
				got[fc.Value] = fc.Count
			}
			if len(got) != len(want[name]) {
				t.Errorf("%q facet %s = %v, want %v", q, name, got, want[name])
				continue
			}
			for v, c := range want[name] {
				if got[v] != c {
					t.Errorf("%q facet %s[%s] = %d, want %d", q, name, v, got[v], c)
				}
			}
		}
	}
}

func TestMalformedQueries(t *testing.T) {
	x, _ := openFixture(t)
	for _, q := range []string{
		`"unterminated`, `sector:`, `bogus:x`, `near:`, `near:Nowhere`, `near:Rietavas:abc`,
		`near:95,10:5km`, `sort:size`, `-near:Rietavas`, "\xff\xfe", strings.Repeat("a ", 600),
		strings.Repeat("w ", MaxQueryItems+1), `near:Rietavas near:Rostock`,
	} {
		_, err := x.Search(context.Background(), Request{Query: q})
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("%q: err = %v, want ErrBadQuery", q, err)
		}
	}
}

func TestHighlights(t *testing.T) {
	x, _ := openFixture(t)
	r, err := x.Search(context.Background(), Request{Query: "lodz teatr"})
	if err != nil || len(r.Hits) == 0 {
		t.Fatal(err, r)
	}
	h := r.Hits[0].Highlights
	if got := h["name"]; len(got) != 1 || !strings.Contains(got[0], "<mark>Łódź</mark>") || !strings.Contains(got[0], "<mark>Teatr</mark>") {
		t.Errorf("name highlight = %v", h)
	}
	if got := h["desc_pl"]; len(got) != 1 || !strings.Contains(got[0], "<mark>Teatr</mark>") {
		t.Errorf("desc_pl highlight = %v", h)
	}
}

func TestSortAndPaging(t *testing.T) {
	x, _ := openFixture(t)
	r, err := x.Search(context.Background(), Request{Query: "sort:name", Limit: 3, Offset: 1})
	if err != nil {
		t.Fatal(err)
	}
	// names folded: aero..., karlshamn, kreativhaus, malmo, rietavo, south, szczecin, teatr, zemaitija
	if got := ids(r); !slices.Equal(got, []string{"a6", "a3", "a4"}) || r.Total != 9 {
		t.Errorf("by name = %v total %d", got, r.Total)
	}
	r, err = x.Search(context.Background(), Request{Query: "", Sort: SortUpdated, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); !slices.Equal(got, []string{"a8", "e1"}) {
		t.Errorf("by updated = %v", got)
	}
}

func TestDeleteUpdateReopen(t *testing.T) {
	x, dir := openFixture(t)
	ctx := context.Background()
	d := fixture()[0]
	d.Name = "Samogitia Crafts Guild"
	d.Country = "PL"
	if err := x.Apply([]Doc{d}, []string{"a2"}, 12); err != nil {
		t.Fatal(err)
	}
	if err := x.Apply([]Doc{{ID: "a4", Deleted: true}}, nil, 13); err != nil {
		t.Fatal(err)
	}
	check := func(x *Index, stage string) {
		t.Helper()
		for q, want := range map[string]int{"lodz": 0, "zemaitija": 0, "samogitia": 1, "malmo": 0, "country:PL": 2, "": 7} {
			r, err := x.Search(ctx, Request{Query: q, Facets: true})
			if err != nil {
				t.Fatal(err)
			}
			if int(r.Total) != want {
				t.Errorf("%s: %q total %d (%v), want %d", stage, q, r.Total, ids(r), want)
			}
		}
		if x.FeedPos() != 13 {
			t.Errorf("%s: FeedPos = %d, want 13", stage, x.FeedPos())
		}
	}
	check(x, "live")
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	x, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	check(x, "reopened")
	x.Close()
	// Without the side file the table is rebuilt from stored documents.
	if err := os.Remove(filepath.Join(dir, sideFile)); err != nil {
		t.Fatal(err)
	}
	x, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	check(x, "from stored fields")
	x.Close()
}

func TestStaleSideFileIgnored(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(dir, Options{SaveEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	docs := fixture()
	if err := x.Apply(docs[:3], nil, 3); err != nil { // first Apply saves the side file
		t.Fatal(err)
	}
	if err := x.Apply(docs[3:], nil, 9); err != nil { // not saved: within SaveEvery
		t.Fatal(err)
	}
	// Simulate a crash: Bleve is flushed by Close, then the old side file is put back.
	old, _ := os.ReadFile(filepath.Join(dir, sideFile))
	x.Close()
	os.WriteFile(filepath.Join(dir, sideFile), old, 0o644)
	x, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	r, err := x.Search(context.Background(), Request{Query: "", Facets: true})
	if err != nil || r.Total != uint64(len(docs)) {
		t.Fatalf("total %d, %v", r.Total, err)
	}
}

func TestDamagedIndexNeedsRebuild(t *testing.T) {
	for name, damage := range map[string]func(dir string) error{
		"garbage meta": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{not json"), 0o644)
		},
		"no store": func(dir string) error { return os.RemoveAll(filepath.Join(dir, "store")) },
		"not an index": func(dir string) error {
			os.RemoveAll(dir)
			os.MkdirAll(dir, 0o755)
			return os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o644)
		},
		"truncated root": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "store", "root.bolt"), []byte("xx"), 0o644)
		},
	} {
		t.Run(name, func(t *testing.T) {
			x, dir := openFixture(t)
			x.Close()
			if err := damage(dir); err != nil {
				t.Fatal(err)
			}
			_, err := Open(dir, Options{})
			if !errors.Is(err, ErrNeedsRebuild) {
				t.Fatalf("Open = %v, want ErrNeedsRebuild", err)
			}
			x, err = Reset(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			if x.FeedPos() != 0 || x.DocCount() != 0 {
				t.Fatalf("reset index has pos %d, %d docs", x.FeedPos(), x.DocCount())
			}
			if err := x.Apply(fixture(), nil, 9); err != nil {
				t.Fatal(err)
			}
			r, err := x.Search(context.Background(), Request{Query: "lodz"})
			if err != nil || len(r.Hits) == 0 || r.Hits[0].ID != "a2" {
				t.Fatalf("after rebuild: %v %v", ids(r), err)
			}
		})
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Łódź": "lodz", "Straße": "strasse", "Malmö": "malmo", "Žemaitija": "zemaitija",
		"Ærø": "aero", "Åre": "are", "ąčęėįšųūž": "aceeisuuz", "śżźńóü": "szznou",
		"Z\u030cemaitija": "zemaitija", "ÄÖÜ": "aou", "plain": "plain",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWarmBuildsTables checks that the tables searches would otherwise build on first
// need are built in the background after Open and after changes.
func TestWarmBuildsTables(t *testing.T) {
	x, _ := openFixture(t)
	built := func() bool {
		x.mu.RLock()
		defer x.mu.RUnlock()
		x.m.orderMu.Lock()
		defer x.m.orderMu.Unlock()
		x.segs.mu.Lock()
		defer x.segs.mu.Unlock()
		return x.m.byName != nil && x.m.cols != nil && x.segs.last != nil
	}
	waitBuilt := func(what string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !built(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: tables not built", what)
			}
		}
	}
	waitBuilt("after open")
	if err := x.Apply([]Doc{{ID: "n1", Kind: "actor", Name: "Neue Galerie", Country: "DE"}}, nil, 10); err != nil {
		t.Fatal(err)
	}
	if built() {
		t.Fatal("a change left the name order and facet columns in place")
	}
	waitBuilt("after a change")
	r, err := x.Search(context.Background(), Request{Query: "ne", Limit: 5, Facets: true})
	if err != nil || len(r.Hits) == 0 || r.Hits[0].ID != "n1" {
		t.Fatalf("search after warming: %v %v", err, ids(r))
	}
}
