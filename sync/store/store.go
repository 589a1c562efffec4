package store

import (
	"cmp"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	stdsync "sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"sbcc/internal/parallel"
	sbsync "sbcc/sync"
)

// SchemaVersion is the version of the file layout this build writes.
// Schema 2 added the node's signing key (kKey), from which its id derives.
const SchemaVersion = 2

// FileName is the name of the store file inside a data folder.
const FileName = "sbcc.db"

// Bucket names.
var (
	bMeta      = []byte("meta")
	bLog       = []byte("log")       // origin 0x00 seq → change JSON
	bByRecord  = []byte("byrecord")  // kind/id 0x00 origin 0x00 seq → nil
	bVector    = []byte("vector")    // origin → seq
	bRecords   = []byte("records")   // kind (bucket) → id → record JSON
	bFeed      = []byte("feed")      // position → kind/id
	bConflicts = []byte("conflicts") // kind/id → nil
	bNodes     = []byte("nodes")     // node id → office name
	bViews     = []byte("views")     // kind (bucket) → id → View JSON
	bLocal     = []byte("local")     // node-local notes (import log): key → value

	kSchema = []byte("schema")
	kNode   = []byte("node")
	kSeq    = []byte("seq")
	kHLC    = []byte("hlc")
	kKey    = []byte("key") // the node's ed25519 seed; the node id derives from it
)

// Schema tells the store which fields of a kind hold personal data, so that
// an erase strips them, and which values fit a field.
type Schema interface {
	Personal(kind, field string) bool
	// Fits reports whether value can be stored in field of kind. A change
	// from elsewhere is logged whole (its signature covers every field) but
	// only its fitting values reach the record.
	Fits(kind, field string, value json.RawMessage) bool
}

// Options configure Open.
type Options struct {
	// Schema marks personal fields. Required.
	Schema Schema
	// Now is the wall clock for the HLC; time.Now when nil.
	Now func() time.Time
	// Logger receives warnings; discarded when nil.
	Logger *slog.Logger
	// NoSync skips fsync on commit. For benchmarks and tests only.
	NoSync bool
	// Sign, when set, signs every local change inside Commit before it is
	// logged (the network layer's node key); an error aborts the commit.
	Sign func(*sbsync.Change) error
	// MaxSkew is how far ahead of the wall clock a change may be stamped:
	// changes from elsewhere stamped later are refused (never applied, so
	// they cannot move this store's clock), and local edits are refused
	// while the store's own clock is further ahead than this. Ten minutes
	// when zero.
	MaxSkew time.Duration
	// Progress, when set, is told how an upgrade of an older file goes
	// (backup, then each migration); it is not called otherwise.
	Progress func(UpgradeStep)
	// Replacing lets Open create a new store file in a folder that has a
	// network file or a search index but no store (see ErrStoreMissing):
	// for a restore, which replaces the file at once.
	Replacing bool
}

// Commit describes one committed transaction, for subscribers.
type Commit struct {
	// Changes are the changes applied, in order.
	Changes []sbsync.Change
	// Local is true for edits made on this node.
	Local bool
	// Feed is the feed position after the commit.
	Feed uint64
}

// Store is one replica of the directory in a bbolt file.
type Store struct {
	db     *bolt.DB
	node   sbsync.NodeID
	key    ed25519.PrivateKey
	clock  *sbsync.Clock
	schema Schema
	log    *slog.Logger
	sign   func(*sbsync.Change) error
	now    func() time.Time
	skew   time.Duration

	mu   stdsync.Mutex
	subs map[int]func(Commit)
	next int

	// gate is held for reading by every transaction and for writing by
	// scrub, which must know that no reader still sees freed pages.
	gate stdsync.RWMutex
	// due is set when an erase was committed and its freed pages are not
	// wiped yet (the note kScrub says the same across a crash).
	due atomic.Bool
	// bulk counts the bytes bulk reads and writes passed since the mapped
	// pages were last handed back (see touched).
	bulk atomic.Int64
}

