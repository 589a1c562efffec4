package store

import (
	bolt "go.etcd.io/bbolt"
)

// trimEvery is how many bytes of the store a bulk read or write passes
// before the store's mapped pages are handed back (see trimMapped).
var trimEvery int64 = 64 << 20

// touched counts n bytes of the store passed by a bulk read or write and
// hands the mapped pages back once trimEvery bytes have passed. bbolt reads
// through a read-only shared memory map of the file: every page a full sync
// or a reindex passes stays in the process's resident memory (1 GB for the
// 100k demo) though the kernel's page cache holds it anyway.
func (s *Store) touched(n int) {
	if s.bulk.Add(int64(n)) < trimEvery {
		return
	}
	s.bulk.Store(0)
	s.view(func(tx *bolt.Tx) error {
		// A read transaction holds bbolt's map lock: the mapping cannot
		// move while the pages are handed back.
		trimMapped(s.db.Info().Data, tx.Size())
		return nil
	})
}
