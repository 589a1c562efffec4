package app

import (
	"fmt"
	"maps"
	"slices"
	stdsync "sync"

	gojson "github.com/goccy/go-json"

	"sbcc/app/model"
	"sbcc/sync/store"
)

// liveCache keeps the live actors, links, events, participations and posts
// in memory for what reads all of them at once: the network features (graph,
// map, indicators, matchmaking, check-in, profile activity) and the rule
// that an actor registers once for an event. It is filled on first use and
// kept current from the store's commits: changed records are only marked,
// and re-read at the next Snapshot.
type liveCache struct {
	mu    stdsync.Mutex
	snap  *Snapshot
	dirty map[[2]string]bool // kind, id
}

// Snapshot is an immutable state of the live records of some kinds; a
// reader keeps using the one it got while newer ones are made. Its actors
// are decoded without their descriptions and contact details (see
// networkActor): the network features do not show them, and leaving them
// out makes the first load at 100k actors a third faster.
type Snapshot struct {
	byID  map[string]map[string]model.Record // kind → id → record
	lists map[string][]model.Record          // kind → records in id order

	memoMu stdsync.Mutex
	memo   map[any]any
}

// List returns the live records of kind in id order; nil for a kind the
// snapshot was not asked for. The records are shared: do not change them.
func (s *Snapshot) List(kind string) []model.Record { return s.lists[kind] }

// Record returns the live record of kind with id, nil when there is none.
func (s *Snapshot) Record(kind, id string) model.Record { return s.byID[kind][id] }

// Memo returns what compute returned for key on its first call for this
// snapshot, so that what is computed from it (a graph, a report) is kept
// as long as the records it was computed from.
func (s *Snapshot) Memo(key any, compute func() any) any {
	s.memoMu.Lock()
	defer s.memoMu.Unlock()
	if v, ok := s.memo[key]; ok {
		return v
	}
	if s.memo == nil {
		s.memo = map[any]any{}
	}
	v := compute()
	s.memo[key] = v
	return v
}

// ListOf returns the live records of kind of s as T.
func ListOf[T model.Record](s *Snapshot, kind string) []T {
	list := s.lists[kind]
	out := make([]T, len(list))
	for i, r := range list {
		out[i] = r.(T)
	}
	return out
}

func newLiveCache(st *store.Store) *liveCache {
	c := &liveCache{dirty: map[[2]string]bool{}}
	st.Subscribe(func(cm store.Commit) {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.snap == nil || len(c.snap.byID) == 0 {
			return
		}
		for _, ch := range cm.Changes {
			c.dirty[[2]string{ch.Kind, ch.ID}] = true
		}
	})
	return c
}

// next returns a new snapshot sharing s's kinds.
func (s *Snapshot) next() *Snapshot {
	n := &Snapshot{byID: map[string]map[string]model.Record{}, lists: map[string][]model.Record{}}
	if s != nil {
		for k, m := range s.byID {
			n.byID[k], n.lists[k] = m, s.lists[k]
		}
	}
	return n
}

// Snapshot returns the live records of kinds as they are now, loading a
// kind on its first use and applying the records changed since the last
// call.
func (d *Directory) Snapshot(kinds ...string) (*Snapshot, error) {
	c := d.live
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == nil {
		c.snap = (*Snapshot)(nil).next()
	}
	if err := d.loadKinds(kinds); err != nil {
		return nil, err
	}
	if len(c.dirty) == 0 {
		return c.snap, nil
	}
	next, err := d.applyDirty(c.snap.next())
	if err != nil {
		return nil, err
	}
	c.snap = next
	clear(c.dirty)
	return next, nil
}

// loadKinds makes a new snapshot with those of kinds added that the
// current one lacks; earlier snapshots stay unchanged. c.mu is held.
func (d *Directory) loadKinds(kinds []string) error {
	c := d.live
	var missing []string
	for _, kind := range kinds {
		if _, ok := c.snap.byID[kind]; !ok {
			missing = append(missing, kind)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	next := c.snap.next()
	for _, kind := range missing {
		rs, err := d.listWith(kind, ListOptions{}, decodeLive(kind))
		if err != nil {
			return err
		}
		m := make(map[string]model.Record, len(rs))
		for _, r := range rs {
			m[model.IDOf(r)] = r
		}
		next.byID[kind], next.lists[kind] = m, rs
		// Changes marked before the load are in what was just read.
		for key := range c.dirty {
			if key[0] == kind {
				delete(c.dirty, key)
			}
		}
	}
	c.snap = next
	return nil
}

// applyDirty re-reads into next the records marked changed, copying each
// changed kind's map first, and lists those kinds anew. c.mu is held.
func (d *Directory) applyDirty(next *Snapshot) (*Snapshot, error) {
	changed := map[string]bool{}
	for key := range d.live.dirty {
		kind, id := key[0], key[1]
		m, ok := next.byID[kind]
		if !ok {
			continue
		}
		if !changed[kind] {
			m = maps.Clone(m)
			next.byID[kind], changed[kind] = m, true
		}
		raw, err := d.store.View(kind, id)
		if err != nil {
			return nil, err
		}
		r, err := decodeLive(kind)(raw)
		if err != nil {
			return nil, fmt.Errorf("%s %s in the store does not fit its kind: %w", kind, id, err)
		}
		if model.MetaOf(r).Deleted {
			delete(m, id)
		} else {
			m[id] = r
		}
	}
	for kind := range changed {
		ids := slices.Sorted(maps.Keys(next.byID[kind]))
		list := make([]model.Record, len(ids))
		for i, id := range ids {
			list[i] = next.byID[kind][id]
		}
		next.lists[kind] = list
	}
	return next, nil
}

// networkActor is what a snapshot reads of an actor: no description,
// address, contact details or NACE codes.
type networkActor struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	Name       string     `json:"name"`
	Sectors    []string   `json:"sectors"`
	Tags       []string   `json:"tags"`
	Languages  []string   `json:"languages"`
	Locality   string     `json:"locality"`
	Country    string     `json:"country"`
	Lat        *float64   `json:"lat"`
	Lon        *float64   `json:"lon"`
	Offers     []string   `json:"offers"`
	Needs      []string   `json:"needs"`
	Visibility string     `json:"visibility"`
	Meta       model.Meta `json:"meta"`
}

// decodeLive decodes a stored view of kind for a snapshot.
func decodeLive(kind string) func(raw []byte) (model.Record, error) {
	if kind != "actor" {
		return decoderOf(model.Kinds[kind])
	}
	return func(raw []byte) (model.Record, error) {
		var a networkActor
		if err := gojson.Unmarshal(raw, &a); err != nil {
			return nil, err
		}
		return &model.Actor{ID: a.ID, Kind: a.Kind, Name: a.Name, Sectors: a.Sectors, Tags: a.Tags, Languages: a.Languages,
			Locality: a.Locality, Country: a.Country, Lat: a.Lat, Lon: a.Lon, Offers: a.Offers, Needs: a.Needs,
			Visibility: a.Visibility, Meta: a.Meta}, nil
	}
}
