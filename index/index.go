package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	stdsync "sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// ErrNeedsRebuild is returned by [Open] when the index folder holds an index that cannot be
// used: damaged, written by another [MappingVersion], or not an index at all. The caller
// should [Reset] the folder and apply every document again.
var ErrNeedsRebuild = errors.New("search index needs a rebuild")

// ErrClosed is returned by methods called after [Index.Close].
var ErrClosed = errors.New("search index is closed")

// Doc is one searchable record. The app converts actors, events and posts into Docs; the
// index knows nothing else about them.
type Doc struct {
	ID   string // unique, stable
	Kind string // "actor", "event", "post"
	Name string // actor name, event or post title
	// Text holds descriptions by language code (en, lt, pl, de, sv, ...).
	Text                     map[string]string
	Sectors, Languages, Tags []string
	Offers, Needs            []string
	Country                  string // ISO 3166 alpha-2
	Locality, LocalityName   string // locality id and its display name
	ActorKind                string // organisation, individual, ...; shown as the kind facet
	Lat, Lon                 *float64
	// Also holds more words that find the document through the text field
	// only: contact details in searchable forms, other names of its place.
	Also    []string
	Updated time.Time
	Deleted bool // Apply treats a deleted Doc as a delete of ID
}

// LocateFunc resolves a place name of near: to coordinates.
type LocateFunc func(place string) (lat, lon float64, ok bool)

// Options configure an Index. The zero value is usable; see [DefaultOptions].
type Options struct {
	// Locate resolves near:Place; without it only near:lat,lon works.
	Locate LocateFunc
	// Logger receives open/rebuild/save messages; nil discards them.
	Logger *slog.Logger
	// FacetLimit caps the values reported per facet (most frequent first); 0 means 50.
	FacetLimit int
	// SaveEvery is how often Apply rewrites the facet side file at most; 0 means 1 minute.
	// The side file only speeds up the next Open; a stale one is detected and ignored.
	SaveEvery time.Duration
}

// DefaultOptions returns the options used when fields are left zero.
func DefaultOptions() Options {
	return Options{FacetLimit: 50, SaveEvery: time.Minute}
}

// Internal keys kept in the Bleve index, written in the same batch as the documents.
var (
	keyVersion = []byte("sbcc:mapping")
	keyFeedPos = []byte("sbcc:feedpos")
	keyGen     = []byte("sbcc:gen")
)

// Index is an open search index. It is safe for concurrent use: searches run in parallel,
// Apply excludes them briefly.
type Index struct {
	dir  string
	opts Options
	log  *slog.Logger

	mu       stdsync.RWMutex
	bl       bleve.Index
	im       *mapping.IndexMappingImpl
	fold     analysis.Analyzer
	ng       analysis.Analyzer
	stem     map[string]analysis.Analyzer
	stemC    map[string]*stemCache // stemming of indexed descriptions, by language
	m        *mem
	feedPos  uint64
	gen      uint64
	saved    time.Time
	savedGen uint64
	segs     segCache
	typos    typoCache

	warmMu    stdsync.Mutex
	warmTimer *time.Timer // pending warm after changes; nil when none is pending
	closed    bool        // no more warming
}

// warmDelay is how long the index waits after the last change before rebuilding the
// tables a change makes stale, so that a burst of batches (an import, a catch-up) is
// followed by one rebuild, not one per batch.
const warmDelay = 150 * time.Millisecond

// Open opens the index in dir, creating it if dir is missing or empty. A folder that holds
// a damaged or outdated index gives an error wrapping [ErrNeedsRebuild].
func Open(dir string, opts Options) (*Index, error) {
	if opts.FacetLimit <= 0 {
		opts.FacetLimit = 50
	}
	if opts.SaveEvery <= 0 {
		opts.SaveEvery = time.Minute
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	go loadPL()
	im, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	x := &Index{dir: dir, opts: opts, log: log, im: im}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0):
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			return nil, fmt.Errorf("index: create %s: %w", dir, err)
		}
		os.Remove(dir) // bleve wants to create it
		bl, err := bleve.NewUsing(dir, im, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("index: create %s: %w", dir, err)
		}
		b := bl.NewBatch()
		b.SetInternal(keyVersion, []byte(strconv.Itoa(MappingVersion)))
		if err := bl.Batch(b); err != nil {
			bl.Close()
			return nil, fmt.Errorf("index: create %s: %w", dir, err)
		}
		x.bl = bl
		x.m = newMem()
	case err != nil:
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	default:
		if err := x.openExisting(); err != nil {
			return nil, err
		}
	}
	if err := x.initAnalyzers(); err != nil {
		x.bl.Close()
		return nil, err
	}
	x.scheduleWarm(0)
	return x, nil
}

