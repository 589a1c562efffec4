package app

import (
	"testing"

	"sbcc/app/model"
)

// Deleted actors and links are listed, newest first, and come back with
// Restore; live and erased ones are not listed.
func TestDeletedRecords(t *testing.T) {
	api, _ := newTestAPI(t)
	x, _ := api.SaveActor(model.Actor{Kind: "hub", Name: "Kulturhaus Rostock"})
	y, _ := api.SaveActor(model.Actor{Kind: "hub", Name: "Teatr Szczecin"})
	z, _ := api.SaveActor(model.Actor{Kind: "hub", Name: "Gone for good"})
	l, err := api.SaveLink(model.Link{From: x.Actor.ID, To: y.Actor.ID, Type: "collaborated"})
	if err != nil {
		t.Fatal(err)
	}
	if err := api.DeleteLink(l.ID); err != nil {
		t.Fatal(err)
	}
	if err := api.Delete(y.Actor.ID); err != nil {
		t.Fatal(err)
	}
	if err := api.Erase(z.Actor.ID, z.Actor.ID); err != nil {
		t.Fatal(err)
	}
	got, err := api.DeletedRecords()
	if err != nil || len(got) != 2 {
		t.Fatalf("%+v %v", got, err)
	}
	byKind := map[string]DeletedRecord{}
	for _, d := range got {
		byKind[d.Kind] = d
	}
	if byKind["actor"].ID != y.Actor.ID || byKind["link"].Name != "Kulturhaus Rostock – Teatr Szczecin" {
		t.Errorf("%+v", got)
	}
	if err := api.Restore(l.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := api.DeletedRecords(); len(got) != 1 || got[0].ID != y.Actor.ID {
		t.Errorf("after restoring the link: %+v", got)
	}
}
