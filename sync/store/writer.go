package store

import (
	"encoding/json"
	"fmt"
	"maps"

	bolt "go.etcd.io/bbolt"

	"sbcc/internal/parallel"
	sbsync "sbcc/sync"
)

// writer applies changes inside one write transaction. Records touched more
// than once in the transaction are merged in memory and written once.
type writer struct {
	s     *Store
	tx    *bolt.Tx
	meta  *bolt.Bucket
	feed  *bolt.Bucket
	recs  map[string]*sbsync.Record
	dirty []string
	erase map[string]bool // records that became erased in this transaction
	// pre holds the JSON of records adopted from a premerge, made before
	// the transaction.
	pre map[*sbsync.Record]encodedRecord
	// logged are the changes applied in this transaction, written to the
	// change log by flush.
	logged []pendingLog
}

// pendingLog is a change to log, with its JSON when that was made before
// the transaction (see Store.check).
type pendingLog struct {
	c   sbsync.Change
	raw []byte
}

func (s *Store) writer(tx *bolt.Tx) *writer {
	for _, b := range [][]byte{bLog, bByRecord, bFeed, bRecords, bViews} {
		packed(tx.Bucket(b))
	}
	return &writer{s: s, tx: tx, meta: tx.Bucket(bMeta), feed: tx.Bucket(bFeed),
		recs: map[string]*sbsync.Record{}, erase: map[string]bool{}, pre: map[*sbsync.Record]encodedRecord{}}
}

func recordKey(kind, id string) string { return kind + "/" + id }

// record returns the current state of kind/id, empty if it does not exist.
func (w *writer) record(kind, id string) (*sbsync.Record, error) {
	key := recordKey(kind, id)
	if r, ok := w.recs[key]; ok {
		return r, nil
	}
	r, err := readRecord(w.tx, kind, id)
	if err == ErrNotFound {
		r, err = sbsync.NewRecord(kind, id), nil
	}
	if err != nil {
		return nil, err
	}
	w.recs[key] = r
	return r, nil
}

// personal reports, for a field of kind, whether it holds personal data.
func (s *Store) personal(kind string) func(string) bool {
	return func(field string) bool { return s.schema.Personal(kind, field) }
}

// fitting returns c, or a copy without the values that do not fit their
// field (see [Schema.Fits]), which are logged but never reach the record.
func (s *Store) fitting(c *sbsync.Change) *sbsync.Change {
	var bad []string
	for name, v := range c.Fields {
		if !s.schema.Fits(c.Kind, name, v) {
			bad = append(bad, name)
		}
	}
	if len(bad) == 0 {
		return c
	}
	s.log.Warn("change has values that do not fit their fields; they are not applied", "origin", c.Origin, "seq", c.Seq, "kind", c.Kind, "fields", bad)
	cc := *c
	cc.Fields = maps.Clone(c.Fields)
	for _, name := range bad {
		delete(cc.Fields, name)
	}
	return &cc
}

// merge applies a change made elsewhere to its record, after the clock
// has seen it. raw, when not nil, is c's JSON for the log.
func (w *writer) merge(c, fit *sbsync.Change, raw []byte) error {
	rec, err := w.record(c.Kind, c.ID)
	if err != nil {
		return err
	}
	w.s.clock.Observe(c.HLC)
	return w.applyFitted(rec, c, fit, raw)
}

// remoteChange is a change from elsewhere for mergeAll: the change (a copy
// that merging may redact), its fitting values and its JSON for the log.
type remoteChange struct {
	c, fit *sbsync.Change
	raw    []byte
}

