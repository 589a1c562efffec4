package syncfile_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/model"
	"sbcc/app/offices"
	"sbcc/app/syncfile"
	"sbcc/sync/bundle"
)

// twoOffices founds a network in one data folder and joins it from another
// with the functions the CLI and the UI use.
func twoOffices(t *testing.T) (a, b *app.Directory) {
	t.Helper()
	a, b = apptest.Open(t, t.TempDir()), apptest.Open(t, t.TempDir())
	if _, err := offices.FoundNetwork(a, "Rietavas"); err != nil {
		t.Fatal(err)
	}
	code, err := offices.Invite(a.Dir(), []string{"127.0.0.1:7946"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := offices.JoinNetwork(b, code, "Gdańsk"); err != nil {
		t.Fatal(err)
	}
	return a, b
}

func putActors(t *testing.T, d *app.Directory, prefix string, n int) {
	t.Helper()
	for i := range n {
		if _, err := d.Put(&model.Actor{Kind: "organisation", Name: fmt.Sprintf("%s %d", prefix, i), Country: "LT"}); err != nil {
			t.Fatal(err)
		}
	}
}

func syncFile(t *testing.T, from *app.Directory, forOffice string) ([]byte, syncfile.Exported) {
	t.Helper()
	var buf bytes.Buffer
	ex, err := syncfile.Export(context.Background(), from, &buf, forOffice, nil)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), ex
}

func load(t *testing.T, into *app.Directory, file []byte) bundle.Report {
	t.Helper()
	rep, err := syncfile.Import(context.Background(), into, bytes.NewReader(file), nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func dirHash(t *testing.T, d *app.Directory) string {
	t.Helper()
	h, err := d.Hash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestSyncFileRoundTrip carries changes both ways between two offices by
// file: the answer holds only what the first office lacks, importing again
// adds nothing, and both end with the same replica.
func TestSyncFileRoundTrip(t *testing.T) {
	a, b := twoOffices(t)
	putActors(t, a, "Studija", 30)
	putActors(t, b, "Pracownia", 4)

	// a has never heard of Gdańsk: it writes everything.
	fa, ex := syncFile(t, a, "")
	if ex.Known || ex.For != "" {
		t.Fatalf("export of everything: %+v", ex)
	}
	rep := load(t, b, fa)
	if rep.Added == 0 || rep.Added != ex.Header.Changes || rep.Refused+rep.Future+rep.Waiting != 0 {
		t.Fatalf("import at b: %+v", rep)
	}
	if again := load(t, b, fa); again.Added != 0 || again.Already != rep.Added {
		t.Fatalf("second import: %+v", again)
	}

	fb, ex := syncFile(t, b, "Rietavas")
	if !ex.Known {
		t.Fatal("b learned a's vector from a's file")
	}
	va, _ := a.Store().Vector()
	vb, _ := b.Store().Vector()
	if ex.Header.Changes != vb.Count(va) {
		t.Fatalf("the answer holds %d changes, a lacks %d", ex.Header.Changes, vb.Count(va))
	}
	if rep := load(t, a, fb); rep.Added != ex.Header.Changes {
		t.Fatalf("import at a: %+v", rep)
	}
	if dirHash(t, a) != dirHash(t, b) {
		t.Fatal("the offices differ after exchanging files")
	}
	if got, _ := a.Get(mustFind(t, b, "Pracownia 3")); got == nil {
		t.Fatal("b's actor missing at a")
	}
}

func mustFind(t *testing.T, d *app.Directory, name string) string {
	t.Helper()
	actors, err := d.List("actor", app.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range actors {
		if a, ok := r.(*model.Actor); ok && a.Name == name {
			return model.IDOf(a)
		}
	}
	t.Fatalf("%s not found", name)
	return ""
}

// TestSyncFileNoNetwork refuses to write or read a sync file in a data
// folder that belongs to no network.
func TestSyncFileNoNetwork(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	var buf bytes.Buffer
	if _, err := syncfile.Export(context.Background(), d, &buf, "", nil); !errors.Is(err, syncfile.ErrNoNetwork) {
		t.Fatalf("export: %v", err)
	}
	if _, err := syncfile.Import(context.Background(), d, bytes.NewReader(nil), nil); !errors.Is(err, syncfile.ErrNoNetwork) {
		t.Fatalf("import: %v", err)
	}
}

// TestSyncFileAPI saves a sync file at one office and loads it at
// another through what the Sync screen calls (Save, Load, Offices); a cut file is refused
// with a problem code and nothing applied.
func TestSyncFileAPI(t *testing.T) {
	a, b := twoOffices(t)
	putActors(t, a, "Studija", 5)
	ctx := t.Context()
	d, err := syncfile.Save(ctx, a, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Count == 0 || !d.Known || !strings.HasSuffix(d.Name, ".sbcc-sync") {
		t.Fatalf("download: %+v", d.Download.Name)
	}
	raw, _ := base64.StdEncoding.DecodeString(d.Content)
	cut := base64.StdEncoding.EncodeToString(raw[:len(raw)-3])
	if res, err := syncfile.Load(ctx, b, d.Name, cut); err != nil || res.Problem != "truncated" || res.Added != 0 {
		t.Fatalf("cut file: %+v %v", res, err)
	}
	res, err := syncfile.Load(ctx, b, d.Name, "data:application/octet-stream;base64,"+d.Content)
	if err != nil || res.Problem != "" || res.Added != uint64(d.Count) || res.Office != "Rietavas" {
		t.Fatalf("load: %+v %v", res, err)
	}
	if res, _ := syncfile.Load(ctx, b, d.Name, d.Content); res.Added != 0 || res.Already != uint64(d.Count) {
		t.Fatalf("load again: %+v", res)
	}
	offices, err := syncfile.Offices(ctx, b)
	if err != nil || len(offices) != 1 || offices[0].Office != "Rietavas" || !offices[0].Known {
		t.Fatalf("offices at b: %+v %v", offices, err)
	}
	back, err := syncfile.Save(ctx, b, offices[0].Node)
	if err != nil || !back.Known || !strings.Contains(back.Name, "to-rietavas") {
		t.Fatalf("answer: %+v %v", back.Name, err)
	}
	if res, _ := syncfile.Load(ctx, a, back.Name, back.Content); res.Problem != "" || res.Added != uint64(back.Count) {
		t.Fatalf("answer at a: %+v", res)
	}
	if dirHash(t, a) != dirHash(t, b) {
		t.Fatal("offices differ")
	}
}
