package backup_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/backup"
	"sbcc/app/model"
	"sbcc/sync/store"
)

// TestBackupWhileWriting takes a backup while another goroutine keeps
// writing, restores it, and checks that the copy is consistent and holds
// every write acknowledged before the backup started.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	d := apptest.Open(t, filepath.Join(dir, "live"))
	if err := d.SetOffice("Rietavas"); err != nil {
		t.Fatal(err)
	}
	var mu stdsync.Mutex
	var acked []string
	stop := make(chan struct{})
	done := make(chan error)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			batch := make([]model.Record, 20)
			for j := range batch {
				batch[j] = &model.Actor{Kind: "organisation", Name: fmt.Sprintf("Studija %d-%d", i, j), Country: "LT"}
			}
			ids, err := d.PutMany(batch)
			if err != nil {
				done <- err
				return
			}
			mu.Lock()
			acked = append(acked, ids...)
			mu.Unlock()
		}
	}()
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 2000 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	before := append([]string{}, acked...)
	mu.Unlock()
	var buf bytes.Buffer
	m, err := backup.Backup(d, &buf)
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err != nil || m.Node != string(d.Store().Node()) || m.Office != "Rietavas" {
		t.Fatalf("backup %+v %v", m, err)
	}
	target := filepath.Join(dir, "restored")
	res, err := backup.RestoreBackup(bytes.NewReader(buf.Bytes()), target, backup.RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Node == m.Node || res.Node == "" {
		t.Fatalf("restored node id %q, backup's %q", res.Node, m.Node)
	}
	r := apptest.Open(t, target)
	if err := r.Store().Check(); err != nil {
		t.Fatal(err)
	}
	if string(r.Store().Node()) != res.Node || r.Office() != "Rietavas" {
		t.Fatalf("node %s office %q", r.Store().Node(), r.Office())
	}
	for _, id := range before {
		if _, err := r.Get(id); err != nil {
			t.Fatalf("acknowledged write %s missing from the backup: %v", id, err)
		}
	}
	// The restored node writes under its own id, from sequence 1.
	if _, err := r.Put(&model.Actor{Kind: "hub", Name: "After restore", Country: "LT"}); err != nil {
		t.Fatal(err)
	}
	vec, _ := r.Store().Vector()
	if vec[r.Store().Node()] != 1 || vec[d.Store().Node()] < uint64(len(before)) {
		t.Fatalf("vector %v", vec)
	}
}

func TestRestoreRefusals(t *testing.T) {
	src := apptest.Demo(t, 10)
	var buf bytes.Buffer
	m, err := backup.Backup(src, &buf)
	if err != nil {
		t.Fatal(err)
	}
	// A folder with records: refused without force.
	full := t.TempDir()
	d, err := app.Open(full, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.Put(&model.Actor{Kind: "hub", Name: "Here", Country: "SE"})
	// Open: refused as locked.
	if _, err := backup.RestoreBackup(bytes.NewReader(buf.Bytes()), full, backup.RestoreOptions{Force: true}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("restore into an open folder: %v", err)
	}
	d.Close()
	if _, err := backup.RestoreBackup(bytes.NewReader(buf.Bytes()), full, backup.RestoreOptions{}); !errors.Is(err, backup.ErrFolderNotEmpty) {
		t.Fatalf("restore into a full folder: %v", err)
	}
	res, err := backup.RestoreBackup(bytes.NewReader(buf.Bytes()), full, backup.RestoreOptions{Force: true, KeepNodeID: true})
	if err != nil || res.Node != m.Node {
		t.Fatalf("forced restore keeping the node id: %+v %v", res, err)
	}
	r := apptest.Open(t, full)
	h1, _ := src.Hash()
	if h2, _ := r.Hash(); h1 != h2 {
		t.Fatal("restored store differs")
	}
	// Not a backup, and a truncated one.
	if _, err := backup.RestoreBackup(strings.NewReader("hello"), t.TempDir(), backup.RestoreOptions{}); !errors.Is(err, backup.ErrNotBackup) {
		t.Fatalf("restore of junk: %v", err)
	}
	empty := t.TempDir()
	if _, err := backup.RestoreBackup(bytes.NewReader(buf.Bytes()[:buf.Len()/2]), empty, backup.RestoreOptions{}); err == nil {
		t.Fatal("restore of a cut backup succeeded")
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 1 { // only the (empty) store, no leftovers
		t.Fatalf("leftovers after a failed restore: %v", entries)
	}
}