// mergeAll merges changes made elsewhere, in order, as merge does one by
// one: records are read in order, merged on all cores (each record's
// changes in order by one core; records do not share state) and logged in
// order. A record that pm, when not nil, merged ahead from the same state
// is adopted as it is (see premerged.adopt); pm must plan exactly cs.
func (w *writer) mergeAll(cs []remoteChange, pm *premerged) error {
	recs := make([]*sbsync.Record, len(cs))
	merged := make([]mergeResult, len(cs))
	groups := map[*sbsync.Record][]int{}
	var order []*sbsync.Record
	for i := range cs {
		w.s.clock.Observe(cs[i].c.HLC)
		if c, m, ok := pm.adopt(w, i); ok {
			cs[i].c, merged[i] = c, m
			continue
		}
		rec, err := w.record(cs[i].c.Kind, cs[i].c.ID)
		if err != nil {
			return err
		}
		if _, ok := groups[rec]; !ok {
			order = append(order, rec)
		}
		recs[i] = rec
		groups[rec] = append(groups[rec], i)
	}
	parallel.For(len(order), func(g int) error {
		for _, i := range groups[order[g]] {
			merged[i] = w.s.mergeInto(recs[i], cs[i].c, cs[i].fit, cs[i].raw)
		}
		return nil
	})
	for i := range cs {
		if err := w.logMerged(cs[i].c, merged[i]); err != nil {
			return err
		}
	}
	return nil
}

// apply merges c into rec and logs it.
func (w *writer) apply(rec *sbsync.Record, c *sbsync.Change) error {
	return w.applyFitted(rec, c, w.s.fitting(c), nil)
}

// applyFitted merges fit, the values of c that fit their fields, into rec
// and logs c (as raw, its JSON, when that is not nil).
func (w *writer) applyFitted(rec *sbsync.Record, c, fit *sbsync.Change, raw []byte) error {
	return w.logMerged(c, w.s.mergeInto(rec, c, fit, raw))
}

// mergeResult is what merging a change into its record did.
type mergeResult struct {
	changed, erased bool   // the record changed; it became erased
	raw             []byte // the change's JSON for the log, if made before
}

// mergeInto merges fit, the values of c that fit their fields, into rec;
// c is redacted when rec is erased. It touches only rec and c.
func (s *Store) mergeInto(rec *sbsync.Record, c, fit *sbsync.Change, raw []byte) mergeResult {
	wasErased := rec.Erased != nil
	personal := s.personal(c.Kind)
	if !rec.Apply(fit, personal) {
		return mergeResult{}
	}
	if rec.Erased != nil {
		*c = c.Redact(personal)
		raw = nil // made before the redaction
	}
	return mergeResult{changed: true, erased: !wasErased && rec.Erased != nil, raw: raw}
}

// logMerged logs c when merging it changed its record.
func (w *writer) logMerged(c *sbsync.Change, m mergeResult) error {
	if !m.changed {
		return nil
	}
	key := recordKey(c.Kind, c.ID)
	if m.erased {
		w.erase[key] = true
	}
	w.logged = append(w.logged, pendingLog{*c, m.raw})
	if err := w.tx.Bucket(bByRecord).Put(byRecordKey(key, c.Origin, c.Seq), nil); err != nil {
		return err
	}
	w.dirty = append(w.dirty, key)
	return nil
}

// flush writes the changes applied to the log, then every touched
// record, its view, feed entry and conflict mark, and redacts the logged
// changes of records erased in this transaction. The JSON of changes,
// records and views is made on all cores; bbolt writes in one.
func (w *writer) flush() error {
	if err := w.flushLog(); err != nil {
		return err
	}
	var touched []*sbsync.Record
	done := map[string]bool{}
	for _, key := range w.dirty {
		if !done[key] {
			done[key] = true
			touched = append(touched, w.recs[key])
		}
	}
	enc := make([]encodedRecord, len(touched))
	if err := parallel.For(len(touched), func(i int) (err error) {
		if pre, ok := w.pre[touched[i]]; ok {
			enc[i] = pre
			return nil
		}
		enc[i].raw, enc[i].view, err = encodeRecord(touched[i])
		return err
	}); err != nil {
		return err
	}
	for i, rec := range touched {
		if err := w.putRecord(rec, enc[i].raw, enc[i].view); err != nil {
			return err
		}
	}
	return nil
}

// flushLog writes the changes applied in this transaction to the log, and
// each origin's newest to the vector.
func (w *writer) flushLog() error {
	if err := parallel.For(len(w.logged), func(i int) (err error) {
		if e := &w.logged[i]; e.raw == nil {
			e.raw, err = encodeChange(&e.c)
		}
		return err
	}); err != nil {
		return err
	}
	log := w.tx.Bucket(bLog)
	newest := map[sbsync.NodeID]uint64{}
	for _, e := range w.logged {
		if err := log.Put(logKey(e.c.Origin, e.c.Seq), e.raw); err != nil {
			return fmt.Errorf("write change log: %w", err)
		}
		newest[e.c.Origin] = max(newest[e.c.Origin], e.c.Seq)
	}
	vec := w.tx.Bucket(bVector)
	for origin, seq := range newest {
		if err := vec.Put([]byte(origin), u64(seq)); err != nil {
			return err
		}
	}
	w.logged = w.logged[:0]
	return nil
}

