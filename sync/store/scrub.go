package store

import (
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// kScrub is the local note that says an erase was committed whose freed
// pages are not wiped yet; Open finishes the wipe after a crash.
var kScrub = []byte("scrub-pending")

// scrubWait bounds how long a wipe waits for readers (a backup being
// written, a long list) to finish before it gives up until the next erase
// or the next Open. A variable for tests.
var scrubWait = 30 * time.Second

// ErrScrubPending is returned after an erase whose freed pages could not be
// wiped at once: the erase itself is saved and syncs; the old values are
// wiped at the next erase or when sbcc next opens the data folder.
var ErrScrubPending = errors.New("the record was erased, but the space it used on disk could not be wiped yet because the data folder is busy; it will be wiped when sbcc next opens the folder")

// view runs fn in a read transaction, under the gate that scrub closes,
// and turns a panic of bbolt on a damaged page into ErrDamaged.
func (s *Store) view(fn func(*bolt.Tx) error) (err error) {
	s.gate.RLock()
	defer s.gate.RUnlock()
	defer s.recoverDamage(&err)
	return s.db.View(fn)
}

// resumeScrub finishes a wipe that a crash interrupted (see kScrub).
func (s *Store) resumeScrub() error {
	v, err := s.NoteGet(kScrub)
	if err != nil || v == nil {
		return err
	}
	s.due.Store(true)
	return s.scrubIfDue()
}

// scrubIfDue wipes the free pages of the file when an erase was committed
// since the last wipe; a wipe that could not run stays due, so every later
// commit tries again.
func (s *Store) scrubIfDue() error {
	if !s.due.Load() {
		return nil
	}
	n, err := s.Scrub()
	if err != nil {
		s.log.Warn("store: wiping the pages freed by an erase", "err", err)
		return err
	}
	s.log.Info("store: wiped the pages freed by an erase", "pages", n)
	return nil
}

// Scrub overwrites with zeros every page of the file that bbolt holds as
// free, so that values an erase removed (and any older value of any
// record) are gone from the file and not only unreachable. It waits, at
// most scrubWait, until no read transaction is open: a page freed by the
// last commit may still be read by a transaction that began before it.
// It returns how many pages it wiped.
func (s *Store) Scrub() (int, error) {
	deadline := time.Now().Add(scrubWait)
	for !s.gate.TryLock() {
		// TryLock, not Lock: a reader that opens a nested read
		// transaction must never wait for the wipe.
		if time.Now().After(deadline) {
			return 0, ErrScrubPending
		}
		time.Sleep(2 * time.Millisecond)
	}
	defer s.gate.Unlock()
	f, err := os.OpenFile(s.db.Path(), os.O_WRONLY, 0)
	if err != nil {
		return 0, fmt.Errorf("open the store file to wipe freed pages: %w", err)
	}
	defer f.Close()
	wiped := 0
	err = nameDiskFull(s.db.Update(func(tx *bolt.Tx) error {
		// No transaction is open, so beginning this one released every
		// pending page: each page reported free is read by no one, and
		// none is reused before this transaction commits.
		size := s.db.Info().PageSize
		zero := make([]byte, size)
		high := int(tx.Size() / int64(size))
		for id := 2; id < high; id++ {
			p, err := tx.Page(id)
			if err != nil {
				return err
			}
			if p == nil || p.Type != "free" {
				continue
			}
			if _, err := f.WriteAt(zero, int64(id)*int64(size)); err != nil {
				return fmt.Errorf("wipe a freed page: %w", err)
			}
			wiped++
		}
		if err := f.Sync(); err != nil {
			return err
		}
		s.due.Store(false)
		return tx.Bucket(bLocal).Delete(kScrub)
	}))
	if err != nil {
		s.due.Store(true)
	}
	return wiped, err
}
