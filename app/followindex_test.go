package app

import (
	"strconv"
	"testing"
	"time"

	"sbcc/app/bus"
	"sbcc/app/model"
)

// indexBehind is how many feed entries the open index lacks; -1 while it is
// not open.
func (d *Directory) indexBehind(t *testing.T) int {
	s := &d.search
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idx == nil {
		return -1
	}
	head, err := d.store.FeedHead()
	if err != nil {
		t.Fatal(err)
	}
	return int(head - s.idx.FeedPos())
}

func TestFollowIndexIndexesWithoutASearch(t *testing.T) {
	d, err := Open(t.TempDir(), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Put(&model.Actor{Kind: "organisation", Name: "Ateljé Våg", Country: "SE"}); err != nil {
		t.Fatal(err)
	}
	stop := FollowIndex(t.Context(), d, nil)
	defer stop()
	waitIndexed := func(what string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for d.indexBehind(t) != 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the index is still %d behind", what, d.indexBehind(t))
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitIndexed("at start")
	var more []model.Record
	for i := range 3 {
		more = append(more, &model.Actor{Kind: "individual", Name: "Atelier Möwe " + string(rune('A'+i)), Country: "DE"})
	}
	if _, err := d.PutMany(more); err != nil {
		t.Fatal(err)
	}
	if d.indexBehind(t) == 0 {
		t.Fatal("the index took the edits at once; the test would not see the follower work")
	}
	waitIndexed("after edits")
	stop()
	if _, err := d.Put(&model.Actor{Kind: "individual", Name: "After", Country: "LT"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * followDelay)
	if d.indexBehind(t) != 1 {
		t.Fatalf("a stopped follower indexed: behind %d", d.indexBehind(t))
	}
}

// unindexed opens a directory with n actors not yet indexed, and a channel
// for the progress events of its indexing.
func unindexed(t *testing.T, n int) (*Directory, chan bus.TaskProgress) {
	t.Helper()
	d, err := Open(t.TempDir(), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	batch := make([]model.Record, n)
	for i := range batch {
		batch[i] = &model.Actor{Kind: "organisation", Name: "Studija " + strconv.Itoa(i), Country: "LT"}
	}
	if _, err := d.PutMany(batch); err != nil {
		t.Fatal(err)
	}
	return d, make(chan bus.TaskProgress, 100)
}

// progressBus returns a bus that sends the progress of indexing to events.
func progressBus(t *testing.T, events chan bus.TaskProgress) *bus.Bus {
	b := bus.New()
	t.Cleanup(b.Subscribe(func(e bus.Notice) {
		if e.Name == bus.Index {
			events <- e.Data.(bus.TaskProgress)
		}
	}))
	return b
}

func TestFollowIndexReportsLongIndexing(t *testing.T) {
	n := longIndexing + indexBatch/2
	d, events := unindexed(t, n)
	stop := FollowIndex(t.Context(), d, progressBus(t, events))
	defer stop()
	last := bus.TaskProgress{}
	for last.Total == 0 || last.Done < last.Total {
		select {
		case p := <-events:
			if p.Task != "index" || p.Done < last.Done || p.Done > p.Total || p.Total < n {
				t.Fatalf("progress %+v after %+v", p, last)
			}
			if now, ok := d.Search().Indexing(); p.Done < p.Total && (!ok || now.Done < p.Done) {
				t.Fatalf("Indexing() = %+v %v while the event said %+v", now, ok, p)
			}
			last = p
		case <-time.After(60 * time.Second):
			t.Fatalf("indexing did not finish; last progress %+v", last)
		}
	}
	if d.indexBehind(t) != 0 {
		t.Fatal("progress said done, the index is behind")
	}
	if p, ok := d.Search().Indexing(); ok {
		t.Fatalf("Indexing() = %+v after the end", p)
	}
}

func TestFollowIndexClearsProgressWhenStopped(t *testing.T) {
	d, events := unindexed(t, 2*longIndexing)
	stop := FollowIndex(t.Context(), d, progressBus(t, events))
	select {
	case p := <-events:
		if p.Done >= p.Total {
			t.Fatalf("first progress %+v is already the end", p)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no progress")
	}
	stop() // mid-way
	var last bus.TaskProgress
	for len(events) > 0 {
		last = <-events
	}
	if last.Total > 0 && last.Done == last.Total {
		t.Skip("the indexing finished before it could be stopped")
	}
	if last != (bus.TaskProgress{Task: "index"}) {
		t.Fatalf("last progress after stopping %+v, want the empty one that hides it", last)
	}
}
