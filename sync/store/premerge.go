package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"sbcc/internal/parallel"
	sbsync "sbcc/sync"
)

// A batch from a peer is merged twice over in the worst case and once in
// the usual one. PrepareRemote merges it ahead, against a snapshot of the
// store, while the batch before it is still being written (premerge); the
// transaction then takes each record's result as it is when the record is
// still, byte for byte, what the snapshot held and the same changes are
// planned for it, and merges again from the store where not (a local edit
// or another peer's batch got there first). Merging is a pure function of
// the record and the changes, so both ways give the same record. On a first
// sync this takes merging and the records' JSON, half of the transaction's
// work, out of the one writer.

// encodedRecord is a record's JSON and its view's.
type encodedRecord struct{ raw, view []byte }

// premerged is a batch merged ahead of its transaction.
type premerged struct {
	planned []int             // what plan chose in the snapshot
	changes []sbsync.Change   // the planned changes as merged (redacted if erased)
	results []mergeResult     // per planned change
	recs    map[string]*ahead // by record key
}

// ahead is one record merged ahead: its JSON in the snapshot (nil when it
// did not exist), the merged record and its JSON.
type ahead struct {
	base    []byte
	rec     *sbsync.Record
	enc     encodedRecord
	err     error
	checked bool // the transaction compared base with the store
	holds   bool // and found it unchanged
}

// premerge merges the changes plan chooses in a snapshot of the store, on
// all cores. It returns nil when the snapshot cannot be read; the
// transaction then merges everything itself.
func (s *Store) premerge(sorted []sbsync.Change, checked []checkedChange) *premerged {
	pm := &premerged{recs: map[string]*ahead{}}
	var order []string
	err := s.view(func(tx *bolt.Tx) error {
		// The batches before this one are still being written: their
		// changes are taken as held.
		vec := tx.Bucket(bVector)
		_, pm.planned = s.plan(sorted, checked, func(o sbsync.NodeID, first uint64) uint64 {
			return max(getU64(vec, []byte(o)), max(first, 1)-1)
		})
		for _, i := range pm.planned {
			c := &sorted[i]
			key := recordKey(c.Kind, c.ID)
			if pm.recs[key] != nil {
				continue
			}
			a := &ahead{}
			if kb := tx.Bucket(bRecords).Bucket([]byte(c.Kind)); kb != nil {
				a.base = bytes.Clone(kb.Get([]byte(c.ID)))
			}
			pm.recs[key] = a
			order = append(order, key)
		}
		return nil
	})
	if err != nil {
		return nil
	}
	groups := map[string][]int{} // record key → indices into planned
	pm.changes = make([]sbsync.Change, len(pm.planned))
	pm.results = make([]mergeResult, len(pm.planned))
	for k, i := range pm.planned {
		pm.changes[k] = sorted[i]
		key := recordKey(sorted[i].Kind, sorted[i].ID)
		groups[key] = append(groups[key], k)
	}
	parallel.For(len(order), func(g int) error {
		a, ks := pm.recs[order[g]], groups[order[g]]
		first := &pm.changes[ks[0]]
		if a.base == nil {
			a.rec = sbsync.NewRecord(first.Kind, first.ID)
		} else if a.rec, a.err = decodeRecord(a.base); a.err != nil {
			return nil // the transaction meets the damage itself
		}
		changed := false
		for _, k := range ks {
			i := pm.planned[k]
			pm.results[k] = s.mergeInto(a.rec, &pm.changes[k], checked[i].fit, checked[i].raw)
			changed = changed || pm.results[k].changed
		}
		if changed {
			a.enc.raw, a.enc.view, a.err = encodeRecord(a.rec)
		}
		return nil
	})
	return pm
}

// adopt returns the i-th planned change as merged ahead, and what merging
// it did, when its record still holds in w's transaction; the record and
// its JSON are then w's. It reports false, and w merges the change itself,
// when pm is nil, the record was not merged ahead, or it changed since.
func (pm *premerged) adopt(w *writer, i int) (*sbsync.Change, mergeResult, bool) {
	if pm == nil {
		return nil, mergeResult{}, false
	}
	c := &pm.changes[i]
	key := recordKey(c.Kind, c.ID)
	a := pm.recs[key]
	if a == nil || a.err != nil {
		return nil, mergeResult{}, false
	}
	if !a.checked {
		a.checked = true
		_, cached := w.recs[key]
		a.holds = !cached && bytes.Equal(w.current(c.Kind, c.ID), a.base)
		if a.holds {
			w.recs[key] = a.rec
			w.pre[a.rec] = a.enc
		}
	}
	if !a.holds {
		return nil, mergeResult{}, false
	}
	return c, pm.results[i], true
}

// current returns the stored JSON of record kind/id in w's transaction,
// nil when there is none.
func (w *writer) current(kind, id string) []byte {
	kb := w.tx.Bucket(bRecords).Bucket([]byte(kind))
	if kb == nil {
		return nil
	}
	return kb.Get([]byte(id))
}