// scheduleWarm rebuilds, after delay and in the background, the tables that searches
// otherwise build on first need (facet columns, name order, the segments' document
// number tables: some 50 ms at 100k documents), so that the person typing the next
// letter does not wait for them.
func (x *Index) scheduleWarm(delay time.Duration) {
	x.warmMu.Lock()
	defer x.warmMu.Unlock()
	if x.closed {
		return
	}
	if x.warmTimer != nil {
		x.warmTimer.Reset(delay)
		return
	}
	x.warmTimer = time.AfterFunc(delay, x.warm)
}

func (x *Index) warm() {
	x.warmMu.Lock()
	x.warmTimer = nil
	x.warmMu.Unlock()
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.bl == nil || x.m == nil {
		return
	}
	x.m.columns()
	x.m.nameOrder()
	if snap, err := x.snapshot(); err == nil {
		x.segs.forSnapshot(snap, x.m)
		snap.Close()
	}
}

// stopWarm cancels a pending warm; one already running finishes under the read lock.
func (x *Index) stopWarm() {
	x.warmMu.Lock()
	defer x.warmMu.Unlock()
	x.closed = true
	if x.warmTimer != nil {
		x.warmTimer.Stop()
		x.warmTimer = nil
	}
}

func (x *Index) initAnalyzers() error {
	x.fold = x.im.AnalyzerNamed(aFold)
	x.ng = x.im.AnalyzerNamed(aNG)
	x.stem = map[string]analysis.Analyzer{}
	x.stemC = map[string]*stemCache{}
	for lang := range stemmers {
		x.stem[lang] = x.im.AnalyzerNamed(stemAnalyzer(lang))
		f := stemFilters(x.stem[lang])
		if f == nil {
			return errors.New("index: stemmer " + lang + " missing")
		}
		x.stemC[lang] = newStemCache(f)
	}
	if x.fold == nil || x.ng == nil {
		return errors.New("index: analyzers missing")
	}
	return nil
}

func (x *Index) openExisting() (err error) {
	rebuild := func(why string, err error) error {
		return fmt.Errorf("index: %s: %s: %w (%v)", x.dir, why, ErrNeedsRebuild, err)
	}
	defer func() {
		if r := recover(); r != nil { // a damaged segment can panic inside Bleve
			err = rebuild("damaged", fmt.Errorf("panic: %v", r))
		}
	}()
	bl, err := bleve.OpenUsing(x.dir, nil)
	if err != nil {
		return rebuild("cannot open", err)
	}
	x.bl = bl
	fail := func(why string, err error) error {
		bl.Close()
		x.bl = nil
		return rebuild(why, err)
	}
	v, err := bl.GetInternal(keyVersion)
	if err != nil || string(v) != strconv.Itoa(MappingVersion) {
		return fail("mapping version", fmt.Errorf("have %q, want %d", v, MappingVersion))
	}
	if b, _ := bl.GetInternal(keyFeedPos); len(b) == 8 {
		x.feedPos = binary.BigEndian.Uint64(b)
	}
	if b, _ := bl.GetInternal(keyGen); len(b) == 8 {
		x.gen = binary.BigEndian.Uint64(b)
	}
	m, serr := loadSide(x.dir, x.gen)
	if serr != nil {
		start := time.Now()
		m, err = x.loadStored()
		if err != nil {
			return fail("reading stored documents", err)
		}
		x.log.Info("search index: facet table rebuilt from stored documents",
			"reason", serr, "docs", m.live.GetCardinality(), "took", time.Since(start))
		x.saved = time.Time{}
	} else {
		x.saved, x.savedGen = time.Now(), x.gen
	}
	x.m = m
	if n, err := bl.DocCount(); err != nil || n != m.live.GetCardinality() {
		return fail("document count", fmt.Errorf("bleve has %d documents, facet table %d (%v)", n, m.live.GetCardinality(), err))
	}
	return nil
}

