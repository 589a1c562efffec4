package ui

import (
	"errors"
	"strings"
	"testing"

	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/app/offices"
	"sbcc/app/records"
)

// Deleted actors and links are listed, newest first, and come back with
// Restore; live and erased ones are not listed.
func TestDeletedRecords(t *testing.T) {
	api, _ := newTestAPI(t)
	x, _ := api.Records.SaveActor(t.Context(), model.Actor{Kind: "hub", Name: "Kulturhaus Rostock"})
	y, _ := api.Records.SaveActor(t.Context(), model.Actor{Kind: "hub", Name: "Teatr Szczecin"})
	z, _ := api.Records.SaveActor(t.Context(), model.Actor{Kind: "hub", Name: "Gone for good"})
	l, err := api.Network.SaveLink(t.Context(), model.Link{From: x.Actor.ID, To: y.Actor.ID, Type: "collaborated"})
	if err != nil {
		t.Fatal(err)
	}
	if err := api.Network.DeleteLink(t.Context(), l.ID); err != nil {
		t.Fatal(err)
	}
	if err := api.Records.Delete(t.Context(), y.Actor.ID); err != nil {
		t.Fatal(err)
	}
	if err := api.Records.Erase(t.Context(), z.Actor.ID, z.Actor.ID); err != nil {
		t.Fatal(err)
	}
	got, err := api.Records.DeletedRecords(t.Context())
	if err != nil || len(got) != 2 {
		t.Fatalf("%+v %v", got, err)
	}
	byKind := map[string]records.DeletedRecord{}
	for _, d := range got {
		byKind[d.Kind] = d
	}
	if byKind["actor"].ID != y.Actor.ID || byKind["link"].Name != "Kulturhaus Rostock – Teatr Szczecin" {
		t.Errorf("%+v", got)
	}
	if err := api.Records.Restore(t.Context(), l.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := api.Records.DeletedRecords(t.Context()); len(got) != 1 || got[0].ID != y.Actor.ID {
		t.Errorf("after restoring the link: %+v", got)
	}
}

// Demo data keeps an office out of a network until it is removed, and
// removing it leaves real records alone.
func TestDemoKeepsOutOfNetwork(t *testing.T) {
	api, d := newTestAPI(t)
	if _, err := demo.Fill(t.Context(), d, demo.Options{Actors: 30, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	real, err := api.Records.SaveActor(t.Context(), model.Actor{Kind: "hub", Name: "Real Hub", Email: "hub@real.lt"})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := api.Offices.NetworkState(t.Context())
	if s.Demo < 30 || s.Member {
		t.Fatalf("%+v", s)
	}
	_, err = api.Offices.NetworkCreate(t.Context(), "Rietavas")
	var p model.Problems
	if !errors.As(err, &p) || p[0].Code != model.CodeDemoPresent {
		t.Fatalf("found with demo data: %v", err)
	}
	n, err := api.Offices.RemoveDemo(t.Context())
	if err != nil || n != s.Demo {
		t.Fatalf("removed %d of %d: %v", n, s.Demo, err)
	}
	if s, _ := api.Offices.NetworkState(t.Context()); s.Demo != 0 {
		t.Fatalf("after removal: %+v", s)
	}
	if v, err := api.Records.Actor(t.Context(), real.Actor.ID); err != nil || v.Actor.Meta.Deleted {
		t.Fatalf("the real actor: %+v %v", v.Actor.Meta, err)
	}
	if _, err := offices.FoundNetwork(d, "Rietavas"); err != nil {
		t.Fatal(err)
	}
	if s, _ := api.Offices.NetworkState(t.Context()); !s.Member || !s.Admin {
		t.Fatalf("after founding: %+v", s)
	}
}

// The history shows what a change replaced, and a wrong edit is undone
// from it, leaving fields changed since alone.
func TestUndoChangeFromHistory(t *testing.T) {
	api, _ := newTestAPI(t)
	v, _ := api.Records.SaveActor(t.Context(), model.Actor{Kind: "hub", Name: "Teatr Kana", Email: "kana@teatr.pl"})
	act := v.Actor
	act.Name, act.Email = "Teatr Kanna", "wrong@teatr.pl"
	if _, err := api.Records.SaveActor(t.Context(), act); err != nil {
		t.Fatal(err)
	}
	v, _ = api.Records.Actor(t.Context(), act.ID)
	act = v.Actor
	act.Email = "kana@teatr.pl"
	if _, err := api.Records.SaveActor(t.Context(), act); err != nil {
		t.Fatal(err)
	}
	v, _ = api.Records.Actor(t.Context(), act.ID)
	if len(v.History) != 3 || !strings.Contains(string(v.History[1].Before), `"name":"Teatr Kana"`) {
		t.Fatalf("history %+v", v.History)
	}
	res, err := api.Records.UndoChange(t.Context(), act.ID, 1)
	if err != nil || len(res.Restored) != 1 || res.Restored[0] != "name" || len(res.Kept) != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if v, _ := api.Records.Actor(t.Context(), act.ID); v.Actor.Name != "Teatr Kana" || v.Actor.Email != "kana@teatr.pl" {
		t.Fatalf("after undo: %q %q", v.Actor.Name, v.Actor.Email)
	}
}
