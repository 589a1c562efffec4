package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/demo"
	"sbcc/app/gdpr"
	"sbcc/app/model"
	"sbcc/index"
	"sbcc/internal/leaktest"
)

// TestEraseOnDiskTwoReplicas: a person held by two synced replicas, each
// with its search index open, is erased on one; once Erase returns there,
// and once ApplyRemote of the erase returns on the other, no file of
// either data folder holds her name, e-mail, phone or address, and her
// subject-access export holds none of them either. Search still works.
func TestEraseOnDiskTwoReplicas(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	a, b := apptest.Open(t, dirA), apptest.Open(t, dirB)
	ctx := context.Background()
	if _, err := demo.Fill(ctx, a, demo.Options{Actors: 60, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	p := &model.Actor{Kind: "individual", Name: apptest.Erasable[0], Email: apptest.Erasable[1], Phone: apptest.Erasable[2], Address: apptest.Erasable[3], Country: "LT",
		Description: model.Text{"lt": "Keramikė " + apptest.Erasable[0]}}
	id, err := a.Put(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 { // older values in freed pages
		p.Description = model.Text{"lt": fmt.Sprint("Keramikė ", i, " ", apptest.Erasable[0])}
		if _, err := a.Put(p); err != nil {
			t.Fatal(err)
		}
	}
	apptest.Sync(t, a, b)
	for _, d := range []*app.Directory{a, b} {
		if ids, err := d.Search().FindIDs(ctx, "Ištrinamoji"); err != nil || len(ids) != 1 {
			t.Fatalf("search before the erase: %v %v", ids, err)
		}
		flushIndex(t, d)
		if got := leaktest.FolderHolding(t, d.Dir(), apptest.Erasable); len(got) == 0 {
			t.Fatal("nothing to erase on disk: the test proves nothing")
		}
	}
	if err := a.Erase(id); err != nil {
		t.Fatal(err)
	}
	if got := leaktest.FolderHolding(t, dirA, apptest.Erasable); len(got) > 0 {
		t.Errorf("after Erase on A: %v", got)
	}
	sub, err := gdpr.Subject(a, id)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(sub)
	for _, v := range apptest.Erasable {
		if bytes.Contains(raw, []byte(v)) {
			t.Errorf("the subject export after the erase holds %q", v)
		}
	}
	apptest.Sync(t, a, b)
	if got := leaktest.FolderHolding(t, dirB, apptest.Erasable); len(got) > 0 {
		t.Errorf("after the erase reached B: %v", got)
	}
	for _, d := range []*app.Directory{a, b} {
		if ids, err := d.Search().FindIDs(ctx, "Ištrinamoji"); err != nil || len(ids) != 0 {
			t.Fatalf("search after the erase: %v %v", ids, err)
		}
		res, err := d.Search().Find(ctx, index.Request{Query: "kind:actor", Limit: 1})
		if err != nil || res.Total != 60 {
			t.Fatalf("search after the erase: %d actors, %v", res.Total, err)
		}
		flushIndex(t, d)
		if got := leaktest.FolderHolding(t, d.Dir(), apptest.Erasable); len(got) > 0 {
			t.Errorf("after the index was rebuilt: %v", got)
		}
	}
}

// flushIndex writes the index's facet side file now.
func flushIndex(t *testing.T, d *app.Directory) {
	t.Helper()
	idx, err := d.Search().Index(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	idx.Flush()
}
