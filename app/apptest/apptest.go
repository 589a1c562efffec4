// Package apptest holds what the tests of app and of the services over it
// share: a directory in a temporary folder, one filled with the demo, and
// replication between two directories without a network. Only tests import
// it.
package apptest

import (
	"context"
	"testing"

	"sbcc/app"
	"sbcc/app/demo"
	"sbcc/app/model"
	sbsync "sbcc/sync"
)

// Open opens the directory in dir for a test (no fsync), closed when the
// test ends.
func Open(t testing.TB, dir string) *app.Directory {
	t.Helper()
	d, err := app.Open(dir, app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// Demo opens a directory in a temporary folder with the demo network of
// actors actors (seed 5), its first actor given the fields the demo leaves
// empty, so that every column is exercised.
func Demo(t testing.TB, actors int) *app.Directory {
	t.Helper()
	d := Open(t, t.TempDir())
	if _, err := demo.Fill(context.Background(), d, demo.Options{Actors: actors, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	rs, _ := d.List("actor", app.ListOptions{})
	a := rs[0].(*model.Actor)
	a.NACE = []string{"90.03", "74.10"}
	a.Social = []string{"https://instagram.com/studija", "https://facebook.com/studija"}
	a.Address = "Gatvė 1, \"Kiemas\"; LT-90311"
	a.Description["de"] = "Zwei\nZeilen, mit Komma"
	a.Visibility = "internal"
	if _, err := d.Put(a); err != nil {
		t.Fatal(err)
	}
	return d
}

// Sync applies to to the changes of from it lacks, as a sync session would.
func Sync(t testing.TB, from, to *app.Directory) {
	t.Helper()
	have, err := to.Store().Vector()
	if err != nil {
		t.Fatal(err)
	}
	var cs []sbsync.Change
	if err := from.Store().ChangesSince(have, func(c sbsync.Change) error { cs = append(cs, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := to.Store().ApplyRemote(cs); err != nil {
		t.Fatal(err)
	}
}

// Erasable are the personal values of a person that the erasure tests
// erase.
var Erasable = []string{"Ona Ištrinamoji-Petraitienė", "ona.istrinamoji@example.lt", "+370 600 55443", "Sodų g. 9-2, Rietavas"}

// ActorsByName returns the live actors of d by name, failing the test when
// two share one.
func ActorsByName(t testing.TB, d *app.Directory) map[string]*model.Actor {
	t.Helper()
	rs, err := d.List("actor", app.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*model.Actor{}
	for _, r := range rs {
		a := r.(*model.Actor)
		if out[a.Name] != nil {
			t.Fatalf("two actors named %q", a.Name)
		}
		out[a.Name] = a
	}
	return out
}
