package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	sbsync "sbcc/sync"
	"sbcc/sync/store/internal/boltfile"
)

// Report is what [Store.Verify] found.
type Report struct {
	// Records, Views and Changes count the entries read and decoded.
	Records, Views, Changes int
	// Problems says, in plain words, each thing found wrong (at most
	// maxProblems of them; More counts the rest).
	Problems []string
	More     int
}

// OK reports whether nothing was found wrong.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

const maxProblems = 50

func (r *Report) problem(format string, args ...any) {
	if len(r.Problems) >= maxProblems {
		r.More++
		return
	}
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Verify runs bbolt's consistency check over the whole file, then decodes
// every record, view and logged change and checks that each record's log
// index points at a logged change. It never panics on a damaged file: a
// page that cannot be read is one more problem. progress, when not nil, is
// told each step's name.
func (s *Store) Verify(progress func(step string)) Report {
	var rep Report
	step := func(name string, fn func(tx *bolt.Tx) error) {
		if progress != nil {
			progress(name)
		}
		err := s.view(func(tx *bolt.Tx) error {
			if tx.Bucket(bRecords) == nil || tx.Bucket(bLog) == nil || tx.Bucket(bViews) == nil || tx.Bucket(bByRecord) == nil {
				return fmt.Errorf("a part of the store is missing")
			}
			return fn(tx)
		})
		if err != nil {
			rep.problem("%s: %v", name, err)
		}
	}
	if progress != nil {
		progress("pages")
	}
	var problems []string
	// Under the writer's lock, so that the file is not written meanwhile.
	errRollback := fmt.Errorf("rollback")
	_ = s.update(func(*bolt.Tx) error {
		problems = boltfile.Walk(s.db.Path(), maxProblems, nil)
		return errRollback
	})
	if len(problems) > 0 {
		// bbolt's check and reads would crash on these pages.
		for _, p := range problems {
			rep.problem("pages: %s", p)
		}
		return rep
	}
	step("file structure", func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			rep.problem("file structure: %v", err)
		}
		return nil
	})
	step("change log", rep.checkLog)
	step("records", rep.checkRecords)
	step("views", rep.checkViews)
	step("log index", rep.checkLogIndex)
	return rep
}

// checkLog checks that every logged change reads, is filed under its own
// origin and number, and is valid.
func (rep *Report) checkLog(tx *bolt.Tx) error {
	return tx.Bucket(bLog).ForEach(func(k, v []byte) error {
		rep.Changes++
		var ch sbsync.Change
		origin, seq, ok := splitLogKey(k)
		switch {
		case !ok:
			rep.problem("change log: an entry has an unreadable key")
		case json.Unmarshal(v, &ch) != nil:
			rep.problem("change log: change %d of node %s cannot be read", seq, origin)
		case ch.Origin != origin || ch.Seq != seq:
			rep.problem("change log: change %d of node %s is filed under another number", seq, origin)
		case ch.Validate() != nil:
			rep.problem("change log: change %d of node %s is not valid: %v", seq, origin, ch.Validate())
		}
		return nil
	})
}

// checkRecords checks that every record reads and is filed under its kind
// and id.
func (rep *Report) checkRecords(tx *bolt.Tx) error {
	return tx.Bucket(bRecords).ForEachBucket(func(kind []byte) error {
		return tx.Bucket(bRecords).Bucket(kind).ForEach(func(k, v []byte) error {
			rep.Records++
			if r, err := decodeRecord(v); err != nil || r.Kind != string(kind) || r.ID != string(k) {
				rep.problem("records: %s %s cannot be read", kind, k)
			}
			return nil
		})
	})
}

// checkViews checks that every record's shown copy is JSON.
func (rep *Report) checkViews(tx *bolt.Tx) error {
	return tx.Bucket(bViews).ForEachBucket(func(kind []byte) error {
		return tx.Bucket(bViews).Bucket(kind).ForEach(func(k, v []byte) error {
			rep.Views++
			if !json.Valid(v) {
				rep.problem("views: the shown copy of %s %s cannot be read", kind, k)
			}
			return nil
		})
	})
}

// checkLogIndex checks that every entry of the per-record log index
// points at a logged change.
func (rep *Report) checkLogIndex(tx *bolt.Tx) error {
	log := tx.Bucket(bLog)
	return tx.Bucket(bByRecord).ForEach(func(k, _ []byte) error {
		// key: kind/id 0x00 origin 0x00 seq(8)
		if len(k) < 10 {
			rep.problem("log index: an entry has an unreadable key")
			return nil
		}
		rest := k[:len(k)-9]
		j := len(rest) - 1
		for j >= 0 && rest[j] != 0 {
			j--
		}
		if j < 0 {
			rep.problem("log index: an entry has an unreadable key")
			return nil
		}
		origin, seq, ok := splitLogKey(k[j+1:])
		if !ok || log.Get(logKey(origin, seq)) == nil {
			rep.problem("log index: %s points at change %d of node %s, which is not in the log", rest[:j], seq, origin)
		}
		return nil
	})
}
