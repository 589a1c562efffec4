package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"sbcc/app"
	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/internal/netproxy"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
	"sbcc/sync/wire"
)

func init() { sections = append(sections, section{name: "slowlink", run: benchSlowLink}) }

// The links of the slow-link rows (internal/netproxy, one proxy in front
// of each node): a lossy rural link as in issue 13, and a 1 Mbit/s uplink.
var (
	lossyLink = netproxy.Config{Delay: 100 * time.Millisecond, Jitter: 50 * time.Millisecond, Loss: 0.10, Seed: 13}
	slowLink  = netproxy.Config{Bandwidth: 1_000_000 / 8, Delay: 20 * time.Millisecond, Seed: 13}
)

// benchSlowLink measures the catch-up path between two real gossip nodes
// on loopback through internal/netproxy: catch-up of 10k changes through a
// clean proxy and through 10 % loss / 100 ± 50 ms, and the first sync of
// the 10k demo over a 1 Mbit/s link.
func benchSlowLink(ctx context.Context, cfg config) ([]row, error) {
	dir, err := os.MkdirTemp(cfg.Dir, "slowlink-*")
	if err != nil {
		return nil, err
	}
	var rows []row
	clean, _, _, err := catchUp(ctx, filepath.Join(dir, "clean"), 10000, &netproxy.Config{}, 5*time.Minute)
	if err != nil {
		return rows, fmt.Errorf("clean proxy: %w", err)
	}
	rows = append(rows, row{"catch-up 10k changes through a clean proxy", fmt.Sprintf("%.2f", clean.Seconds()), "s", ""})
	const lossyTimeout = 10 * time.Minute
	lossy, _, _, err := catchUp(ctx, filepath.Join(dir, "lossy"), 10000, &lossyLink, lossyTimeout)
	if err != nil {
		rows = append(rows, row{"catch-up 10k changes, 10 % loss, 100 ± 50 ms", "> " + lossyTimeout.String(), "", "≤ 10 × clean"})
	} else {
		rows = append(rows,
			row{"catch-up 10k changes, 10 % loss, 100 ± 50 ms", fmt.Sprintf("%.2f", lossy.Seconds()), "s", ""},
			row{"catch-up 10k changes, lossy / clean", fmt.Sprintf("%.1f", lossy.Seconds()/clean.Seconds()), "ratio", "≤ 10"})
	}
	actors := min(10_000, cfg.Actors)
	took, zsize, changes, err := firstSyncDemo(ctx, filepath.Join(dir, "demo"), actors, &slowLink, 15*time.Minute, 3*time.Minute)
	what := fmt.Sprintf("first sync of the %dk demo (%d changes) over 1 Mbit/s", actors/1000, changes)
	ideal := float64(zsize) / float64(slowLink.Bandwidth)
	if err != nil {
		return append(rows, row{what, "gave up: " + err.Error(), "", fmt.Sprintf("≤ %.0f s", 1.2*ideal)}), nil
	}
	rows = append(rows,
		row{what, fmt.Sprintf("%.1f", took.Seconds()), "s", ""},
		row{"  its zstd bytes ÷ link rate", fmt.Sprintf("%.1f", ideal), "s", ""},
		row{"  first sync / (zstd bytes ÷ link rate)", fmt.Sprintf("%.2f", took.Seconds()/ideal), "ratio", "≤ 1.2"})
	return rows, nil
}

// firstSyncDemo fills one node with the demo of actors actors, starts an
// empty one behind link and measures until it holds everything; it gives
// up after timeout, or when no change arrived for stall.
func firstSyncDemo(ctx context.Context, dir string, actors int, link *netproxy.Config, timeout, stall time.Duration) (took time.Duration, zsize, changes int, err error) {
	sn := &syncNet{link: link}
	defer sn.close()
	for i := range 2 {
		n, err := sn.open(filepath.Join(dir, fmt.Sprint(i)))
		if err != nil {
			return 0, 0, 0, err
		}
		sn.nodes = append(sn.nodes, n)
	}
	a, b := sn.nodes[0], sn.nodes[1]
	a.st.Close()
	d, err := app.Open(a.dir, app.Options{NoSync: true, Sign: a.id.Sign})
	if err != nil {
		return 0, 0, 0, err
	}
	_, err = demo.Fill(ctx, d, demo.Options{Actors: actors, Seed: 1})
	d.Close()
	if err != nil {
		return 0, 0, 0, err
	}
	if a.st, err = store.Open(a.dir, store.Options{Schema: model.Schema{}, NoSync: true, Sign: a.id.Sign}); err != nil {
		return 0, 0, 0, err
	}
	var all []sbsync.Change
	a.st.ChangesSince(nil, func(c sbsync.Change) error { all = append(all, c); return nil })
	raw, _ := json.Marshal(all)
	zsize, changes = len(wire.Compress(raw)), len(all)
	if err := sn.start(ctx, a, benchCfg(), ""); err != nil {
		return 0, 0, 0, err
	}
	start := time.Now()
	if err := sn.start(ctx, b, benchCfg(), a.node.Addr()); err != nil {
		return 0, 0, 0, err
	}
	want, _ := a.st.Vector()
	lacking, lastMove := want.Count(nil), time.Now()
	done := waitFor(timeout, func() bool {
		v, _ := b.st.Vector()
		if n := want.Count(v); n < lacking {
			lacking, lastMove = n, time.Now()
		}
		return lacking == 0 || time.Since(lastMove) > stall
	})
	if !done || lacking > 0 {
		return 0, zsize, changes, fmt.Errorf("%d of %d changes after %s, none for the last %s", changes-int(lacking), changes,
			time.Since(start).Round(time.Second), time.Since(lastMove).Round(time.Second))
	}
	return time.Since(start), zsize, changes, nil
}
