package network

import (
	stdsync "sync"

	"sbcc/app"
	"sbcc/app/model"
)

// cached returns the live records of kind, in id order, from the
// directory's snapshot (app.Directory.Snapshot).
func cached[T model.Record](d *app.Directory, kind string) ([]T, error) {
	s, err := d.Snapshot(kind)
	if err != nil {
		return nil, err
	}
	return app.ListOf[T](s, kind), nil
}

// memo keeps up to max values computed from one snapshot's records (graphs
// by filter, reports by period, placed actors by search), so that coming
// back to a screen does not compute them again; it goes with its snapshot.
type memo[K comparable, V any] struct {
	mu  stdsync.Mutex
	m   map[K]V
	max int
}

// memoOf returns the memo named key of snapshot s, keeping up to max values.
func memoOf[K comparable, V any](s *app.Snapshot, key memoKey, max int) *memo[K, V] {
	return s.Memo(key, func() any { return &memo[K, V]{max: max} }).(*memo[K, V])
}

// memoKey names a memo of a snapshot.
type memoKey string

// The memos of a snapshot.
const (
	graphsMemo  memoKey = "network.graphs"
	reportsMemo memoKey = "network.reports"
	placedMemo  memoKey = "network.placed"
	corpusMemo  memoKey = "network.corpus"
)

// get returns the value kept for k, computing it (outside the lock) when
// there is none; a full memo starts again empty.
func (m *memo[K, V]) get(k K, compute func() (V, error)) (V, error) {
	m.mu.Lock()
	v, ok := m.m[k]
	m.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := compute()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil || len(m.m) >= m.max {
		m.m = map[K]V{}
	}
	m.m[k] = v
	return v, nil
}