// putRecord writes rec (as raw, with its view) and its feed entry and
// conflict mark, and redacts its logged changes if it was erased.
func (w *writer) putRecord(rec *sbsync.Record, raw, view []byte) error {
	kb, err := w.tx.Bucket(bRecords).CreateBucketIfNotExists([]byte(rec.Kind))
	if err != nil {
		return err
	}
	packed(kb)
	if err := kb.Put([]byte(rec.ID), raw); err != nil {
		return fmt.Errorf("write record: %w", err)
	}
	vb, err := w.tx.Bucket(bViews).CreateBucketIfNotExists([]byte(rec.Kind))
	if err != nil {
		return err
	}
	packed(vb)
	if err := vb.Put([]byte(rec.ID), view); err != nil {
		return err
	}
	key := recordKey(rec.Kind, rec.ID)
	pos, err := w.feed.NextSequence()
	if err != nil {
		return err
	}
	if err := w.feed.Put(u64(pos), []byte(key)); err != nil {
		return err
	}
	conflicts := w.tx.Bucket(bConflicts)
	if rec.ConflictCount() > 0 {
		err = conflicts.Put([]byte(key), nil)
	} else {
		err = conflicts.Delete([]byte(key))
	}
	if err != nil || !w.erase[key] {
		return err
	}
	if err := w.redactLog(rec); err != nil {
		return err
	}
	if err := w.tx.Bucket(bLocal).Put(kScrub, []byte{1}); err != nil {
		return err
	}
	w.s.due.Store(true)
	return nil
}

// redactLog strips personal fields from every logged change of rec.
func (w *writer) redactLog(rec *sbsync.Record) error {
	log := w.tx.Bucket(bLog)
	prefix := []byte(recordKey(rec.Kind, rec.ID) + "\x00")
	c := w.tx.Bucket(bByRecord).Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		origin, seq, ok := splitByRecordKey(k[len(prefix):])
		if !ok {
			continue
		}
		lk := logKey(origin, seq)
		raw := log.Get(lk)
		if raw == nil {
			continue
		}
		var ch sbsync.Change
		if err := json.Unmarshal(raw, &ch); err != nil {
			return fmt.Errorf("read change %s/%d: %w", origin, seq, err)
		}
		red := ch.Redact(w.s.personal(rec.Kind))
		if len(red.Fields) == len(ch.Fields) { // nothing personal in it
			continue
		}
		out, err := json.Marshal(red)
		if err != nil {
			return err
		}
		if err := log.Put(lk, out); err != nil {
			return err
		}
	}
	return nil
}

// fillPercent is how full bbolt packs a page when it splits one. Keys of the
// log, the feed and records (ULIDs) mostly grow, so pages split at the end
// and are never written again: packing them nearly full instead of bbolt's
// half halves the file.
const fillPercent = 0.95

// packed sets the fill percent of b for this transaction (nil-safe).
func packed(b *bolt.Bucket) {
	if b != nil {
		b.FillPercent = fillPercent
	}
}

// oneKind refuses a new record kind/id when a record of another kind has
// the id (also one made earlier in this transaction).
func (w *writer) oneKind(kind, id string) error {
	for key, r := range w.recs {
		if r.ID == id && r.Kind != kind && len(r.Applied) > 0 && key != recordKey(kind, id) {
			return fmt.Errorf("%s %s: %w (an existing %s; a record keeps its kind)", kind, id, ErrOtherKind, r.Kind)
		}
	}
	recs := w.tx.Bucket(bRecords)
	return recs.ForEachBucket(func(k []byte) error {
		if string(k) != kind && recs.Bucket(k).Get([]byte(id)) != nil {
			return fmt.Errorf("%s %s: %w (an existing %s; a record keeps its kind)", kind, id, ErrOtherKind, k)
		}
		return nil
	})
}
