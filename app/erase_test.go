package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"sbcc/app"
	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/index"
	sbsync "sbcc/sync"
)

// erasable are the personal values of the person erased below.
var erasable = []string{"Ona Ištrinamoji-Petraitienė", "ona.istrinamoji@example.lt", "+370 600 55443", "Sodų g. 9-2, Rietavas"}

// folderHolding lists the files of dir (recursively) holding one of values.
func folderHolding(t *testing.T, dir string, values []string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, v := range values {
			if bytes.Contains(raw, []byte(v)) {
				found = append(found, fmt.Sprintf("%s holds %q", filepath.Base(path), v))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// syncDirs sends every change from's store holds that to's lacks.
func syncDirs(t *testing.T, from, to *app.Directory) {
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

// TestEraseOnDiskTwoReplicas: a person held by two synced replicas, each
// with its search index open, is erased on one; once Erase returns there,
// and once ApplyRemote of the erase returns on the other, no file of
// either data folder holds her name, e-mail, phone or address, and her
// subject-access export holds none of them either. Search still works.
func TestEraseOnDiskTwoReplicas(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	a, b := openDir(t, dirA), openDir(t, dirB)
	ctx := context.Background()
	if _, err := demo.Fill(ctx, a, demo.Options{Actors: 60, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	p := &model.Actor{Kind: "individual", Name: erasable[0], Email: erasable[1], Phone: erasable[2], Address: erasable[3], Country: "LT",
		Description: model.Text{"lt": "Keramikė " + erasable[0]}}
	id, err := a.Put(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 { // older values in freed pages
		p.Description = model.Text{"lt": fmt.Sprint("Keramikė ", i, " ", erasable[0])}
		if _, err := a.Put(p); err != nil {
			t.Fatal(err)
		}
	}
	syncDirs(t, a, b)
	for _, d := range []*app.Directory{a, b} {
		if ids, err := d.FindIDs(ctx, "Ištrinamoji"); err != nil || len(ids) != 1 {
			t.Fatalf("search before the erase: %v %v", ids, err)
		}
		flushIndex(t, d)
		if got := folderHolding(t, d.Dir(), erasable); len(got) == 0 {
			t.Fatal("nothing to erase on disk: the test proves nothing")
		}
	}
	if err := a.Erase(id); err != nil {
		t.Fatal(err)
	}
	if got := folderHolding(t, dirA, erasable); len(got) > 0 {
		t.Errorf("after Erase on A: %v", got)
	}
	sub, err := a.Subject(id)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(sub)
	for _, v := range erasable {
		if bytes.Contains(raw, []byte(v)) {
			t.Errorf("the subject export after the erase holds %q", v)
		}
	}
	syncDirs(t, a, b)
	if got := folderHolding(t, dirB, erasable); len(got) > 0 {
		t.Errorf("after the erase reached B: %v", got)
	}
	for _, d := range []*app.Directory{a, b} {
		if ids, err := d.FindIDs(ctx, "Ištrinamoji"); err != nil || len(ids) != 0 {
			t.Fatalf("search after the erase: %v %v", ids, err)
		}
		res, err := d.Find(ctx, index.Request{Query: "kind:actor", Limit: 1})
		if err != nil || res.Total != 60 {
			t.Fatalf("search after the erase: %d actors, %v", res.Total, err)
		}
		flushIndex(t, d)
		if got := folderHolding(t, d.Dir(), erasable); len(got) > 0 {
			t.Errorf("after the index was rebuilt: %v", got)
		}
	}
}

// flushIndex writes the index's facet side file now.
func flushIndex(t *testing.T, d *app.Directory) {
	t.Helper()
	idx, err := d.Index(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	idx.Flush()
}
