package app_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/index"
)

func TestIndexFollowsStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d := apptest.Open(t, dir)
	if _, err := demo.Fill(ctx, d, demo.Options{Actors: 60, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	res, err := d.Search().Find(ctx, index.Request{Query: "kind:organisation", Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	// Facet counts equal counts from the store.
	actors, _ := d.List("actor", app.ListOptions{})
	byCountry := map[string]int{}
	orgs := 0
	for _, r := range actors {
		if a := r.(*model.Actor); a.Kind == "organisation" {
			orgs++
			byCountry[a.Country]++
		}
	}
	if int(res.Total) != orgs {
		t.Fatalf("total %d, store has %d organisations", res.Total, orgs)
	}
	facet := map[string]int{}
	for _, f := range res.Facets["country"] {
		facet[f.Value] = f.Count
	}
	if len(byCountry) == 0 || !reflect.DeepEqual(facet, byCountry) {
		t.Errorf("country facet %v, store %v", facet, byCountry)
	}
	// Events and posts are findable too.
	if res, _ := d.Search().Find(ctx, index.Request{Query: "forum"}); res.Total == 0 || res.Hits[0].Kind != "event" {
		t.Fatalf("forum: %+v", res)
	}
	// A damaged index is rebuilt on open.
	d.Close()
	os.WriteFile(filepath.Join(dir, app.IndexDirName, "index_meta.json"), []byte("garbage"), 0o600)
	d = apptest.Open(t, dir)
	if res, err := d.Search().Find(ctx, index.Request{Query: "kind:organisation"}); err != nil || int(res.Total) != orgs {
		t.Fatalf("after damage: %v %d", err, res.Total)
	}
}

// TestIndexCatchesUpAfterKill kills a child process that writes actors and
// searches now and then, so that it dies between a store commit and the
// index update; after restart the index finds every acknowledged write.
func TestIndexCatchesUpAfterKill(t *testing.T) {
	if dir := os.Getenv("SBCC_TEST_INDEXER"); dir != "" {
		indexingWriter(dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestIndexCatchesUpAfterKill$")
	cmd.Env = append(os.Environ(), "SBCC_TEST_INDEXER="+dir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if name, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
			acked = append(acked, name)
			if len(acked) == 120 {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	cmd.Wait()
	if len(acked) < 120 {
		t.Fatalf("child acknowledged %d writes", len(acked))
	}
	d := apptest.Open(t, dir)
	for _, name := range acked {
		res, err := d.Search().Find(context.Background(), index.Request{Query: `"` + name + `"`})
		if err != nil || res.Total != 1 {
			t.Fatalf("%s: %v, %d hits", name, err, res.Total)
		}
	}
}

func indexingWriter(dir string) {
	d, err := app.Open(dir, app.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	for i := 0; ; i++ {
		name := fmt.Sprintf("Studija Nr%d", i)
		if _, err := d.Put(&model.Actor{Kind: "organisation", Name: name, Country: "LT"}); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("ack", name)
		if i%7 == 0 {
			d.Search().Find(context.Background(), index.Request{Query: "studija"})
		}
	}
}

// TestSearchHitsShowRecords checks that the UI's hits, now shown from the
// index alone, carry each record's kind, place and sectors, also right
// after an edit.
func TestSearchHitsShowRecords(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	a := &model.Actor{Kind: "hub", Name: "Kreativhaus Warnow", Country: "DE", Locality: "rostock", Sectors: []string{"design", "heritage"}}
	b := &model.Actor{Kind: "individual", Name: "Kreativ Ona", Country: "LT", Locality: "rietavas"}
	if _, err := d.PutMany([]model.Record{a, b}); err != nil {
		t.Fatal(err)
	}
	s := app.NewIndexSearcher(d)
	check := func(want map[string]app.Hit) {
		t.Helper()
		res, err := s.Search(t.Context(), app.SearchRequest{Query: "kreativ"})
		if err != nil || len(res.Hits) != len(want) {
			t.Fatalf("%v %+v", err, res.Hits)
		}
		for _, h := range res.Hits {
			w := want[h.ID]
			if h.Kind != w.Kind || h.Locality != w.Locality || h.Country != w.Country || strings.Join(h.Sectors, ",") != strings.Join(w.Sectors, ",") {
				t.Fatalf("hit %+v, want %+v", h, w)
			}
		}
	}
	check(map[string]app.Hit{
		a.ID: {Kind: "hub", Locality: "rostock", Country: "DE", Sectors: []string{"design", "heritage"}},
		b.ID: {Kind: "individual", Locality: "rietavas", Country: "LT"},
	})
	b.Locality, b.Kind, b.Sectors = "klaipeda", "collective", []string{"performing-arts"}
	if _, err := d.Put(b); err != nil {
		t.Fatal(err)
	}
	check(map[string]app.Hit{
		a.ID: {Kind: "hub", Locality: "rostock", Country: "DE", Sectors: []string{"design", "heritage"}},
		b.ID: {Kind: "collective", Locality: "klaipeda", Country: "LT", Sectors: []string{"performing-arts"}},
	})
}
