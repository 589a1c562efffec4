// Package bus carries notices to the UI: what changed and how a long task
// goes, pushed to the desktop window (Wails events) and to the browser's
// event stream (GET /api/events). It knows no records and no storage; the
// directory, the importer and the sync node publish, the window and
// sbcc/web subscribe.
package bus

import stdsync "sync"

// Notice names pushed to the UI.
const (
	// Records says records changed: Data is a RecordsChanged.
	Records = "records"
	// Sync carries sync progress (the sync node publishes it).
	Sync = "sync"
	// Import carries import progress: Data is a TaskProgress.
	Import = "import"
	// Index carries the progress of a long indexing (the first start on
	// a large folder, a big catch-up): Data is a TaskProgress of task "index".
	Index = "index"
)

// Notice is something the UI should know about without asking (not to be
// confused with model.Event, a forum or meeting).
type Notice struct {
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

// TaskProgress reports a long task of this office: an import, the demo, an
// indexing.
type TaskProgress struct {
	Task  string `json:"task"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Bus fans notices out to subscribers: the desktop window and the HTTP
// event streams. Publishers are the store (through app.ForwardCommits), the
// import, the search index and the sync node. A nil *Bus drops every notice.
type Bus struct {
	mu   stdsync.Mutex
	subs map[int]func(Notice)
	next int
}

// New returns an empty bus.
func New() *Bus { return &Bus{subs: map[int]func(Notice){}} }

// Subscribe calls fn for every notice until cancel is called. fn must not
// block.
func (b *Bus) Subscribe(fn func(Notice)) (cancel func()) {
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

// Publish sends n to every subscriber; on a nil bus it does nothing.
func (b *Bus) Publish(n Notice) {
	if b == nil {
		return
	}
	b.mu.Lock()
	fns := make([]func(Notice), 0, len(b.subs))
	for _, fn := range b.subs {
		fns = append(fns, fn)
	}
	b.mu.Unlock()
	for _, fn := range fns {
		fn(n)
	}
}
