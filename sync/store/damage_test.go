package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sbcc/app/model"
	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// damagedFolder makes a data folder with a store of n actors and a backup
// file beside it, closes it, and returns the folder and the store's path.
func damagedFolder(t *testing.T, n int) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	s, err := Open(dir, Options{Schema: model.Schema{}, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		id := fmt.Sprintf("01damage%018d", i)
		if _, err := s.Commit(Edit{Kind: "actor", ID: id, Op: sbsync.OpSet, Fields: fields("kind", "organisation", "name", fmt.Sprint("Dirbtuvės ", i), "country", "LT", "description", strings.Repeat("Amatai. ", 20))}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if err := os.WriteFile(filepath.Join(dir, "rietavas-2026-11-30.sbcc-backup"), []byte("backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, filepath.Join(dir, FileName)
}

// wantDamaged opens dir and wants ErrDamaged naming the backup and the
// restore command, with no panic and no new store made.
func wantDamaged(t *testing.T, dir string, want string) {
	t.Helper()
	before, _ := os.Stat(filepath.Join(dir, FileName))
	s, err := Open(dir, Options{Schema: model.Schema{}})
	if err == nil {
		s.Close()
		t.Fatal("a damaged store opened without a word")
	}
	msg := err.Error()
	if !errors.Is(err, ErrDamaged) || !strings.Contains(msg, want) || !strings.Contains(msg, "rietavas-2026-11-30.sbcc-backup") || !strings.Contains(msg, "sbcc restore") {
		t.Fatalf("error %q: want ErrDamaged saying %q, naming the backup and the restore command", msg, want)
	}
	after, _ := os.Stat(filepath.Join(dir, FileName))
	if before.Size() != after.Size() {
		t.Fatalf("the damaged file was changed: %d → %d bytes", before.Size(), after.Size())
	}
}

func TestDamagedEmptyFile(t *testing.T) {
	dir, path := damagedFolder(t, 10)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	wantDamaged(t, dir, "is empty (0 bytes)")
}

func TestDamagedTruncated(t *testing.T) {
	dir, path := damagedFolder(t, 2000)
	st, _ := os.Stat(path)
	if err := os.Truncate(path, st.Size()/2); err != nil {
		t.Fatal(err)
	}
	wantDamaged(t, dir, "is cut short")
}

func TestDamagedZeroedMeta(t *testing.T) {
	dir, path := damagedFolder(t, 10)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(make([]byte, 2*pageSize), 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wantDamaged(t, dir, "both headers")
}

// TestDamagedFlippedBytes flips 200 random bytes past the headers: Open or
// Check or reading every record gives ErrDamaged or an error naming the
// damage, never a panic.
func TestDamagedFlippedBytes(t *testing.T) {
	for seed := range uint64(5) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			dir, path := damagedFolder(t, 2000)
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(seed, 15))
			for range 200 {
				raw[2*pageSize+r.IntN(len(raw)-2*pageSize)] ^= byte(1 + r.IntN(255))
			}
			if err := os.WriteFile(path, raw, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(dir, Options{Schema: model.Schema{}})
			if err != nil && !errors.Is(err, ErrDamaged) {
				t.Fatalf("open: %v, want ErrDamaged", err)
			}
			if err == nil {
				// Reading every record gives an error or works: never a panic.
				err = s.ForEach("actor", func(*sbsync.Record) error { return nil })
				t.Logf("reading every actor: %v", err)
				rep := s.Verify(nil)
				s.Close()
				if rep.OK() {
					t.Fatal("200 flipped bytes, and the check found nothing")
				}
				t.Logf("check: %s (%d problems)", rep.Problems[0], len(rep.Problems)+rep.More)
			}
			res, err := Repair(dir, model.Schema{})
			if err != nil {
				t.Fatalf("repair: %v", err)
			}
			t.Logf("repair: %+v", res)
			s, err = Open(dir, Options{Schema: model.Schema{}})
			if err != nil {
				t.Fatalf("open after the repair: %v", err)
			}
			defer s.Close()
			if rep := s.Verify(nil); !rep.OK() || res.Records == 0 || res.Records != rep.Records {
				t.Fatalf("after the repair (%+v): %v", res, rep)
			}
		})
	}
}

// TestNoNewStoreBesideNetworkOrIndex: a missing store file in a folder with
// a network file or an index is refused, not replaced by an empty store.
func TestNoNewStoreBesideNetworkOrIndex(t *testing.T) {
	for _, name := range []string{trust.FileName, "index"} {
		dir := t.TempDir()
		var err error
		if name == "index" {
			err = os.Mkdir(filepath.Join(dir, name), 0o700)
		} else {
			err = os.WriteFile(filepath.Join(dir, name), []byte("{}"), 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
		s, err := Open(dir, Options{Schema: model.Schema{}})
		if err == nil {
			s.Close()
			t.Fatalf("beside %s: a new store was made", name)
		}
		if !errors.Is(err, ErrStoreMissing) || !strings.Contains(err.Error(), "sbcc restore") {
			t.Fatalf("beside %s: %v", name, err)
		}
		if _, err := os.Stat(filepath.Join(dir, FileName)); err == nil {
			t.Fatalf("beside %s: a store file was created", name)
		}
	}
	// A new folder is fine.
	s, err := Open(filepath.Join(t.TempDir(), "new"), Options{Schema: model.Schema{}})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}
