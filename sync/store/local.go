package store

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	sbsync "sbcc/sync"
)

// Note is a key and value kept on this node only, beside the replicated
// data: it is never logged as a change, never sent to peers and not part of
// [Store.Hash]. The import log lives in notes. A nil Value deletes the key.
type Note struct {
	Key, Value []byte
}

func putNotes(tx *bolt.Tx, notes []Note) error {
	b := tx.Bucket(bLocal)
	for _, n := range notes {
		var err error
		if n.Value == nil {
			err = b.Delete(n.Key)
		} else {
			err = b.Put(n.Key, n.Value)
		}
		if err != nil {
			return fmt.Errorf("write local note: %w", err)
		}
	}
	return nil
}

// CommitNoted is [Store.Commit] that also writes notes in the same
// transaction, so that a note saying what an edit did exists exactly when
// the edit does. The notes are written even when no edit changes anything.
func (s *Store) CommitNoted(notes []Note, edits ...Edit) ([]sbsync.Change, error) {
	return s.commit(notes, edits)
}

// PutNotes writes notes in one transaction.
func (s *Store) PutNotes(notes ...Note) error {
	return s.update(func(tx *bolt.Tx) error { return putNotes(tx, notes) })
}

// NoteGet returns the value of the note key, or nil.
func (s *Store) NoteGet(key []byte) ([]byte, error) {
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bLocal).Get(key); v != nil {
			out = bytes.Clone(v)
		}
		return nil
	})
	return out, err
}

// Notes calls fn for every note whose key starts with prefix, in key order,
// until fn returns an error. The slices are valid only during the call.
func (s *Store) Notes(prefix []byte, fn func(key, value []byte) error) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bLocal).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if err := fn(k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// Check runs bbolt's consistency check over the whole file and returns the
// first problem found, or nil.
func (s *Store) Check() error {
	return s.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
}

// Empty reports whether the store holds no records at all.
func (s *Store) Empty() (bool, error) {
	empty := true
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bRecords).ForEachBucket(func(k []byte) error {
			if tx.Bucket(bRecords).Bucket(k).Stats().KeyN > 0 {
				empty = false
			}
			return nil
		})
	})
	return empty, err
}

// ErrNotStore is returned by [ResetNodeID] when the file is not a store.
var ErrNotStore = errors.New("the file is not an sbcc store")

// ResetNodeID gives the store file at path, which must not be open, a new
// signing key and the node id derived from it, so that a restored copy never
// writes changes under the id of the node it was copied from. Changes made under the old id stay in the log and
// in the version vector as if a peer had made them, and the old node's
// office name is carried over to the new id. It returns the new id.
func ResetNodeID(path string) (sbsync.NodeID, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 200 * time.Millisecond})
	if errors.Is(err, bolt.ErrTimeout) {
		return "", ErrLocked
	}
	if err != nil {
		return "", fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	var id sbsync.NodeID
	err = db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil || meta.Get(kNode) == nil {
			return ErrNotStore
		}
		var err error
		id, err = newIdentity(meta)
		return err
	})
	return id, err
}

// newIdentity gives the store of meta a fresh signing key and the node id
// derived from it. Changes made under an earlier id stay in the log and the
// vector as if a peer had made them, and its office name is carried over.
func newIdentity(meta *bolt.Bucket) (sbsync.NodeID, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	id := sbsync.NodeIDFor(pub)
	old := meta.Get(kNode)
	for k, v := range map[string][]byte{string(kNode): []byte(id), string(kKey): priv.Seed()} {
		if err := meta.Put([]byte(k), v); err != nil {
			return "", err
		}
	}
	if err := meta.Delete(kSeq); err != nil {
		return "", err
	}
	if nodes := meta.Tx().Bucket(bNodes); nodes != nil && old != nil {
		if office := nodes.Get(old); office != nil {
			return id, nodes.Put([]byte(id), bytes.Clone(office))
		}
	}
	return id, nil
}
