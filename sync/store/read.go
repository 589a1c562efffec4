package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	sbsync "sbcc/sync"
)

func readRecord(tx *bolt.Tx, kind, id string) (*sbsync.Record, error) {
	kb := tx.Bucket(bRecords).Bucket([]byte(kind))
	if kb == nil {
		return nil, ErrNotFound
	}
	raw := kb.Get([]byte(id))
	if raw == nil {
		return nil, ErrNotFound
	}
	return decodeRecord(raw)
}

func decodeRecord(raw []byte) (*sbsync.Record, error) {
	var r sbsync.Record
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("damaged record in store: %w", err)
	}
	if r.Fields == nil {
		r.Fields = map[string]*sbsync.Field{}
	}
	if r.Applied == nil {
		r.Applied = sbsync.Vector{}
	}
	return &r, nil
}

// Get returns the record kind/id, deleted or not.
func (s *Store) Get(kind, id string) (*sbsync.Record, error) {
	var r *sbsync.Record
	err := s.view(func(tx *bolt.Tx) (err error) {
		r, err = readRecord(tx, kind, id)
		return err
	})
	return r, err
}

// Find returns the record with id, whatever its kind.
func (s *Store) Find(id string) (*sbsync.Record, error) {
	var r *sbsync.Record
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bRecords).ForEachBucket(func(kind []byte) error {
			if r != nil {
				return nil
			}
			got, err := readRecord(tx, string(kind), id)
			if err == nil {
				r = got
			}
			if err == ErrNotFound {
				err = nil
			}
			return err
		})
	})
	if err == nil && r == nil {
		err = ErrNotFound
	}
	return r, err
}

// ForEach calls fn for every record of kind, deleted ones included, in id
// order, until fn returns an error.
func (s *Store) ForEach(kind string, fn func(*sbsync.Record) error) error {
	return s.view(func(tx *bolt.Tx) error {
		kb := tx.Bucket(bRecords).Bucket([]byte(kind))
		if kb == nil {
			return nil
		}
		return kb.ForEach(func(_, v []byte) error {
			s.touchedIn(tx, len(v))
			r, err := decodeRecord(v)
			if err != nil {
				return err
			}
			return fn(r)
		})
	})
}

// Kinds returns the kinds that have records.
func (s *Store) Kinds() ([]string, error) {
	var out []string
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bRecords).ForEachBucket(func(k []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}

// Vector returns the replica's version vector.
func (s *Store) Vector() (sbsync.Vector, error) {
	v := sbsync.Vector{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bVector).ForEach(func(k, val []byte) error {
			v[sbsync.NodeID(k)] = binary.BigEndian.Uint64(val)
			return nil
		})
	})
	return v, err
}

// ChangesSince calls fn, in origin and sequence order, for every change this
// replica holds that a replica with vector have lacks. It stops early when
// fn returns an error other than nil, and returns that error.
func (s *Store) ChangesSince(have sbsync.Vector, fn func(sbsync.Change) error) error {
	return s.RawChangesSince(have, func(origin sbsync.NodeID, seq uint64, raw []byte) error {
		var ch sbsync.Change
		if err := json.Unmarshal(raw, &ch); err != nil {
			return fmt.Errorf("damaged change %s/%d in log: %w", origin, seq, err)
		}
		return fn(ch)
	})
}

