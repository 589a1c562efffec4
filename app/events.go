package app

import (
	"slices"
	stdsync "sync"

	"sbcc/sync/store"
)

// Event names pushed to the UI.
const (
	// EventRecords says records changed: Data is a RecordsChanged.
	EventRecords = "records"
	// EventSync carries sync progress (the sync node publishes it).
	EventSync = "sync"
	// EventImport carries import progress: Data is a Progress.
	EventImport = "import"
	// EventIndex carries the progress of a long indexing (the first start on
	// a large folder, a big catch-up): Data is a Progress of task "index".
	EventIndex = "index"
)

// Event is something the UI should know about without asking.
type Event struct {
	Name string `json:"name"`
	Data any    `json:"data,omitempty"`
}

// RecordsChanged lists what one commit changed.
type RecordsChanged struct {
	Kinds []string `json:"kinds"`
	IDs   []string `json:"ids"`
	// Local is true for edits made here, false for changes from peers.
	Local bool `json:"local"`
}

// Progress reports a long task.
type Progress struct {
	Task  string `json:"task"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Bus fans events out to subscribers: the desktop window and the HTTP
// event streams. Publishers are the store (through ForwardCommits), the
// import and, once it lands, the sync node.
type Bus struct {
	mu   stdsync.Mutex
	subs map[int]func(Event)
	next int
}

// NewBus returns an empty bus.
func NewBus() *Bus { return &Bus{subs: map[int]func(Event){}} }

// Subscribe calls fn for every event until cancel is called. fn must not
// block.
func (b *Bus) Subscribe(fn func(Event)) (cancel func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := b.next
	b.next++
	b.subs[id] = fn
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs, id)
	}
}

// Publish sends e to every subscriber.
func (b *Bus) Publish(e Event) {
	b.mu.Lock()
	fns := make([]func(Event), 0, len(b.subs))
	for _, fn := range b.subs {
		fns = append(fns, fn)
	}
	b.mu.Unlock()
	for _, fn := range fns {
		fn(e)
	}
}

// ForwardCommits publishes an EventRecords for every commit of d's store.
func ForwardCommits(d *Directory, b *Bus) (cancel func()) {
	return d.Store().Subscribe(func(c store.Commit) {
		var rc RecordsChanged
		rc.Local = c.Local
		for _, ch := range c.Changes {
			if !slices.Contains(rc.Kinds, ch.Kind) {
				rc.Kinds = append(rc.Kinds, ch.Kind)
			}
			if len(rc.IDs) < 100 && !slices.Contains(rc.IDs, ch.ID) {
				rc.IDs = append(rc.IDs, ch.ID)
			}
		}
		b.Publish(Event{Name: EventRecords, Data: rc})
	})
}
