package store

import (
	bolt "go.etcd.io/bbolt"
)

// trimEvery is how many bytes of the store a bulk read or write passes
// before the store's mapped pages are handed back (see trimMapped).
var trimEvery int64 = 64 << 20

// touched counts n bytes of the store passed by a bulk write and hands
// the mapped pages back once trimEvery bytes have passed (see touchedIn).
func (s *Store) touched(n int) {
	if s.bulk.Add(int64(n)) >= trimEvery {
		s.view(func(tx *bolt.Tx) error {
			s.trim(tx)
			return nil
		})
	}
}

// touchedIn counts n bytes of the store passed by a bulk read in tx and
// hands the mapped pages back once trimEvery bytes have passed. bbolt
// reads through a read-only shared memory map of the file: every page a
// full sync, a reindex or a hash passes would stay in the process's
// resident memory (1 GB for the 100k demo), though the kernel's page cache
// holds it anyway.
func (s *Store) touchedIn(tx *bolt.Tx, n int) {
	if s.bulk.Add(int64(n)) >= trimEvery {
		s.trim(tx)
	}
}

// trim hands the pages of the store's map back. Doing so inside a
// transaction is safe: the open transaction holds bbolt's map lock, so the
// mapping cannot move, and a page read again faults the same bytes back in
// from the page cache.
func (s *Store) trim(tx *bolt.Tx) {
	s.bulk.Store(0)
	trimMapped(s.db.Info().Data, tx.Size())
}