// Open opens or creates the store in dir.
func Open(dir string, opts Options) (*Store, error) {
	if opts.Schema == nil {
		return nil, errors.New("store: no schema")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	if err := preflight(dir, opts.Replacing); err != nil {
		return nil, err
	}
	db, err := openBolt(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: 200 * time.Millisecond, NoSync: opts.NoSync, PageSize: pageSize})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("%w (%s)", ErrLocked, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open store in %s: %w", dir, err)
	}
	if err := upgrade(db, opts.Progress); err != nil {
		db.Close()
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxSkew <= 0 {
		opts.MaxSkew = DefaultMaxSkew
	}
	s := &Store{db: db, schema: opts.Schema, log: opts.Logger, sign: opts.Sign, now: opts.Now, skew: opts.MaxSkew, subs: map[int]func(Commit){}}
	var last sbsync.HLC
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bMeta, bLog, bByRecord, bVector, bRecords, bFeed, bConflicts, bNodes, bViews, bLocal} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bMeta)
		if v := meta.Get(kSchema); v != nil {
			if n := binary.BigEndian.Uint64(v); n > SchemaVersion {
				return fmt.Errorf("%w (file schema %d, this sbcc reads up to %d)", ErrNewerSchema, n, SchemaVersion)
			}
		} else if err := meta.Put(kSchema, u64(SchemaVersion)); err != nil {
			return err
		}
		if meta.Get(kNode) == nil {
			if _, err := newIdentity(meta); err != nil {
				return err
			}
		}
		s.node = sbsync.NodeID(meta.Get(kNode))
		seed := meta.Get(kKey)
		if len(seed) != ed25519.SeedSize {
			return fmt.Errorf("%w: the node's key is missing", ErrNotStore)
		}
		s.key = ed25519.NewKeyFromSeed(seed)
		if sbsync.NodeIDFor(s.key.Public().(ed25519.PublicKey)) != s.node {
			return fmt.Errorf("%w: the node id does not match the node's key", ErrNotStore)
		}
		if v := meta.Get(kHLC); v != nil {
			last = sbsync.HLC(binary.BigEndian.Uint64(v))
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	s.clock = sbsync.NewClock(opts.Now, last)
	if err := s.resumeScrub(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// upgrade refuses a file of a newer schema and migrates one of an older
// schema (see migrate); a new file gets the current schema below.
func upgrade(db *bolt.DB, progress func(UpgradeStep)) error {
	n, ok, err := fileSchema(db)
	switch {
	case err != nil:
		return err
	case !ok:
		return nil
	case n > SchemaVersion:
		return fmt.Errorf("%w (file schema %d, this sbcc reads up to %d)", ErrNewerSchema, n, SchemaVersion)
	case n < SchemaVersion:
		return migrate(db, n, SchemaVersion, migrations, progress)
	}
	return nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Node returns this replica's node id.
func (s *Store) Node() sbsync.NodeID { return s.node }

// Key returns this replica's signing key: the node id is derived from its
// public half, and the network layer signs this node's changes with it.
func (s *Store) Key() ed25519.PrivateKey { return s.key }

// Clock returns the replica's hybrid logical clock.
func (s *Store) Clock() *sbsync.Clock { return s.clock }

// Path returns the store file's path.
func (s *Store) Path() string { return s.db.Path() }

// Subscribe calls fn after every commit, outside the transaction, until
// the returned cancel is called. fn must not block for long.
func (s *Store) Subscribe(fn func(Commit)) (cancel func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.next
	s.next++
	s.subs[id] = fn
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.subs, id)
	}
}

func (s *Store) publish(c Commit) {
	if len(c.Changes) == 0 {
		return
	}
	s.mu.Lock()
	fns := make([]func(Commit), 0, len(s.subs))
	for _, fn := range s.subs {
		fns = append(fns, fn)
	}
	s.mu.Unlock()
	for _, fn := range fns {
		fn(c)
	}
}

// Edit is one local edit of one record.
type Edit struct {
	Kind   string
	ID     string
	Op     sbsync.Op
	Fields map[string]json.RawMessage
	// Force writes every field given, even one whose value is unchanged:
	// how a conflict is settled in favour of the value that already wins.
	Force bool
}

// Commit applies local edits in one transaction and returns the changes
// made, ready to replicate. Either all edits are committed or none.
func (s *Store) Commit(edits ...Edit) ([]sbsync.Change, error) {
	return s.commit(nil, edits)
}

// update runs fn in one write transaction, naming a full disk plainly.
func (s *Store) update(fn func(*bolt.Tx) error) (err error) {
	s.gate.RLock()
	defer s.gate.RUnlock()
	defer s.recoverDamage(&err)
	return nameDiskFull(s.db.Update(fn))
}

// pageSize is the bbolt page size of a store file made new; a file keeps
// the size it was made with. 16 KiB rather than the 4 KiB memory page: an
// actor's replicated record is ~2.3 KB, and bbolt puts at least two
// entries in a leaf, so at 4 KiB every pair of actors took a leaf and an
// overflow page (57 % used). On the 100k demo the file is 1,005 MB
// instead of 1,221 MB, and a first sync writes that much less.
const pageSize = 16 << 10

// DefaultMaxSkew is the clock skew allowed when Options.MaxSkew is zero.
const DefaultMaxSkew = 10 * time.Minute

// ClockAhead returns how far the store's clock is ahead of the wall clock
// (zero or negative when it is not).
func (s *Store) ClockAhead() time.Duration { return s.clock.Last().Time().Sub(s.now()) }

// checkClock refuses local edits while the store's clock runs ahead.
func (s *Store) checkClock() error {
	if ahead := s.ClockAhead(); ahead > s.skew {
		return fmt.Errorf("%w (edits here are stamped up to %s)", ErrClockAhead, s.clock.Last().Time().Format(time.RFC3339))
	}
	return nil
}

// ResetClock sets the store's clock back to the wall clock, so that local
// edits work again after a clock that ran ahead was fixed. Replicas still
// agree on every record: the merge rule compares stamps, and every replica
// compares the same ones. But a field last written while the clock was
// ahead keeps that value until an edit stamped after it (that is, after the
// date the clock showed) or until staff pick another value; it returns how
// many records hold such fields, for the person to check.
func (s *Store) ResetClock() (future int, err error) {
	limit := sbsync.MakeHLC(s.now().Add(s.skew), 0)
	err = s.update(func(tx *bolt.Tx) error {
		future = 0
		err := tx.Bucket(bRecords).ForEachBucket(func(kind []byte) error {
			return tx.Bucket(bRecords).Bucket(kind).ForEach(func(_, v []byte) error {
				var rec sbsync.Record
				if err := json.Unmarshal(v, &rec); err != nil {
					return nil
				}
				if rec.Updated.HLC > limit {
					future++
				}
				return nil
			})
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(kHLC, u64(uint64(sbsync.MakeHLC(s.now(), 0))))
	})
	if err == nil {
		s.clock.Reset(sbsync.MakeHLC(s.now(), 0))
	}
	return future, err
}

// commit applies edits and writes the node-local notes in one transaction.
func (s *Store) commit(notes []Note, edits []Edit) ([]sbsync.Change, error) {
	if err := s.checkClock(); err != nil {
		return nil, err
	}
	var out []sbsync.Change
	var feed uint64
	err := s.update(func(tx *bolt.Tx) error {
		out = out[:0]
		w := s.writer(tx)
		chain := s.newChainer(tx)
		seq := w.meta.Get(kSeq)
		next := uint64(0)
		if seq != nil {
			next = binary.BigEndian.Uint64(seq)
		}
		for _, e := range edits {
			rec, err := w.record(e.Kind, e.ID)
			if err != nil {
				return err
			}
			if err := w.canEdit(rec, e); err != nil {
				return err
			}
			fields := changedFields(rec, e)
			if e.Op == sbsync.OpSet && len(fields) == 0 {
				continue
			}
			next++
			c := sbsync.Change{Origin: s.node, Seq: next, HLC: s.clock.Now(), Kind: e.Kind, ID: e.ID,
				Op: e.Op, Seen: rec.Seen()}
			if e.Op == sbsync.OpSet {
				c.Fields = fields
			}
			if err := c.Validate(); err != nil {
				return err
			}
			if chain != nil {
				if err := chain.seal(&c); err != nil {
					return err
				}
			}
			if err := w.apply(rec, &c); err != nil {
				return err
			}
			out = append(out, c)
		}
		if err := putNotes(tx, notes); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		if err := w.meta.Put(kSeq, u64(next)); err != nil {
			return err
		}
		if err := w.meta.Put(kHLC, u64(uint64(s.clock.Last()))); err != nil {
			return err
		}
		feed = w.feed.Sequence()
		return w.flush()
	})
	if err != nil {
		return nil, err
	}
	scrubbed := s.scrubIfDue()
	s.publish(Commit{Changes: out, Local: true, Feed: feed})
	return out, scrubbed
}

// ApplyResult tells what ApplyRemote did with a batch; it is the replication
// core's type so that sbcc/sync can use a store without importing it.
type ApplyResult = sbsync.ApplyResult

// ApplyRemote merges changes from peers in one transaction. Changes are
// applied per origin in sequence order; a change already held is skipped,
// and one that would leave a gap is held back and reported in Gaps.
func (s *Store) ApplyRemote(changes []sbsync.Change) (ApplyResult, error) {
	return s.PrepareRemote(changes, nil)()
}

// PrepareRemote is the first half of ApplyRemote: it checks changes from
// peers (valid, which values fit their fields) and encodes them for the
// log, on all cores and without reading the store, and returns the second
// half, which applies them in one transaction. A session prepares the next
// batch while the one before it applies. The step runs once.
//
// logged is nil, or per change nil or the change's JSON exactly as
// encoding/json writes it (as a chunk carried it: wire.Chunk.Logged), which
// is then logged as it is instead of encoding the change again.
func (s *Store) PrepareRemote(changes []sbsync.Change, logged []json.RawMessage) func() (ApplyResult, error) {
	order := make([]int, len(changes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return byOriginSeq(changes[a], changes[b]) })
	sorted := make([]sbsync.Change, len(changes))
	var sortedLogged []json.RawMessage
	if logged != nil {
		sortedLogged = make([]json.RawMessage, len(changes))
	}
	for k, i := range order {
		sorted[k] = changes[i]
		if logged != nil {
			sortedLogged[k] = logged[i]
		}
	}
	checked := s.check(sorted, sortedLogged)
	pm := s.premerge(sorted, checked)
	return func() (ApplyResult, error) { return s.applyChecked(sorted, checked, pm) }
}

// applyChecked applies changes from peers, sorted by origin and sequence,
// that check has seen, adopting what premerge merged ahead where it still
// holds.
func (s *Store) applyChecked(sorted []sbsync.Change, checked []checkedChange, pm *premerged) (ApplyResult, error) {
	var res ApplyResult
	var applied []sbsync.Change
	var feed uint64
	err := s.update(func(tx *bolt.Tx) error {
		w := s.writer(tx)
		var planned []int
		vec := tx.Bucket(bVector)
		res, planned = s.plan(sorted, checked, func(o sbsync.NodeID, _ uint64) uint64 { return getU64(vec, []byte(o)) })
		applied = applied[:0]
		todo := make([]remoteChange, len(planned))
		for k, i := range planned {
			c := sorted[i]
			todo[k] = remoteChange{c: &c, fit: checked[i].fit, raw: checked[i].raw}
		}
		if pm != nil && !slices.Equal(pm.planned, planned) {
			pm = nil // the store moved on since the snapshot: merge it all here
		}
		if err := w.mergeAll(todo, pm); err != nil {
			return err
		}
		for _, t := range todo {
			applied = append(applied, *t.c) // as merged: redacted if its record is erased
		}
		res.Applied = len(applied)
		if len(applied) == 0 {
			return nil
		}
		if err := w.meta.Put(kHLC, u64(uint64(s.clock.Last()))); err != nil {
			return err
		}
		feed = w.feed.Sequence()
		return w.flush()
	})
	if err != nil {
		return ApplyResult{}, err
	}
	s.touched(writtenBytes(applied))
	// The batch is saved whatever the wipe does: a wipe that must wait is
	// logged and retried at the next commit (see scrubIfDue).
	_ = s.scrubIfDue()
	s.publish(Commit{Changes: applied, Feed: feed})
	return res, nil
}

// canEdit refuses edit e of rec when the record cannot take it: erased,
// deleted (for a set), missing (for a delete or erase), or a new record
// whose id another kind has.
func (w *writer) canEdit(rec *sbsync.Record, e Edit) error {
	exists := len(rec.Applied) > 0
	switch {
	case rec.Erased != nil:
		return fmt.Errorf("%s %s: %w", e.Kind, e.ID, ErrErased)
	case e.Op == sbsync.OpSet && exists && rec.Deleted():
		return fmt.Errorf("%s %s: %w", e.Kind, e.ID, ErrDeleted)
	case e.Op != sbsync.OpSet && !exists:
		return fmt.Errorf("%s %s: %w", e.Kind, e.ID, ErrNotFound)
	case !exists:
		return w.oneKind(e.Kind, e.ID)
	}
	return nil
}

// changedFields returns the fields of e that change rec: all of them for
// a forced edit, else those whose value differs from the one that wins.
func changedFields(rec *sbsync.Record, e Edit) map[string]json.RawMessage {
	fields := make(map[string]json.RawMessage, len(e.Fields))
	for k, v := range e.Fields {
		old := rec.Fields[k]
		if e.Force {
			fields[k] = v
			continue
		}
		if old == nil && string(v) == "null" {
			continue // clearing a field that was never set
		}
		if old != nil && len(old.Heads) == 1 && string(old.Heads[0].Value) == string(v) {
			continue // unchanged: no change written for it
		}
		fields[k] = v
	}
	return fields
}

// plan decides which of sorted, changes from peers that check has seen,
// are to be merged: their indices, in order. held(origin, first) is the
// highest sequence of origin held before them, first being the first of
// its changes to plan. The others are refused (invalid, or stamped too far
// ahead of this computer's clock), duplicates, or wait for a gap before
// them; res counts them. An origin's changes after one refused or gapped
// wait too.
func (s *Store) plan(sorted []sbsync.Change, checked []checkedChange, held func(origin sbsync.NodeID, first uint64) uint64) (res ApplyResult, todo []int) {
	have := map[sbsync.NodeID]uint64{}
	gapped := map[sbsync.NodeID]bool{}
	for i := range sorted {
		c := &sorted[i]
		if err := checked[i].err; err != nil {
			res.Refused = append(res.Refused, err)
			continue
		}
		if c.Origin == s.node {
			res.Duplicates++ // our own change coming back
			continue
		}
		if ahead := s.clock.Ahead(c.HLC); ahead > s.skew && !gapped[c.Origin] {
			res.Refused = append(res.Refused, fmt.Errorf("%w: %s/%d is %s ahead of this computer's clock", ErrFutureChange, c.Origin, c.Seq, ahead.Round(time.Second)))
			gapped[c.Origin] = true // the origin's later changes wait for this one
			continue
		}
		h, ok := have[c.Origin]
		if !ok {
			h = held(c.Origin, c.Seq)
		}
		switch {
		case c.Seq <= h:
			res.Duplicates++
			have[c.Origin] = h
			continue
		case c.Seq > h+1 || gapped[c.Origin]:
			if !gapped[c.Origin] {
				res.Gaps = append(res.Gaps, sbsync.Range{Origin: c.Origin, From: h + 1, To: c.Seq - 1})
				gapped[c.Origin] = true
			}
			continue
		}
		todo = append(todo, i)
		have[c.Origin] = c.Seq
	}
	return res, todo
}

// checkedChange is what check found of a change from elsewhere: why it
// is invalid, or the values of it that fit their fields (see fitting) and
// its JSON for the log.
type checkedChange struct {
	err error
	fit *sbsync.Change
	raw []byte
}

// check validates changes from elsewhere, finds their fitting values and
// encodes them for the log (or takes the JSON they came in, from logged),
// on all cores, before the write transaction that applies them.
func (s *Store) check(cs []sbsync.Change, logged []json.RawMessage) []checkedChange {
	out := make([]checkedChange, len(cs))
	parallel.For(len(cs), func(i int) error {
		if out[i].err = cs[i].Validate(); out[i].err == nil {
			out[i].fit = s.fitting(&cs[i])
			if logged != nil && logged[i] != nil {
				out[i].raw = logged[i] // exactly what encodeChange writes
			} else {
				out[i].raw, out[i].err = encodeChange(&cs[i])
			}
		}
		return nil
	})
	return out
}

// byOriginSeq orders changes per origin, in sequence order.
func byOriginSeq(a, b sbsync.Change) int {
	if c := cmp.Compare(a.Origin, b.Origin); c != 0 {
		return c
	}
	return cmp.Compare(a.Seq, b.Seq)
}

// writtenBytes estimates the bytes of the store that applying cs wrote:
// each change is logged and updates its record and the record's view.
func writtenBytes(cs []sbsync.Change) int {
	n := 0
	for i := range cs {
		n += 200
		for _, v := range cs[i].Fields {
			n += 3 * len(v)
		}
	}
	return n
}

// SetOffice records the office name of a node (this one or a peer).
func (s *Store) SetOffice(node sbsync.NodeID, office string) error {
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bNodes).Put([]byte(node), []byte(office))
	})
}

