package app

import (
	"context"
	"errors"
	"fmt"
	"html"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	stdsync "sync"
	"time"

	"sbcc/app/bus"
	"sbcc/app/model"
	"sbcc/index"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
)

// IndexDirName is the search index's folder inside the data folder.
const IndexDirName = "index"

// indexBatch is how many feed entries go into one index batch.
const indexBatch = 1000

// ProgressFunc reports long work: done out of total units.
type ProgressFunc func(done, total int)

// searchIndex is the directory's Bleve index, opened on first use. The
// store is the truth: the index records the feed position it has applied,
// catches up from there before every search, and is rebuilt from the store
// when it is missing, damaged or of an older mapping.
type searchIndex struct {
	mu  stdsync.Mutex // held while opening, catching up or rebuilding
	idx *index.Index

	progressMu stdsync.Mutex
	progress   bus.TaskProgress // of a long indexing in the background; zero when none
}

// indexing returns the progress of a long indexing under way in the
// background (see FollowIndex), and false when there is none: a window
// opened in the middle of it shows it at once.
func (d *Directory) indexing() (bus.TaskProgress, bool) {
	s := &d.search
	s.progressMu.Lock()
	defer s.progressMu.Unlock()
	return s.progress, s.progress.Done < s.progress.Total
}

func (d *Directory) setIndexing(p bus.TaskProgress) {
	s := &d.search
	s.progressMu.Lock()
	defer s.progressMu.Unlock()
	s.progress = p
}

func (d *Directory) indexOptions() index.Options {
	o := index.DefaultOptions()
	o.Logger = d.log
	o.Locate = locate
	return o
}

// locate resolves a place name of near: in any of its languages or other
// names, built in or from the gazetteer.
func locate(place string) (lat, lon float64, ok bool) {
	if id, found := model.PlaceID(place); found {
		if l, known := model.LocalityByID(id); known {
			return l.Lat, l.Lon, true
		}
	}
	return 0, 0, false
}

// index returns the search index, opening (or rebuilding) it on first use
// and bringing it up to date with the store. progress, when not nil, sees a
// rebuild or a long catch-up.
func (d *Directory) index(ctx context.Context, progress ProgressFunc) (*index.Index, error) {
	s := &d.search
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idx == nil {
		dir := filepath.Join(d.dir, IndexDirName)
		idx, err := index.Open(dir, d.indexOptions())
		if errors.Is(err, index.ErrNeedsRebuild) {
			d.log.Warn("rebuilding the search index", "reason", err)
			idx, err = index.Reset(dir, d.indexOptions())
		}
		if err != nil {
			return nil, fmt.Errorf("open the search index: %w", err)
		}
		s.idx = idx
	}
	if err := d.catchUp(ctx, s.idx, progress); err != nil {
		return nil, err
	}
	return s.idx, nil
}

// reindex rebuilds the search index from the store.
func (d *Directory) reindex(ctx context.Context, progress ProgressFunc) error {
	s := &d.search
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idx != nil {
		s.idx.Close()
		s.idx = nil
	}
	idx, err := index.Reset(filepath.Join(d.dir, IndexDirName), d.indexOptions())
	if err != nil {
		return fmt.Errorf("reset the search index: %w", err)
	}
	s.idx = idx
	return d.catchUp(ctx, idx, progress)
}

