package match

import "testing"

func TestSuggestPlantedPairFirst(t *testing.T) {
	target := Profile{ID: "me", Country: "LT", Sectors: []string{"audiovisual"}, Offers: []string{"sound recording studio"}, Needs: []string{"co-producer for documentary"}}
	cands := []Profile{
		{ID: "same-country", Country: "LT", Needs: []string{"sound recording"}},
		{ID: "planted", Country: "DE", Sectors: []string{"audiovisual"}, Needs: []string{"recording of sound"}, Offers: []string{"documentary co-producer"}},
		{ID: "half", Country: "PL", Needs: []string{"sound engineer"}},
		{ID: "none", Country: "SE", Needs: []string{"volunteers"}, Offers: []string{"printing press"}},
		{ID: "diacritics", Country: "PL", Offers: []string{"Współproducent dokumentu"}, Needs: []string{"Nagrywanie dźwięku"}},
	}
	got := Suggest(target, cands, 10)
	if len(got) < 2 || got[0].ID != "planted" {
		t.Fatalf("suggestions %+v, want the planted pair first", got)
	}
	for _, s := range got {
		if s.ID == "same-country" || s.ID == "none" || s.ID == "me" {
			t.Errorf("%s should not be suggested", s.ID)
		}
		if len(s.Reasons) == 0 {
			t.Errorf("%s has no reasons", s.ID)
		}
	}
	kinds := map[string]bool{}
	for _, r := range got[0].Reasons {
		kinds[r.Kind] = true
	}
	if !kinds["offer-meets-need"] || !kinds["need-met-by-offer"] || !kinds["same-sector"] {
		t.Errorf("reasons %+v miss a kind", got[0].Reasons)
	}
	if got := Suggest(target, cands, 1); len(got) != 1 {
		t.Errorf("limit ignored: %d", len(got))
	}
}

func TestTermsFold(t *testing.T) {
	got := terms("Übersetzung und Łódź-Aufnahmen")
	want := []string{"uberse", "lodz", "aufnah"}
	if len(got) != len(want) {
		t.Fatalf("terms %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("terms %v, want %v", got, want)
		}
	}
}