// Offices returns the office name of every node known.
func (s *Store) Offices() (map[sbsync.NodeID]string, error) {
	out := map[sbsync.NodeID]string{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bNodes).ForEach(func(k, v []byte) error {
			out[sbsync.NodeID(k)] = string(v)
			return nil
		})
	})
	return out, err
}

func u64(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

func getU64(b *bolt.Bucket, k []byte) uint64 {
	v := b.Get(k)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// SignLocal signs every change of this node in the log that has no
// signature yet (made before the node joined a network) and returns how
// many it signed. Run it once when a network identity is made.
func (s *Store) SignLocal(sign func(*sbsync.Change) error) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		log := tx.Bucket(bLog)
		chain := &chainer{sign: sign, log: log, node: s.node}
		prefix := append([]byte(s.node), 0)
		c := log.Cursor()
		for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
			var ch sbsync.Change
			if err := json.Unmarshal(v, &ch); err != nil {
				return fmt.Errorf("damaged change in log: %w", err)
			}
			if len(ch.Sig) > 0 {
				chain.loaded = false
				continue
			}
			if err := chain.seal(&ch); err != nil {
				return err
			}
			raw, err := json.Marshal(ch)
			if err != nil {
				return err
			}
			if err := log.Put(k, raw); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// SetSigner makes later local changes signed by sign (nil: unsigned), for a
// node that founds or joins a network while its store is open.
func (s *Store) SetSigner(sign func(*sbsync.Change) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sign = sign
}

func (s *Store) signer() func(*sbsync.Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sign
}