// catchUp applies the store's feed after the index's position.
func (d *Directory) catchUp(ctx context.Context, idx *index.Index, progress ProgressFunc) error {
	from := idx.FeedPos()
	head, err := d.store.FeedHead()
	if err != nil || head <= from {
		return err
	}
	total := int(head - from)
	var docs []index.Doc
	var deletes []string
	pos, applied := from, from
	flush := func() error {
		if pos == applied {
			return nil
		}
		if err := idx.Apply(docs, deletes, pos); err != nil {
			return fmt.Errorf("update the search index: %w", err)
		}
		applied = pos
		if progress != nil {
			progress(int(pos-from), total)
		}
		docs, deletes = docs[:0], deletes[:0]
		return ctx.Err()
	}
	err = d.store.FeedSince(from, func(p uint64, rec *sbsync.Record) error {
		pos = p
		doc, ok := docOf(rec)
		switch {
		case !ok:
		case rec.Deleted():
			deletes = append(deletes, rec.ID)
		default:
			docs = append(docs, doc)
		}
		if len(docs)+len(deletes) >= indexBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// docOf converts a record to the index's document; ok is false for kinds
// that are not searched.
func docOf(rec *sbsync.Record) (index.Doc, bool) {
	k, err := model.LookupKind(rec.Kind)
	if err != nil {
		return index.Doc{}, false
	}
	r := k.New()
	var bad *model.BadFieldsError
	if err := model.FromFields(r, rec.ID, rec.Values()); err != nil && !errors.As(err, &bad) {
		return index.Doc{}, false
	}
	updated := rec.Updated.HLC.Time()
	switch v := r.(type) {
	case *model.Actor:
		doc := index.Doc{ID: v.ID, Kind: "actor", Name: v.Name, Text: v.Description, Sectors: v.Sectors,
			Languages: v.Languages, Tags: v.Tags, Offers: v.Offers, Needs: v.Needs, Country: v.Country,
			Locality: v.Locality, LocalityName: v.Locality, ActorKind: v.Kind, Lat: v.Lat, Lon: v.Lon, Updated: updated,
			Also: append(index.ContactWords(v.Email, v.Phone, v.Website), model.PlaceWords(v.Locality)...)}
		if l, ok := model.LocalityByID(v.Locality); ok && v.Lat == nil {
			// Without coordinates of its own, an actor is where its town is (near:).
			doc.Lat, doc.Lon = &l.Lat, &l.Lon
		}
		return doc, true
	case *model.Event:
		doc := index.Doc{ID: v.ID, Kind: "event", Name: v.Title, Text: v.Description, Locality: v.Locality,
			LocalityName: v.Locality, Updated: updated, Tags: []string{v.Kind}, Also: model.PlaceWords(v.Locality)}
		if l, ok := model.LocalityByID(v.Locality); ok {
			doc.Country, doc.Lat, doc.Lon = l.Country, &l.Lat, &l.Lon
		}
		return doc, true
	case *model.Post:
		doc := index.Doc{ID: v.ID, Kind: "post", Name: v.Title, Text: map[string]string{"en": v.Text}, Updated: updated, Tags: []string{v.Type}}
		if v.Sector != "" {
			doc.Sectors = []string{v.Sector}
		}
		return doc, true
	}
	return index.Doc{}, false
}

// find searches the index after bringing it up to date. The query language
// is index.ParseQuery's: words, "phrases", prefixes while typing, typos,
// filters such as sector:design or country:LT, -negation, near:Rietavas:30km.
func (d *Directory) find(ctx context.Context, req index.Request) (index.Result, error) {
	idx, err := d.index(ctx, nil)
	if err != nil {
		return index.Result{}, err
	}
	res, err := idx.Search(ctx, req)
	if errors.Is(err, index.ErrBadQuery) {
		return res, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return res, err
}

// MaxQueryLength bounds what a person types as a query.
const MaxQueryLength = 500

// checkQuery refuses a query longer than MaxQueryLength.
func checkQuery(q string) error {
	if len(q) > MaxQueryLength {
		return fmt.Errorf("%w: %w", ErrInvalid, model.One("query", model.CodeQueryTooLong,
			fmt.Sprintf("the query is longer than %d characters", MaxQueryLength), "max", strconv.Itoa(MaxQueryLength)))
	}
	return nil
}

// Check refuses a search of the UI whose query is too long or whose
// filters are not facets (FacetNames).
func (req SearchRequest) Check() error {
	if err := checkQuery(req.Query); err != nil {
		return err
	}
	for f := range req.Filters {
		if !slices.Contains(FacetNames, f) {
			return fmt.Errorf("%w: %q is not a filter; use one of %s", ErrInvalid, f, strings.Join(FacetNames, ", "))
		}
	}
	return nil
}

// findKind runs a person's query over the records of one kind (as
// "kind:KIND query"), checking the query's length as every search of the
// UI does.
func (d *Directory) findKind(ctx context.Context, kind, query string, offset, limit int) (index.Result, error) {
	if err := checkQuery(query); err != nil {
		return index.Result{}, err
	}
	return d.find(ctx, index.Request{Query: "kind:" + kind + " " + query, Offset: offset, Limit: limit})
}

// findIDs returns the ids of every record the query finds, best first.
func (d *Directory) findIDs(ctx context.Context, query string) ([]string, error) {
	var ids []string
	for {
		res, err := d.find(ctx, index.Request{Query: query, Limit: 1000, Offset: len(ids)})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) == 0 || uint64(len(ids)) >= res.Total {
			return ids, nil
		}
	}
}

// closeIndex closes the search index if it is open.
func (d *Directory) closeIndex() error {
	s := &d.search
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idx == nil {
		return nil
	}
	err := s.idx.Close()
	s.idx = nil
	return err
}

// IndexSearcher answers the UI's searches from the search index: actors
// only, each hit shown from the index's own copy of its facet values.
type IndexSearcher struct {
	dir *Directory
}

// NewIndexSearcher returns the searcher the API uses when the index is there.
func NewIndexSearcher(d *Directory) *IndexSearcher { return &IndexSearcher{dir: d} }

// Search runs req. Filters of different facets must all hold; of several
// values of one facet, one must (country PL or LT). A facet with chosen
// values is counted as if it had none, so that another can be added.
func (s *IndexSearcher) Search(ctx context.Context, req SearchRequest) (SearchResult, error) {
	start := time.Now()
	limit := req.Limit
	if limit <= 0 {
		limit = 50
	}
	res, err := s.dir.find(ctx, index.Request{Query: req.IndexQuery(), Limit: min(limit, 500), Offset: req.Offset, Facets: true, Disjunctive: true})
	if err != nil {
		return SearchResult{}, err
	}
	out := SearchResult{Hits: make([]Hit, 0, len(res.Hits)), Total: int(res.Total), Facets: map[string][]FacetValue{}, Engine: "index"}
	for _, h := range res.Hits {
		// The page is shown from the index's own copy of the facets (caught
		// up with the store before the search): no record is read.
		hit := Hit{ID: h.ID, Kind: first(h.Values["kind"]), Name: h.Name, Score: h.Score, Highlights: map[string][]string{},
			Locality: first(h.Values["locality"]), Country: first(h.Values["country"]), Sectors: h.Values["sector"]}
		for field, snippets := range h.Highlights {
			for _, sn := range snippets {
				hit.Highlights[field] = append(hit.Highlights[field], markers(sn))
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	for name, counts := range res.Facets {
		for _, c := range counts {
			out.Facets[name] = append(out.Facets[name], FacetValue{Value: c.Value, Count: c.Count})
		}
	}
	out.TookMs = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// first is the first of vs, or "".
func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// IndexQuery is the index query of a search request: kind, filters, then
// what was typed. Filters go first: the query's last word is a prefix only
// when nothing follows it.
func (req SearchRequest) IndexQuery() string {
	var q strings.Builder
	q.WriteString("type:actor")
	for _, name := range sortedKeys(req.Filters) {
		field := name
		if name == "locality" {
			field = "town"
		}
		for i, v := range req.Filters[name] {
			sep := ","
			if i == 0 {
				sep = " " + field + ":"
			}
			fmt.Fprintf(&q, "%s%q", sep, v)
		}
	}
	q.WriteString(" ")
	q.WriteString(req.Query)
	return q.String()
}

// markers turns the index's HTML snippet (matches in <mark>, the rest
// escaped) into plain text with MarkStart/MarkEnd around the matches.
func markers(snippet string) string {
	s := strings.ReplaceAll(snippet, MarkStart, "")
	s = strings.ReplaceAll(s, MarkEnd, "")
	s = strings.ReplaceAll(s, "<mark>", MarkStart)
	s = strings.ReplaceAll(s, "</mark>", MarkEnd)
	return html.UnescapeString(s)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// followDelay is how long FollowIndex waits for changes to settle before
// indexing them: a burst of commits (an import, a catch-up) is indexed once.
const followDelay = 100 * time.Millisecond

// longIndexing is how many changes to index make FollowIndex report its
// progress.
const longIndexing = 5 * indexBatch

// FollowIndex keeps the search index up to date in the background: it opens
// the index at once and indexes changes shortly after they are committed,
// here or by a peer, so that the next keystroke's search does not wait for
// opening or indexing. Searches still catch up themselves; this only moves
// the work out of their way. A long indexing is reported on b (when not
// nil) as bus.Index. It stops when ctx ends or cancel is called;
// cancel waits for it.
func FollowIndex(ctx context.Context, d *Directory, b *bus.Bus) (cancel func()) {
	kick := make(chan struct{}, 1)
	unsubscribe := d.store.Subscribe(func(store.Commit) {
		select {
		case kick <- struct{}{}:
		default:
		}
	})
	ctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	var shown bus.TaskProgress // the last progress reported
	report := func(p bus.TaskProgress) {
		d.setIndexing(p)
		b.Publish(bus.Notice{Name: bus.Index, Data: p})
		shown = p
	}
	progress := func(done, total int) {
		if total >= longIndexing {
			report(bus.TaskProgress{Task: "index", Done: done, Total: total})
		}
	}
	update := func() {
		_, err := d.index(ctx, progress)
		if shown.Done < shown.Total {
			// Stopped short (an error, or closing): the progress shown must not
			// stay; the next search says what went wrong.
			report(bus.TaskProgress{Task: "index"})
		}
		if err != nil && ctx.Err() == nil {
			d.log.Warn("search index: indexing changes in the background", "err", err)
		}
	}
	go func() {
		defer close(done)
		update()
		settle := time.NewTimer(time.Hour)
		settle.Stop()
		for {
			select {
			case <-ctx.Done():
				settle.Stop()
				return
			case <-kick:
				settle.Reset(followDelay)
			case <-settle.C:
				update()
			}
		}
	}()
	return func() {
		unsubscribe()
		stop()
		<-done
	}
}
