package store

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"sbcc/app/model"
	sbsync "sbcc/sync"
)

// copyFixture copies testdata/name into a new data folder and returns it.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readFixture(t *testing.T, name string) Fixture {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var f Fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSchema1Fixture opens the store file written by the first released
// layout with this build: it must open (migrating when SchemaVersion has
// moved on), pass bbolt's check and hold the same records.
func TestSchema1Fixture(t *testing.T) {
	want := readFixture(t, "schema1.json")
	if want.Schema != 1 {
		t.Fatalf("fixture schema %d", want.Schema)
	}
	dir := copyFixture(t, "schema1.db")
	var events []UpgradeStep
	s, err := Open(dir, Options{Schema: model.Schema{}, NoSync: true, Progress: func(p UpgradeStep) { events = append(events, p) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, _, err := fileSchema(s.db)
	if err != nil || n != SchemaVersion {
		t.Fatalf("schema after open: %d, %v; want %d", n, err, SchemaVersion)
	}
	_, bakErr := os.Stat(filepath.Join(dir, BackupName(1)))
	if SchemaVersion == 1 {
		if len(events) > 0 || bakErr == nil {
			t.Fatalf("a current file was migrated: %v", events)
		}
	} else if bakErr != nil || len(events) == 0 {
		t.Fatalf("upgrade from schema 1: backup %v, %d progress reports", bakErr, len(events))
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	// Schema 2 gave the node a key and the id derived from it; the changes
	// made under the old id stay, as a peer's.
	if string(s.Node()) == want.Node || s.Node() != sbsync.NodeIDFor(s.Key().Public().(ed25519.PublicKey)) {
		t.Errorf("node %s after upgrade: not derived from its key (old id %s)", s.Node(), want.Node)
	}
	h, err := s.Hash()
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h); got != want.Hash {
		t.Errorf("hash %s, want %s", got, want.Hash)
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(st.Records, want.Records) || st.Changes != want.Changes {
		t.Errorf("records %v, %d changes; want %v, %d", st.Records, st.Changes, want.Records, want.Changes)
	}
	// The upgraded store takes new edits.
	if _, err := s.Commit(Edit{Kind: "actor", ID: "after-upgrade", Op: sbsync.OpSet, Fields: fields("name", "Nowa Pracownia")}); err != nil {
		t.Fatal(err)
	}
}

// setSchema writes schema n into the file of a closed store in dir.
func setSchema(t *testing.T, dir string, n uint64) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, u64(n)) }); err != nil {
		t.Fatal(err)
	}
}

func getSchema(t *testing.T, path string) uint64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, _, err := fileSchema(db)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOpenMigratesOlderSchema runs Open on a file of a synthetic schema
// one below the current with a test-only migration to the current schema.
func TestOpenMigratesOlderSchema(t *testing.T) {
	const prev = SchemaVersion - 1
	dir := t.TempDir()
	s, err := Open(dir, Options{Schema: model.Schema{}, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(Edit{Kind: "actor", ID: "a", Op: sbsync.OpSet, Fields: fields("name", "Studija Rietavas")}); err != nil {
		t.Fatal(err)
	}
	hash, _ := s.Hash()
	node := s.Node()
	s.Close()
	setSchema(t, dir, prev)

	saved := migrations
	t.Cleanup(func() { migrations = saved })
	// Without a migration from prev the file is refused, untouched.
	migrations = nil
	if _, err := Open(dir, Options{Schema: model.Schema{}}); err == nil || !strings.Contains(err.Error(), "cannot upgrade") {
		t.Fatalf("open without migration: %v", err)
	}
	if n := getSchema(t, filepath.Join(dir, FileName)); n != prev {
		t.Fatalf("refused file changed to schema %d", n)
	}

	migrations = []Migration{{From: prev, What: "add a marker note", Run: func(tx *bolt.Tx, report func(done, total int)) error {
		report(0, 1)
		if err := tx.Bucket(bLocal).Put([]byte("migrated-from-0"), []byte("yes")); err != nil {
			return err
		}
		report(1, 1)
		return nil
	}}}
	var events []UpgradeStep
	s, err = Open(dir, Options{Schema: model.Schema{}, NoSync: true, Progress: func(p UpgradeStep) { events = append(events, p) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.NoteGet([]byte("migrated-from-0")); string(v) != "yes" {
		t.Fatal("migration did not run")
	}
	if n, _, _ := fileSchema(s.db); n != SchemaVersion {
		t.Fatalf("schema %d after migration", n)
	}
	if h, _ := s.Hash(); string(h) != string(hash) || s.Node() != node {
		t.Fatal("migration changed the records or the node")
	}
	bak := filepath.Join(dir, BackupName(prev))
	if n := getSchema(t, bak); n != prev {
		t.Fatalf("backup has schema %d, want %d", n, prev)
	}
	if events[0].What != "backup" || events[0].Backup != bak || !events[len(events)-1].Finished {
		t.Fatalf("progress: %+v", events)
	}
	var counted bool
	for _, e := range events {
		counted = counted || (e.Total == 1 && e.Done == 1 && !e.Finished)
	}
	if !counted {
		t.Fatalf("the migration's own report was not passed on: %+v", events)
	}
}

// TestMigrateResumes runs a chain 1 → 2 → 3 whose second step fails once:
// the file stays at schema 2 with the first step's work, without any of the
// failed step's, and the next run resumes from 2.
func TestMigrateResumes(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Schema: model.Schema{}, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	setSchema(t, dir, 1)
	path := filepath.Join(dir, FileName)
	fail := true
	ran := map[uint64]int{}
	mark := func(from uint64) func(*bolt.Tx, func(int, int)) error {
		return func(tx *bolt.Tx, _ func(int, int)) error {
			ran[from]++
			if err := tx.Bucket(bLocal).Put([]byte{byte('0' + from)}, []byte("done")); err != nil {
				return err
			}
			if from == 2 && fail {
				return errors.New("disk full")
			}
			return nil
		}
	}
	list := []Migration{{From: 2, What: "second", Run: mark(2)}, {From: 1, What: "first", Run: mark(1)}}

	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = migrate(db, 1, 3, list, nil)
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), BackupName(1)) {
		t.Fatalf("failing step: %v", err)
	}
	n, _, _ := fileSchema(db)
	var first, second []byte
	db.View(func(tx *bolt.Tx) error {
		first, second = tx.Bucket(bLocal).Get([]byte("1")), tx.Bucket(bLocal).Get([]byte("2"))
		return nil
	})
	if n != 2 || first == nil || second != nil {
		t.Fatalf("after a failed second step: schema %d, first %q, second %q", n, first, second)
	}
	fail = false
	if err := migrate(db, n, 3, list, nil); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := fileSchema(db); n != 3 {
		t.Fatalf("schema %d after resuming", n)
	}
	db.Close()
	if ran[1] != 1 || ran[2] != 2 {
		t.Fatalf("steps ran %v, want the first once and the second twice", ran)
	}
	if getSchema(t, filepath.Join(dir, BackupName(1))) != 1 || getSchema(t, filepath.Join(dir, BackupName(2))) != 2 {
		t.Fatal("backups do not hold the schema they were made from")
	}
	// A gap in the chain is refused before anything is written.
	db, _ = bolt.Open(path, 0o600, nil)
	defer db.Close()
	if err := migrate(db, 3, 5, []Migration{{From: 4, Run: mark(4)}}, nil); err == nil || !strings.Contains(err.Error(), "no migration from 3 to 4") {
		t.Fatalf("gap: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, BackupName(3))); err == nil {
		t.Fatal("a refused upgrade wrote a backup")
	}
}
