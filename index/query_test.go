package index

import (
	"errors"
	"slices"
	"testing"
)

func TestParseQuery(t *testing.T) {
	q, err := ParseQuery(`kaunas "visual arts" -noise -"bad phrase" sector:"art crafts" -country:PL near:Rietavas:30km sort:name desi`)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Words) != 2 || q.Words[0] != (Word{"kaunas", false}) || q.Words[1] != (Word{"desi", true}) {
		t.Errorf("words = %+v", q.Words)
	}
	if len(q.Phrases) != 1 || q.Phrases[0] != "visual arts" || len(q.NotPhrases) != 1 || q.NotWords[0] != "noise" {
		t.Errorf("phrases = %+v %+v %+v", q.Phrases, q.NotPhrases, q.NotWords)
	}
	if len(q.Filters) != 2 || !filterIs(q.Filters[0], "sector", "art crafts", false) || !filterIs(q.Filters[1], "country", "PL", true) {
		t.Errorf("filters = %+v", q.Filters)
	}
	if q.Near == nil || q.Near.Place != "Rietavas" || q.Near.Km != 30 || q.Sort != SortName {
		t.Errorf("near = %+v sort %q", q.Near, q.Sort)
	}
	q, _ = ParseQuery("kaunas ")
	if q.Words[0].Prefix {
		t.Error("trailing space should end the prefix")
	}
	q, err = ParseQuery(`near:"Bad Doberan":500m near2`)
	if err != nil || q.Near.Place != "Bad Doberan" || q.Near.Km != 0.5 || len(q.Words) != 1 {
		t.Errorf("quoted near: %+v %v", q, err)
	}
	q, err = ParseQuery(`near:55.72,21.93:12km`)
	if err != nil || !q.Near.HasPoint || q.Near.Lat != 55.72 || q.Near.Km != 12 {
		t.Errorf("point: %+v %v", q.Near, err)
	}
	q, err = ParseQuery(`12:30 meeting`)
	if err != nil || len(q.Words) != 2 {
		t.Errorf("12:30: %+v %v", q, err)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "a", "zemaitija", "lodz teatr", `"visual arts"`, `"unterminated`, "sector:design",
		`sector:"art crafts"`, "-country:PL", "-word", "-", `-"x y"`, "near:Rietavas:30km",
		"near:55.72,21.93:30km", `near:"Bad Doberan":500m`, "near:", "near::", "near:1,2:", "sort:name",
		"sort:", "bogus:x", "a:b:c", "::::", `""`, `" "`, "ä\u0308", "\xff", "x\"y\"z", "12:30",
		"kind:event offers:venue needs:funding lang:lt town:rostock tag:x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) || !errors.Is(err, ErrBadQuery) {
				t.Fatalf("error %v is not a *QueryError", err)
			}
			return
		}
		if q.Near != nil && (q.Near.Km <= 0 || (!q.Near.HasPoint && q.Near.Place == "")) {
			t.Fatalf("bad near %+v", q.Near)
		}
		for _, fl := range q.Filters {
			if len(fl.Values) == 0 || slices.Contains(fl.Values, "") {
				t.Fatalf("empty filter value in %q", s)
			}
		}
	})
}

// filterIs reports whether f is a filter on field with the one value v.
func filterIs(f Filter, field, v string, not bool) bool {
	return f.Field == field && len(f.Values) == 1 && f.Values[0] == v && f.Not == not
}