// RawChangesSince is ChangesSince without decoding: fn gets each change's
// logged JSON, valid only during the call, so that a sender can pass it
// on as it is.
func (s *Store) RawChangesSince(have sbsync.Vector, fn func(origin sbsync.NodeID, seq uint64, raw []byte) error) error {
	return s.view(func(tx *bolt.Tx) error {
		mine := sbsync.Vector{}
		if err := tx.Bucket(bVector).ForEach(func(k, val []byte) error {
			mine[sbsync.NodeID(k)] = binary.BigEndian.Uint64(val)
			return nil
		}); err != nil {
			return err
		}
		c := tx.Bucket(bLog).Cursor()
		for _, r := range mine.Lacks(have) {
			for k, v := c.Seek(logKey(r.Origin, r.From)); k != nil; k, v = c.Next() {
				origin, seq, ok := splitLogKey(k)
				if !ok || origin != r.Origin || seq > r.To {
					break
				}
				s.touchedIn(tx, len(v))
				if err := fn(origin, seq, v); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// History returns the logged changes of kind/id, oldest first by stamp.
func (s *Store) History(kind, id string) ([]sbsync.Change, error) {
	var out []sbsync.Change
	err := s.view(func(tx *bolt.Tx) error {
		log := tx.Bucket(bLog)
		prefix := []byte(recordKey(kind, id) + "\x00")
		c := tx.Bucket(bByRecord).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			origin, seq, ok := splitByRecordKey(k[len(prefix):])
			if !ok {
				continue
			}
			var ch sbsync.Change
			if err := json.Unmarshal(log.Get(logKey(origin, seq)), &ch); err != nil {
				return fmt.Errorf("damaged change %s/%d in log: %w", origin, seq, err)
			}
			out = append(out, ch)
		}
		return nil
	})
	sortByStamp(out)
	return out, err
}

func sortByStamp(cs []sbsync.Change) {
	slices.SortFunc(cs, func(a, b sbsync.Change) int {
		if a.Stamp().Less(b.Stamp()) {
			return -1
		}
		return 1
	})
}

// FeedHead returns the position of the latest feed entry.
func (s *Store) FeedHead() (uint64, error) {
	var n uint64
	err := s.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bFeed).Sequence()
		return nil
	})
	return n, err
}

// FeedSince calls fn for every feed entry after position from, in order,
// with the record's current state. A record changed several times after
// from is reported at each position; fn sees its latest state each time.
func (s *Store) FeedSince(from uint64, fn func(pos uint64, rec *sbsync.Record) error) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bFeed).Cursor()
		for k, v := c.Seek(u64(from + 1)); k != nil; k, v = c.Next() {
			kind, id, ok := strings.Cut(string(v), "/")
			if !ok {
				continue
			}
			rec, err := readRecord(tx, kind, id)
			if err != nil {
				return err
			}
			s.touchedIn(tx, 300) // a record, about
			if err := fn(binary.BigEndian.Uint64(k), rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// Conflicts returns every open conflict, ordered by record and field.
func (s *Store) Conflicts() ([]sbsync.Conflict, error) {
	var out []sbsync.Conflict
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bConflicts).ForEach(func(k, _ []byte) error {
			kind, id, _ := strings.Cut(string(k), "/")
			rec, err := readRecord(tx, kind, id)
			if err != nil {
				return err
			}
			out = append(out, rec.Conflicts()...)
			return nil
		})
	})
	return out, err
}

// Hash returns a SHA-256 digest of the replicated state: every record with
// its fields, conflicts, tombstones and erasure. Two replicas have the same
// hash exactly when they hold the same records.
func (s *Store) Hash() ([]byte, error) {
	h := sha256.New()
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bRecords).ForEachBucket(func(kind []byte) error {
			return tx.Bucket(bRecords).Bucket(kind).ForEach(func(k, v []byte) error {
				s.touchedIn(tx, len(v))
				var n [8]byte
				for _, part := range [][]byte{kind, k, v} {
					binary.BigEndian.PutUint64(n[:], uint64(len(part)))
					h.Write(n[:])
					h.Write(part)
				}
				return nil
			})
		})
	})
	return h.Sum(nil), err
}

// Stats are counts for status displays and benchmarks.
type Stats struct {
	Records   map[string]int `json:"records"`
	Changes   int            `json:"changes"`
	FileBytes int64          `json:"fileBytes"`
}

// Stats counts records per kind and logged changes.
func (s *Store) Stats() (Stats, error) {
	st := Stats{Records: map[string]int{}}
	err := s.view(func(tx *bolt.Tx) error {
		st.FileBytes = tx.Size()
		st.Changes = tx.Bucket(bLog).Stats().KeyN
		return tx.Bucket(bRecords).ForEachBucket(func(kind []byte) error {
			st.Records[string(kind)] = tx.Bucket(bRecords).Bucket(kind).Stats().KeyN
			return nil
		})
	})
	return st, err
}

// Backup writes a consistent copy of the whole store file to w while the
// store stays open for reads and writes, and returns the bytes written.
func (s *Store) Backup(w io.Writer) (n int64, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}
