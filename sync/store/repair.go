package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	sbsync "sbcc/sync"
	"sbcc/sync/store/internal/boltfile"
)

// RepairResult says what [Repair] did.
type RepairResult struct {
	// Kept counts the logged changes replayed into the new file; Dropped
	// those that could not be read (lost, unless restored from a backup).
	Kept, Dropped int
	// Records counts the records rebuilt.
	Records int
	// Damaged is where the damaged file was moved.
	Damaged string
}

// Repair rebuilds the store of the closed data folder dir from what can
// still be read of its file: the node's own notes and settings (the meta,
// nodes and local parts) are copied, and records, views, the log index,
// the feed and the version vector are rebuilt by replaying the change log,
// every change that can still be read, each node's in order.
// The damaged file is kept beside the new one (sbcc.db.damaged-TIME) and
// the search index is removed, to be rebuilt. Pages are read without
// bbolt, so damaged ones are skipped, not crashed on. It fails when the
// file's headers are unreadable: then only a backup helps.
func Repair(dir string, schema Schema) (RepairResult, error) {
	var res RepairResult
	path := filepath.Join(dir, FileName)
	// Refuse while another process has the folder open (an intact store
	// opens here: there is nothing to repair then either).
	if s, err := Open(dir, Options{Schema: schema}); err == nil {
		s.Close()
	} else if errors.Is(err, ErrLocked) {
		return res, err
	}
	f, err := os.Open(path)
	if err != nil {
		return res, fmt.Errorf("open the store file: %w", err)
	}
	_, ok := boltfile.NewestMeta(f)
	f.Close()
	if !ok {
		return res, damaged(dir, "both headers of the file are unreadable, so nothing can be rebuilt from it")
	}
	keep, changes, dropped := salvage(path)
	res.Dropped = dropped
	if len(keep[string(bMeta)]) == 0 {
		return res, damaged(dir, "the part of the file that names this node cannot be read, so it cannot be rebuilt")
	}
	tmpDir, err := os.MkdirTemp(dir, ".repair-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, FileName)
	if err := writeKept(tmp, keep); err != nil {
		return res, fmt.Errorf("write the repaired store: %w", err)
	}
	s, err := Open(tmpDir, Options{Schema: schema})
	if err != nil {
		return res, fmt.Errorf("open the repaired store: %w", err)
	}
	kept, err := s.replay(changes)
	if err == nil {
		res.Records, err = s.countRecords()
	}
	s.Close()
	if err != nil {
		return res, fmt.Errorf("rebuild the records from the log: %w", err)
	}
	res.Kept, res.Dropped = kept, res.Dropped+len(changes)-kept
	res.Damaged = filepath.Join(dir, fmt.Sprintf("%s.damaged-%s", FileName, time.Now().UTC().Format("20060102T150405")))
	if err := os.Rename(path, res.Damaged); err != nil {
		return res, fmt.Errorf("move the damaged store aside: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return res, fmt.Errorf("move the repaired store into place (the damaged one is %s): %w", res.Damaged, err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "index")); err != nil {
		return res, fmt.Errorf("remove the search index: %w", err)
	}
	return res, syncFile(path)
}

// logEntry decodes one entry of the log bucket, if it is one.
func logEntry(k, v []byte) (sbsync.Change, bool) {
	var c sbsync.Change
	origin, seq, ok := splitLogKey(k)
	if !ok || len(v) == 0 || v[0] != '{' || json.Unmarshal(v, &c) != nil || c.Origin != origin || c.Seq != seq || c.Validate() != nil {
		return c, false
	}
	return c, true
}

// replay applies logged changes to an empty store, each origin's in
// sequence order, and returns how many it applied. A change that could
// not be read is missing from the replay, and the version vector says it
// is held: a repair keeps every change that can be read rather than what
// comes before the first unreadable one.
func (s *Store) replay(changes []sbsync.Change) (int, error) {
	slices.SortFunc(changes, func(a, b sbsync.Change) int {
		if a.Origin != b.Origin {
			if a.Origin < b.Origin {
				return -1
			}
			return 1
		}
		return int(a.Seq) - int(b.Seq)
	})
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		w := s.writer(tx)
		next := map[sbsync.NodeID]uint64{}
		for i := range changes {
			c := changes[i]
			next[c.Origin] = c.Seq
			if err := w.merge(&c, s.fitting(&c), nil); err != nil {
				return err
			}
			n++
		}
		if seq := getU64(w.meta, kSeq); next[s.node] > seq {
			if err := w.meta.Put(kSeq, u64(next[s.node])); err != nil {
				return err
			}
		}
		if err := w.meta.Put(kHLC, u64(uint64(s.clock.Last()))); err != nil {
			return err
		}
		return w.flush()
	})
	return n, err
}

// countRecords counts every record.
func (s *Store) countRecords() (int, error) {
	st, err := s.Stats()
	n := 0
	for _, c := range st.Records {
		n += c
	}
	return n, err
}

// salvage reads what can be read of the store file at path: the buckets
// kept as they are (meta, nodes, local) and every readable change of the
// log, and counts the log entries it had to drop.
func salvage(path string) (keep map[string][][2][]byte, changes []sbsync.Change, dropped int) {
	keep = map[string][][2][]byte{}
	boltfile.Walk(path, maxProblems, func(bpath []string, k, v []byte) {
		if len(bpath) != 1 {
			return
		}
		switch name := bpath[0]; name {
		case string(bMeta), string(bNodes), string(bLocal):
			keep[name] = append(keep[name], [2][]byte{k, v})
		case string(bLog):
			c, ok := logEntry(k, v)
			if !ok {
				dropped++
				return
			}
			changes = append(changes, c)
		}
	})
	// A damaged branch page hides every leaf under it from the walk: read
	// every leaf page of the file too, and keep the log entries found there
	// that the walk missed (log keys and values are recognisable on their
	// own: origin, sequence number and the same in the JSON).
	have := make(map[string]bool, len(changes))
	for _, c := range changes {
		have[string(logKey(c.Origin, c.Seq))] = true
	}
	boltfile.ScanLeaves(path, func(k, v []byte) {
		if have[string(k)] {
			return
		}
		if c, ok := logEntry(k, v); ok {
			have[string(k)] = true
			changes = append(changes, c)
		}
	})
	return keep, changes, dropped
}

// writeKept writes the kept buckets into a new bbolt file at path.
func writeKept(path string, keep map[string][][2][]byte) error {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for name, kvs := range keep {
			b, err := tx.CreateBucketIfNotExists([]byte(name))
			if err != nil {
				return err
			}
			for _, kv := range kvs {
				if err := b.Put(kv[0], kv[1]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}