// loadStored rebuilds the memory table from the _m field of every stored document.
func (x *Index) loadStored() (*mem, error) {
	snap, err := x.snapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	m := newMem()
	for _, ss := range snap.Segments() {
		live := ss.DocNumbersLive()
		it := live.Iterator()
		for it.HasNext() {
			var derr error
			err := ss.VisitDocument(uint64(it.Next()), func(field string, _ byte, value []byte, _ []uint64) bool {
				if field == fMeta {
					d := &decoder{b: value}
					m.decodeRec(d)
					derr = d.err
					return false
				}
				return true
			})
			if err == nil {
				err = derr
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// snapshot returns the current Bleve reader; close it when done.
func (x *Index) snapshot() (*scorch.IndexSnapshot, error) {
	adv, err := x.bl.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("index: unexpected reader %T", r)
	}
	return snap, nil
}

// FeedPos returns the feed position recorded by the last Apply (0 for a new index).
func (x *Index) FeedPos() uint64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.feedPos
}

// DocCount returns the number of documents in the index.
func (x *Index) DocCount() uint64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.m == nil {
		return 0
	}
	return x.m.live.GetCardinality()
}

// Apply indexes docs, removes the documents with ids in deletes, and records feedPos, all in
// one Bleve batch: after a crash the index holds either all of it or none of it, and
// FeedPos says which. Documents with Deleted set are removed.
func (x *Index) Apply(docs []Doc, deletes []string, feedPos uint64) error {
	b := x.bl.NewBatch()
	type put struct {
		d   *Doc
		raw [numFacets][]string
	}
	puts := make([]put, 0, len(docs))
	var dels []string
	var meta []byte
	for i := range docs {
		d := &docs[i]
		if d.ID == "" {
			return errors.New("index: apply: document without id")
		}
		if d.Deleted {
			b.Delete(d.ID)
			dels = append(dels, d.ID)
			continue
		}
		raw := facetValues(d)
		meta = encodeRec(meta[:0], d.ID, d.Kind, d.Name, unixNano(d.Updated), d.Lat, d.Lon, &raw)
		if err := b.IndexAdvanced(x.document(d, meta)); err != nil {
			return fmt.Errorf("index: apply %s: %w", d.ID, err)
		}
		puts = append(puts, put{d, raw})
	}
	for _, id := range deletes {
		b.Delete(id)
		dels = append(dels, id)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.bl == nil {
		return ErrClosed
	}
	gen := x.gen + 1
	b.SetInternal(keyFeedPos, binary.BigEndian.AppendUint64(nil, feedPos))
	b.SetInternal(keyGen, binary.BigEndian.AppendUint64(nil, gen))
	if err := x.bl.Batch(b); err != nil {
		return fmt.Errorf("index: apply batch: %w", err)
	}
	x.gen, x.feedPos = gen, feedPos
	for _, p := range puts {
		x.m.put(p.d.ID, p.d.Kind, p.d.Name, unixNano(p.d.Updated), p.d.Lat, p.d.Lon, p.raw)
	}
	for _, id := range dels {
		x.m.remove(id)
	}
	if time.Since(x.saved) > x.opts.SaveEvery {
		x.saveLocked()
	}
	x.scheduleWarm(warmDelay)
	return nil
}

func (x *Index) saveLocked() {
	if x.savedGen == x.gen && !x.saved.IsZero() {
		return
	}
	if err := x.m.save(x.dir, x.gen); err != nil {
		x.log.Warn("search index: saving facet table", "err", err)
		return
	}
	x.saved, x.savedGen = time.Now(), x.gen
}

// Reset closes the index, removes its folder and creates an empty index there. Use it to
// rebuild after [ErrNeedsRebuild]: Open gave no Index, so Reset is a function of the dir.
func Reset(dir string, opts Options) (*Index, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("index: reset %s: %w", dir, err)
	}
	return Open(dir, opts)
}

// Flush writes the facet side file now, so that the next Open is fast.
func (x *Index) Flush() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.bl != nil {
		x.saveLocked()
	}
}

// Close saves the facet side file and closes the index.
func (x *Index) Close() error {
	x.stopWarm()
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.bl == nil {
		return nil
	}
	x.saveLocked()
	err := x.bl.Close()
	x.bl = nil
	return err
}

// ctxDone reports the context's error, if any.
func ctxDone(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return nil
	}
}
