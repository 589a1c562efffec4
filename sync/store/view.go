package store

import (
	"bytes"
	"encoding/json"
	stdsync "sync"
	"time"

	bolt "go.etcd.io/bbolt"

	sbsync "sbcc/sync"
)

// ViewMeta is what a View says about its record beyond the field values.
type ViewMeta struct {
	Created   string `json:"created"`
	Updated   string `json:"updated"`
	Origin    string `json:"origin"`
	Deleted   bool   `json:"deleted,omitempty"`
	Erased    bool   `json:"erased,omitempty"`
	Conflicts int    `json:"conflicts,omitempty"`
}

// View is a record's current state as one flat JSON object: "id", the
// winning value of every field, and "meta". The store keeps a view of every
// record beside its replicated state, written in the same transaction, so
// that listing thousands of records decodes one small object each.
type View map[string]json.RawMessage

// MakeView builds the view of rec.
func MakeView(rec *sbsync.Record) View {
	v := make(View, len(rec.Fields)+2)
	rec.AddValues(v)
	v["id"], _ = json.Marshal(rec.ID)
	v["meta"], _ = json.Marshal(makeViewMeta(rec))
	return v
}

// makeViewMeta returns the meta of rec's view.
func makeViewMeta(rec *sbsync.Record) ViewMeta {
	return ViewMeta{
		Created:   rec.Created.HLC.Time().Format(time.RFC3339),
		Updated:   rec.Updated.HLC.Time().Format(time.RFC3339),
		Origin:    string(rec.Created.Origin),
		Deleted:   rec.Deleted(),
		Erased:    rec.Erased != nil,
		Conflicts: rec.ConflictCount(),
	}
}

// View returns the view JSON of the record kind/id.
func (s *Store) View(kind, id string) ([]byte, error) {
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		vb := tx.Bucket(bViews).Bucket([]byte(kind))
		if vb == nil {
			return ErrNotFound
		}
		v := vb.Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		out = append([]byte(nil), v...)
		return nil
	})
	return out, err
}

// DecodeViews calls decode for every record of kind, from workers
// goroutines at once, inside one read transaction, with the record's
// position in id order: for decoding many records on every core. raw is
// valid only during the call. It returns the number of records and the
// first error.
func (s *Store) DecodeViews(kind string, workers int, decode func(i int, id string, raw []byte) error) (int, error) {
	n := 0
	err := s.view(func(tx *bolt.Tx) error {
		vb := tx.Bucket(bViews).Bucket([]byte(kind))
		if vb == nil {
			return nil
		}
		type item struct {
			i       int
			id, raw []byte
		}
		work := make(chan item, 256)
		errs := make(chan error, workers)
		var wg stdsync.WaitGroup
		for range max(workers, 1) {
			wg.Go(func() {
				for it := range work {
					if err := decode(it.i, string(it.id), it.raw); err != nil {
						select {
						case errs <- err:
						default:
						}
					}
				}
			})
		}
		c := vb.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			work <- item{n, k, v}
			n++
			s.touchedIn(tx, len(v))
		}
		close(work)
		wg.Wait()
		select {
		case err := <-errs:
			return err
		default:
			return nil
		}
	})
	return n, err
}

// deletedMark is how a view's meta marks a deleted record. It cannot occur
// inside a field's value: quotes in JSON strings are escaped.
var deletedMark = []byte(`"deleted":true`)

// LiveCounts returns the number of records per kind that are not deleted,
// reading the views without decoding them.
func (s *Store) LiveCounts() (map[string]int, error) {
	out := map[string]int{}
	err := s.view(func(tx *bolt.Tx) error {
		views := tx.Bucket(bViews)
		return views.ForEachBucket(func(kind []byte) error {
			n := 0
			err := views.Bucket(kind).ForEach(func(_, v []byte) error {
				if !bytes.Contains(v, deletedMark) {
					n++
				}
				return nil
			})
			out[string(kind)] = n
			return err
		})
	})
	return out, err
}
