package app

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/index"
	"sbcc/sync/store"
)

var writeSchema1 = flag.Bool("write-schema1", false, "rewrite sync/store/testdata/schema1.db and schema1.json from the deterministic demo")

// fixtureDir is where the store fixtures live, shared with package store.
const fixtureDir = "../sync/store/testdata"

// TestWriteSchema1Fixture makes the store fixture of schema 1: the demo
// network with seed 1 and 40 actors, one actor deleted, written by the
// first released store layout and compacted. It runs only when asked:
//
//	go test ./app -run TestWriteSchema1Fixture -write-schema1
//
// and must never be rerun once SchemaVersion is past 1: the fixture is the
// old layout that every later build must still open.
func TestWriteSchema1Fixture(t *testing.T) {
	if !*writeSchema1 {
		t.Skip("run with -write-schema1 to rewrite the fixture")
	}
	if store.SchemaVersion != 1 {
		t.Fatal("this build writes schema", store.SchemaVersion, "; the schema-1 fixture must stay as it is")
	}
	dir := t.TempDir()
	now := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	d, err := Open(dir, Options{NoSync: true, Now: func() time.Time { now = now.Add(time.Millisecond); return now }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Fill(context.Background(), d, demo.Options{Actors: 40, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	actors, err := d.List("actor", ListOptions{})
	if err != nil || len(actors) == 0 {
		t.Fatal("no actors", err)
	}
	if err := d.Delete(actors[0].(*model.Actor).ID); err != nil {
		t.Fatal(err)
	}
	st, err := d.store.Stats()
	if err != nil {
		t.Fatal(err)
	}
	h, err := d.Hash()
	if err != nil {
		t.Fatal(err)
	}
	fx := store.Fixture{Schema: store.SchemaVersion, Node: string(d.Store().Node()), Hash: h, Records: st.Records, Changes: st.Changes}
	d.Close()

	src, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	out := filepath.Join(fixtureDir, "schema1.db")
	os.Remove(out)
	dst, err := bolt.Open(out, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bolt.Compact(dst, src, 0); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	raw, _ := json.MarshalIndent(fx, "", "  ")
	if err := os.WriteFile(filepath.Join(fixtureDir, "schema1.json"), append(raw, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %+v", out, fx)
}

// TestOpenSchema1Fixture opens the schema-1 store fixture through the whole
// directory, as an upgraded install would on its first start: the store is
// migrated if needed, the search index (absent) is rebuilt, and the records
// are all there.
func TestOpenSchema1Fixture(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(fixtureDir, "schema1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want store.Fixture
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src, err := os.Open(filepath.Join(fixtureDir, "schema1.db"))
	if err != nil {
		t.Fatal(err)
	}
	dst, _ := os.Create(filepath.Join(dir, store.FileName))
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	src.Close()
	dst.Close()

	d, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if h, _ := d.Hash(); h != want.Hash {
		t.Errorf("hash %s, want %s", h, want.Hash)
	}
	st, err := d.store.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(st.Records, want.Records) {
		t.Errorf("records %v, want %v", st.Records, want.Records)
	}
	res, err := d.Search().Find(context.Background(), index.Request{Query: "kind:actor", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 || res.Total > uint64(want.Records["actor"]) {
		t.Errorf("search over the upgraded folder found %d actors (store has %d, one deleted)", res.Total, want.Records["actor"])
	}
}
