package network_test

import (
	"testing"

	"sbcc/app/apptest"
	"sbcc/app/model"
	"sbcc/app/network"
)

func TestCheckInAndActivity(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	a := &model.Actor{Kind: "organisation", Name: "Ateljé Våg", Country: "SE"}
	b := &model.Actor{Kind: "organisation", Name: "Atelier Möwe", Country: "DE"}
	if _, err := d.PutMany([]model.Record{a, b}); err != nil {
		t.Fatal(err)
	}
	ev := &model.Event{Title: "Forum", Kind: "annual-forum", Start: "2026-05-01", Organisers: []string{a.ID}}
	if _, err := d.Put(ev); err != nil {
		t.Fatal(err)
	}
	p := &model.Participation{Event: ev.ID, Actor: b.ID, Status: "registered"}
	l := &model.Link{From: a.ID, To: b.ID, Type: "collaborated"}
	if _, err := d.PutMany([]model.Record{p, l}); err != nil {
		t.Fatal(err)
	}
	list, err := network.CheckInList(d, ev.ID)
	if err != nil || len(list) != 1 || list[0].Name != "Atelier Möwe" {
		t.Fatalf("check-in list %v %+v", err, list)
	}
	if err := network.SetAttendance(t.Context(), d, p.ID, "attended"); err != nil {
		t.Fatal(err)
	}
	if err := network.SetAttendance(t.Context(), d, p.ID, "maybe"); err == nil {
		t.Fatal("bad status accepted")
	}
	list, _ = network.CheckInList(d, ev.ID)
	if list[0].Participation.Status != "attended" {
		t.Fatalf("status %s", list[0].Participation.Status)
	}
	act, err := network.ActivityOf(d, b.ID)
	if err != nil || len(act.Events) != 1 || len(act.Links) != 1 {
		t.Fatalf("activity %v %+v", err, act)
	}
	if _, err := network.CheckInList(d, a.ID); err == nil {
		t.Fatal("check-in list of an actor")
	}
}
