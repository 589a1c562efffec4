package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"sbcc/app/model"
	sbsync "sbcc/sync"
)

// TestDiskFull fills a small real file system (a 6 MB tmpfs, so the test
// needs the right to mount one: root, as in CI) under the store: the commit
// that does not fit fails with ErrDiskFull, every acknowledged commit is
// there after reopening, the file passes bbolt's check, and once space is
// freed commits work again.
func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=6m"); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (%v): run as root to test a full disk", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	s, err := Open(dir, Options{Schema: model.Schema{}})
	if err != nil {
		t.Fatal(err)
	}
	// Leave the store about 1.5 MB.
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, 4<<20+512<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("Tradicinių amatų dirbtuvės ir parodos. ", 100)
	var saved []string
	var full error
	for i := range 5000 {
		id := fmt.Sprintf("01diskfull%016d", i)
		_, err := s.Commit(Edit{Kind: "actor", ID: id, Op: sbsync.OpSet, Fields: fields("kind", "organisation", "name", fmt.Sprint("Dirbtuvės ", i), "country", "LT", "address", text)})
		if err != nil {
			full = err
			break
		}
		saved = append(saved, id)
	}
	if !errors.Is(full, ErrDiskFull) || !IsDiskFull(full) {
		t.Fatalf("after %d commits: %v, want ErrDiskFull", len(saved), full)
	}
	if !strings.Contains(full.Error(), "the disk is full") || len(saved) < 10 {
		t.Fatalf("%d saved, error %q", len(saved), full)
	}
	t.Logf("%d commits saved, then: %v", len(saved), full)
	s.Close()
	os.Remove(filler)
	s, err = Open(dir, Options{Schema: model.Schema{}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatalf("the file is damaged after the disk was full: %v", err)
	}
	for _, id := range saved {
		if _, err := s.Get("actor", id); err != nil {
			t.Fatalf("acknowledged %s lost: %v", id, err)
		}
	}
	if _, err := s.Commit(Edit{Kind: "actor", ID: "01diskfullafter00000000", Op: sbsync.OpSet, Fields: fields("kind", "organisation", "name", "After", "country", "LT")}); err != nil {
		t.Fatalf("commit after freeing space: %v", err)
	}
}
