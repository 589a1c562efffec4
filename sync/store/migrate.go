package store

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// A Migration upgrades a store file from schema From to From+1. Open runs
// the migrations a file needs, oldest first, each in its own transaction
// that also writes the new schema number: a crash or an error leaves the
// file at the last schema that completed, and the next Open resumes there.
type Migration struct {
	// From is the schema the migration reads; it writes From+1.
	From uint64
	// What says in a few words what changes, for the progress display.
	What string
	// Run rewrites the file inside tx. report, when called, tells how far
	// it is (done of total units, e.g. records).
	Run func(tx *bolt.Tx, report func(done, total int)) error
}

// migrations lists every migration, keyed by From. Each change of the file
// layout bumps SchemaVersion and adds its migration here (and a fixture of
// the layout it replaces next to testdata/schema1.db).
var migrations = []Migration{
	{From: 1, What: "give this node a signing key and the id derived from it", Run: func(tx *bolt.Tx, report func(done, total int)) error {
		meta := tx.Bucket(bMeta)
		if meta == nil || meta.Get(kNode) == nil {
			return ErrNotStore
		}
		_, err := newIdentity(meta)
		return err
	}},
}

// UpgradeStep reports an upgrade of the store file during Open.
type UpgradeStep struct {
	// From and To are the schema numbers of the step under way.
	From, To uint64
	// What says what the step changes ("backup" while copying the file).
	What string
	// Backup is the copy of the file written before the first step.
	Backup string
	// Done and Total count units of the step when the migration reports
	// them.
	Done, Total int
	// Finished is set on the last report of a step, once it is committed.
	Finished bool
}

// BackupName returns the name of the copy of a store file kept before it
// is migrated from schema version.
func BackupName(version uint64) string {
	return fmt.Sprintf("%s.v%d.bak", FileName, version)
}

// fileSchema returns the schema number in the file, or 0 with fresh
// false when the file has none (a new, empty file).
func fileSchema(db *bolt.DB) (n uint64, ok bool, err error) {
	err = db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			return nil
		}
		if v := meta.Get(kSchema); len(v) == 8 {
			n, ok = binary.BigEndian.Uint64(v), true
		}
		return nil
	})
	return n, ok, err
}

// migrate brings the file from schema from to schema to with the given
// migrations: it first copies the file to BackupName(from) next to it
// (replacing an older copy of the same schema), then runs each step in its
// own transaction.
func migrate(db *bolt.DB, from, to uint64, list []Migration, progress func(UpgradeStep)) error {
	if progress == nil {
		progress = func(UpgradeStep) {}
	}
	byFrom := map[uint64]Migration{}
	for _, m := range list {
		byFrom[m.From] = m
	}
	for v := from; v < to; v++ {
		if _, ok := byFrom[v]; !ok {
			return fmt.Errorf("store: this sbcc cannot upgrade a data folder of schema %d (no migration from %d to %d)", from, v, v+1)
		}
	}
	backup := filepath.Join(filepath.Dir(db.Path()), BackupName(from))
	progress(UpgradeStep{From: from, To: to, What: "backup", Backup: backup})
	if err := copyFile(db, backup); err != nil {
		return fmt.Errorf("back up the data folder before upgrading it: %w", err)
	}
	for v := from; v < to; v++ {
		m := byFrom[v]
		p := UpgradeStep{From: v, To: v + 1, What: m.What, Backup: backup}
		progress(p)
		err := db.Update(func(tx *bolt.Tx) error {
			report := func(done, total int) {
				p.Done, p.Total = done, total
				progress(p)
			}
			if err := m.Run(tx, report); err != nil {
				return err
			}
			meta, err := tx.CreateBucketIfNotExists(bMeta)
			if err != nil {
				return err
			}
			return meta.Put(kSchema, u64(v+1))
		})
		if err != nil {
			return fmt.Errorf("upgrade the data folder from schema %d to %d (%s): %w; the copy made before is %s", v, v+1, m.What, err, backup)
		}
		p.Done, p.Finished = p.Total, true
		progress(p)
	}
	return nil
}

// copyFile writes a consistent copy of the open file to path, through a
// temporary file so that a crash never leaves half a backup.
func copyFile(db *bolt.DB, path string) error {
	tmp := path + ".tmp"
	err := db.View(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o600) })
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
