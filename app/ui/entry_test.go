package ui

import (
	"errors"
	"testing"

	"sbcc/app/model"
)

// A bare domain is a website, as in the importer; a new actor that shares an
// e-mail, phone, website or name-in-town with one in the directory is found
// before it is saved.
func TestSimilarActorsAndBareDomain(t *testing.T) {
	api, _ := newTestAPI(t)
	v, err := api.Records.SaveActor(t.Context(), model.Actor{Kind: "organisation", Name: "Pracownia Dźwięku", Locality: "szczecin",
		Email: "info@pracownia.pl", Phone: "+48 91 123 45 67", Website: "pracownia.pl"})
	if err != nil {
		t.Fatal(err)
	}
	if v.Actor.Website != "https://pracownia.pl" {
		t.Errorf("website saved as %q", v.Actor.Website)
	}
	for _, c := range []struct {
		a     model.Actor
		match string
	}{
		{model.Actor{Kind: "hub", Name: "Other", Email: "info@pracownia.pl"}, "email"},
		{model.Actor{Kind: "hub", Name: "Other", Phone: "091 123 45 67"}, "phone"},
		{model.Actor{Kind: "hub", Name: "Other", Website: "www.pracownia.pl/"}, "website"},
		{model.Actor{Kind: "hub", Name: "pracownia dzwieku", Locality: "szczecin"}, "name"},
	} {
		got, err := api.Records.SimilarActors(t.Context(), c.a)
		if err != nil || len(got) != 1 || got[0].ID != v.Actor.ID || got[0].Match != c.match {
			t.Errorf("%+v: %+v, %v", c.a, got, err)
		}
	}
	if got, _ := api.Records.SimilarActors(t.Context(), model.Actor{Kind: "hub", Name: "Pracownia Dźwięku", Locality: "rostock"}); len(got) != 0 {
		t.Errorf("same name in another town matched: %+v", got)
	}
	if got, _ := api.Records.SimilarActors(t.Context(), v.Actor); len(got) != 0 {
		t.Errorf("the actor matched itself: %+v", got)
	}
}

// A join with a bad invite says so at the invite field, with a code, and
// leaves the office name as it was.
func TestJoinBadInviteKeepsOffice(t *testing.T) {
	api, _ := newTestAPI(t)
	_, err := api.Offices.NetworkJoin(t.Context(), "hello", "Gdańsk office")
	var p model.Problems
	if !errors.As(err, &p) || p[0].Field != "invite" || p[0].Code != model.CodeInvite {
		t.Fatalf("got %v", err)
	}
	if o := api.Records.dir.Office(); o == "Gdańsk office" {
		t.Errorf("the office name was saved by a failed join")
	}
}
