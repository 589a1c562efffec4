package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"sbcc/app/model"
	"sbcc/internal/leaktest"
	sbsync "sbcc/sync"
)

// personal values of the person erased in the tests below: none of them
// may remain in any file of a data folder once the erase is applied.
var erasedValues = []string{"Ona Erasable-Petraitienė", "ona.erasable@example.lt", "+370 600 98765", "Vilniaus g. 77-13, Rietavas"}

// fillPerson writes the person to erase, edits her a few times (so that
// old values sit in freed pages) and writes others around her.
func fillPerson(t *testing.T, s *Store) string {
	t.Helper()
	id := "01erasablepersonzzzzzzzzzz"
	for i := range 50 {
		other := fmt.Sprintf("01otherperson%013d", i)
		if _, err := s.Commit(Edit{Kind: "actor", ID: other, Op: sbsync.OpSet, Fields: fields("kind", "person", "name", fmt.Sprint("Kitas ", i), "country", "LT")}); err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 {
			f := fields("kind", "person", "name", erasedValues[0], "email", erasedValues[1], "phone", erasedValues[2], "address", erasedValues[3], "country", "LT", "description", fmt.Sprint("version ", i))
			if _, err := s.Commit(Edit{Kind: "actor", ID: id, Op: sbsync.OpSet, Fields: f}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return id
}

// TestEraseLeavesNothingOnDisk erases a person on one replica and applies
// the erase on a second one that synced her before: afterwards no byte of
// any file in either data folder holds her name, e-mail, phone or address
// (bbolt's freed pages are wiped), while the stores stay consistent.
func TestEraseLeavesNothingOnDisk(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	a, b := open(t, dirA), open(t, dirB)
	id := fillPerson(t, a)
	exchange(t, []*Store{a, b})
	if got := leaktest.FolderHolding(t, dirB, erasedValues); len(got) == 0 {
		t.Fatal("the second replica does not hold the person before the erase: the test proves nothing")
	}
	if _, err := a.Commit(Edit{Kind: "actor", ID: id, Op: sbsync.OpErase}); err != nil {
		t.Fatal(err)
	}
	if got := leaktest.FolderHolding(t, dirA, erasedValues); len(got) > 0 {
		t.Errorf("after the erase on A: %v", got)
	}
	exchange(t, []*Store{a, b})
	if got := leaktest.FolderHolding(t, dirB, erasedValues); len(got) > 0 {
		t.Errorf("after the erase reached B: %v", got)
	}
	for _, s := range []*Store{a, b} {
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
		rec, err := s.Get("actor", id)
		if err != nil || rec.Erased == nil {
			t.Fatalf("erased record: %v %v", rec, err)
		}
		if _, err := s.Get("actor", "01otherperson0000000000049"); err != nil {
			t.Fatalf("other record lost: %v", err)
		}
	}
}

// TestScrubResumesAfterCrash: an erase committed whose wipe did not run
// (the process died between) is wiped when the store is next opened.
func TestScrubResumesAfterCrash(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Schema: model.Schema{}, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	id := fillPerson(t, s)
	// A reader stays open through the erase, so the wipe cannot run: as
	// if the process died before it.
	scrubWait = 10 * time.Millisecond
	defer func() { scrubWait = 30 * time.Second }()
	s.gate.RLock()
	_, err = s.Commit(Edit{Kind: "actor", ID: id, Op: sbsync.OpErase})
	if !errors.Is(err, ErrScrubPending) {
		t.Fatalf("erase while a reader is open: %v, want ErrScrubPending", err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	s.gate.RUnlock()
	s.Close()
	crashed := t.TempDir()
	if err := os.WriteFile(filepath.Join(crashed, FileName), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := leaktest.FolderHolding(t, crashed, erasedValues); len(got) == 0 {
		t.Fatal("the crashed copy holds nothing to wipe: the test proves nothing")
	}
	s2, err := Open(crashed, Options{Schema: model.Schema{}, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := leaktest.FolderHolding(t, crashed, erasedValues); len(got) > 0 {
		t.Errorf("after reopening: %v", got)
	}
}
