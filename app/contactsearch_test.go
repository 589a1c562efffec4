package app_test

import (
	"context"
	"testing"

	"sbcc/app/apptest"
	"sbcc/app/model"
	"sbcc/index"
)

// E-mail, phone and website find their actor, whole and in part; a place's
// other names (Stettin, Danzig) find the actors of that place.
func TestSearchContactsAndExonyms(t *testing.T) {
	ctx := context.Background()
	d := apptest.Open(t, t.TempDir())
	a := &model.Actor{Kind: "organisation", Name: "Pracownia Dźwięku", Country: "PL", Locality: "szczecin",
		Email: "biuro@pracownia-dzwieku.pl", Phone: "+48 91 123 45 67", Website: "https://www.pracownia-dzwieku.pl/kontakt"}
	other := &model.Actor{Kind: "organisation", Name: "Studio Ostsee", Country: "DE", Locality: "rostock", Email: "post@ostsee.de"}
	gd := &model.Actor{Kind: "organisation", Name: "Teatr Wybrzeże", Country: "PL", Locality: "gdansk"}
	free := &model.Actor{Kind: "individual", Name: "Jonas Jonaitis", Country: "LT", Locality: "Kuršėnai"}
	if _, err := d.PutMany([]model.Record{a, other, gd, free}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"123", "91 123", "biuro@pracownia-dzwieku.pl", "pracownia-dzwieku.pl", "biuro", "+48 91 123 45 67", "911234567", "91 123 45 67",
		"48911234567", "www.pracownia-dzwieku.pl", "stettin"} {
		res, err := d.Search().Find(ctx, index.Request{Query: q})
		if err != nil || res.Total != 1 || res.Hits[0].ID != a.ID {
			t.Errorf("%q: %v, %d hits %+v", q, err, res.Total, res.Hits)
		}
	}
	for q, want := range map[string]string{"gdansk": gd.ID, "danzig": gd.ID, "Gdańsk": gd.ID, "kursenai": free.ID, "near:Danzig": gd.ID} {
		res, err := d.Search().Find(ctx, index.Request{Query: q})
		if err != nil || res.Total != 1 || res.Hits[0].ID != want {
			t.Errorf("%q: %v, %d hits %+v", q, err, res.Total, res.Hits)
		}
	}
}
