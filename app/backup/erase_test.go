package backup_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/backup"
	"sbcc/app/model"
	"sbcc/internal/leaktest"
)

// TestRestoreOlderBackupKeepsErasures: a backup taken before an erase,
// restored over the directory, does not bring the person back: the
// restore erases her again, and no file of the folder holds her values.
func TestRestoreOlderBackupKeepsErasures(t *testing.T) {
	dir := t.TempDir()
	d, err := app.Open(dir, app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	id, err := d.Put(&model.Actor{Kind: "individual", Name: apptest.Erasable[0], Email: apptest.Erasable[1], Phone: apptest.Erasable[2], Address: apptest.Erasable[3], Country: "LT"})
	if err != nil {
		t.Fatal(err)
	}
	keep, err := d.Put(&model.Actor{Kind: "hub", Name: "Rietavo centras", Country: "LT"})
	if err != nil {
		t.Fatal(err)
	}
	var old bytes.Buffer
	if _, err := backup.Backup(d, &old); err != nil {
		t.Fatal(err)
	}
	if err := d.Erase(id); err != nil {
		t.Fatal(err)
	}
	d.Close()
	res, err := backup.RestoreBackup(bytes.NewReader(old.Bytes()), dir, backup.RestoreOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reerased) != 1 || res.Reerased[0].ID != id {
		t.Fatalf("re-erased %v, want %s", res.Reerased, id)
	}
	r := apptest.Open(t, dir)
	a, err := r.Actor(id)
	if err != nil || !a.Meta.Erased || a.Email != "" {
		t.Fatalf("after restoring the older backup: %+v %v", a, err)
	}
	if _, err := r.Actor(keep); err != nil {
		t.Fatalf("the other record: %v", err)
	}
	if got := leaktest.FolderHolding(t, dir, apptest.Erasable); len(got) > 0 {
		t.Errorf("after the restore: %v", got)
	}
}

// TestRestoreOverDamagedStore: a damaged store is no obstacle to restoring
// a backup with --force: it is moved aside, and the restore says so.
func TestRestoreOverDamagedStore(t *testing.T) {
	dir := t.TempDir()
	d, err := app.Open(dir, app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Put(&model.Actor{Kind: "hub", Name: "Rietavo centras", Country: "LT"}); err != nil {
		t.Fatal(err)
	}
	var bk bytes.Buffer
	if _, err := backup.Backup(d, &bk); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if err := os.Truncate(filepath.Join(dir, "sbcc.db"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.RestoreBackup(bytes.NewReader(bk.Bytes()), dir, backup.RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("restore over a damaged store without --force: %v", err)
	}
	res, err := backup.RestoreBackup(bytes.NewReader(bk.Bytes()), dir, backup.RestoreOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "moved to") {
		t.Fatalf("warnings %v", res.Warnings)
	}
	r := apptest.Open(t, dir)
	if n, _ := r.Counts(); n["actor"] != 1 {
		t.Fatalf("restored counts %v", n)
	}
}
