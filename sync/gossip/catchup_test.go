package gossip_test

import (
	"encoding/json"
	"fmt"
	stdsync "sync"
	"testing"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/gossip"
	"sbcc/sync/store"
	"sbcc/sync/wire"
)

// makeEdits commits n single-record edits on st, batch per transaction.
func makeEdits(t testing.TB, st *store.Store, n, batch int, prefix string) {
	t.Helper()
	for i := 0; i < n; i += batch {
		var edits []store.Edit
		for j := i; j < min(i+batch, n); j++ {
			name, _ := json.Marshal(fmt.Sprintf("Creative actor %d of %s", j, prefix))
			edits = append(edits, store.Edit{Kind: "actor", ID: fmt.Sprintf("%s%020d", prefix, j), Op: sbsync.OpSet,
				Fields: map[string]json.RawMessage{"name": name, "country": json.RawMessage(`"SE"`),
					"sectors": json.RawMessage(`["design","games"]`)}})
		}
		if _, err := st.Commit(edits...); err != nil {
			t.Fatal(err)
		}
	}
}

// zstdSize returns the zstd size of every change in st that a replica
// with vector have lacks, as one JSON stream.
func zstdSize(t testing.TB, st *store.Store, have sbsync.Vector) (int, int) {
	var all []sbsync.Change
	if err := st.ChangesSince(have, func(c sbsync.Change) error { all = append(all, c); return nil }); err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(all)
	return len(wire.Compress(raw)), len(all)
}

func TestCatchUpBytes(t *testing.T) {
	var mu stdsync.Mutex
	var progress []gossip.SessionProgress
	c := newCluster(t, 2, !raceEnabled, nil)
	off := c.nodes[1]
	off.stopNode()
	before, _ := off.st.Vector()
	makeEdits(t, c.nodes[0].st, 10000, 1000, "01HZCATCHUP")
	want, count := zstdSize(t, c.nodes[0].st, before)
	if count != 10000 {
		t.Fatalf("%d changes to catch up, want 10000", count)
	}
	sent0, chunks0 := c.nodes[0].tr.Sent(), c.nodes[0].node.Stats().CatchUpBytesSent

	c.tweak = func(cfg *gossip.Config) {
		cfg.OnProgress = func(p gossip.SessionProgress) { mu.Lock(); progress = append(progress, p); mu.Unlock() }
	}
	start := time.Now()
	c.start(off) // rejoins through its remembered peers
	eventually(t, 60*time.Second, "caught up", func() error { return converged(c.nodes...) })
	took := time.Since(start)
	sent := c.nodes[0].tr.Sent() - sent0
	chunks := c.nodes[0].node.Stats().CatchUpBytesSent - chunks0
	t.Logf("catch-up of %d changes (signed %v): %s; chunks %d bytes, all traffic %d bytes; zstd size %d; ratios %.3f and %.3f",
		count, !raceEnabled, took.Round(time.Millisecond), chunks, sent, want, float64(chunks)/float64(want), float64(sent)/float64(want))
	if float64(chunks) > 1.2*float64(want) {
		t.Errorf("catch-up chunks were %d bytes, more than 1.2 × %d", chunks, want)
	}
	// All traffic, probes and push/pull included: the race detector makes
	// the transfer slow enough for that background to matter, so only
	// without it.
	if !raceEnabled && float64(sent) > 1.2*float64(want) {
		t.Errorf("catch-up sent %d bytes, more than 1.2 × %d", sent, want)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(progress) == 0 || !progress[len(progress)-1].Done || progress[len(progress)-1].Changes != 10000 {
		t.Errorf("progress not reported to the end: %+v", progress)
	}
}
