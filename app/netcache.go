package app

import (
	"fmt"
	"sbcc/app/report"
	"slices"
	stdsync "sync"

	gojson "github.com/goccy/go-json"

	"sbcc/app/graph"
	"sbcc/app/match"
	"sbcc/app/model"
	"sbcc/sync/store"
)

// netCache keeps the live actors, links, events, participations and posts
// in memory for the network features (graph, indicators, matchmaking,
// check-in, profile activity), which read all of them at once. It is filled
// on first use and kept current from the store's commits: changed records
// are only marked, and re-read at the next query.
type netCache struct {
	mu    stdsync.Mutex
	snap  *netSnap
	dirty map[[2]string]bool // kind, id
}

// netSnap is an immutable state of the cache; queries keep using the one
// they got while newer ones are made. Its actors are decoded without their
// descriptions and contact details (see networkActor): the network features
// do not show them, and leaving them out makes the first load at 100k
// actors a third faster.
type netSnap struct {
	byID  map[string]map[string]model.Record // kind → id → record
	lists map[string][]model.Record          // kind → records in id order

	corpusOnce stdsync.Once
	corpus     *match.Corpus

	graphMu stdsync.Mutex
	graphs  map[GraphFilter]graph.Graph // measured graphs by filter

	placedMu stdsync.Mutex
	placed   map[string]*placedSet // the map's actors by search (see MapClusters)

	reportMu stdsync.Mutex
	reports  map[report.Period]report.Report // indicator reports by period (see indicators)
}

func newNetCache(st *store.Store) *netCache {
	c := &netCache{dirty: map[[2]string]bool{}}
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

// snapshot returns the cache's current state with kinds loaded, loading
// a kind on its first use and applying the records changed since the last
// call.
func (d *Directory) snapshot(kinds ...string) (*netSnap, error) {
	c := d.net
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == nil {
		c.snap = &netSnap{byID: map[string]map[string]model.Record{}, lists: map[string][]model.Record{}}
	}
	var missing []string
	for _, kind := range kinds {
		if _, ok := c.snap.byID[kind]; !ok {
			missing = append(missing, kind)
		}
	}
	if len(missing) > 0 {
		// A new snapshot with the kinds added: earlier ones stay unchanged.
		next := &netSnap{byID: map[string]map[string]model.Record{}, lists: map[string][]model.Record{}}
		for k, m := range c.snap.byID {
			next.byID[k], next.lists[k] = m, c.snap.lists[k]
		}
		for _, kind := range missing {
			rs, err := d.listWith(kind, ListOptions{}, decodeForNetwork(kind))
			if err != nil {
				return nil, err
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
	}
	if len(c.dirty) == 0 {
		return c.snap, nil
	}
	next := &netSnap{byID: map[string]map[string]model.Record{}, lists: map[string][]model.Record{}}
	for k, m := range c.snap.byID {
		next.byID[k], next.lists[k] = m, c.snap.lists[k]
	}
	changed := map[string]bool{}
	for key := range c.dirty {
		kind, id := key[0], key[1]
		m, ok := next.byID[kind]
		if !ok {
			continue
		}
		if !changed[kind] {
			cp := make(map[string]model.Record, len(m)+1)
			for k, v := range m {
				cp[k] = v
			}
			next.byID[kind], m, changed[kind] = cp, cp, true
		}
		raw, err := d.store.View(kind, id)
		if err != nil {
			return nil, err
		}
		r, err := decodeForNetwork(kind)(raw)
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
		ids := make([]string, 0, len(next.byID[kind]))
		for id := range next.byID[kind] {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		list := make([]model.Record, len(ids))
		for i, id := range ids {
			list[i] = next.byID[kind][id]
		}
		next.lists[kind] = list
	}
	c.snap = next
	clear(c.dirty)
	return next, nil
}

// matchCorpus returns the matchmaking corpus of the snapshot's actors.
func (s *netSnap) matchCorpus() *match.Corpus {
	s.corpusOnce.Do(func() {
		actors := s.lists["actor"]
		profiles := make([]match.Profile, len(actors))
		for i, r := range actors {
			profiles[i] = profileOf(r.(*model.Actor))
		}
		s.corpus = match.NewCorpus(profiles)
	})
	return s.corpus
}

// cached returns the live records of kind from the network cache, in id order.
func cached[T model.Record](d *Directory, kind string) ([]T, error) {
	s, err := d.snapshot(kind)
	if err != nil {
		return nil, err
	}
	list := s.lists[kind]
	out := make([]T, len(list))
	for i, r := range list {
		out[i] = r.(T)
	}
	return out, nil
}

// networkActor is what the network features read of an actor: no
// description, address, contact details or NACE codes.
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

// decodeForNetwork decodes a stored view of kind for the network cache.
func decodeForNetwork(kind string) func(raw []byte) (model.Record, error) {
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
