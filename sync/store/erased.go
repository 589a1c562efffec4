package store

import (
	"bytes"
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// Ref names one record.
type Ref struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Erased returns every erased record, by kind and id: the tombstones that
// a restore of an older backup must honour.
func (s *Store) Erased() ([]Ref, error) {
	var out []Ref
	mark := []byte(`"erased":true`)
	err := s.view(func(tx *bolt.Tx) error {
		views := tx.Bucket(bViews)
		return views.ForEachBucket(func(kind []byte) error {
			return views.Bucket(kind).ForEach(func(id, v []byte) error {
				if !bytes.Contains(v, mark) {
					return nil
				}
				var view struct {
					Meta ViewMeta `json:"meta"`
				}
				if json.Unmarshal(v, &view) == nil && view.Meta.Erased {
					out = append(out, Ref{Kind: string(kind), ID: string(id)})
				}
				return nil
			})
		})
	})
	return out, err
}
