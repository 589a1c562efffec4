package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"sbcc/app"
	"sbcc/app/demo"
	"sbcc/app/model"
	sbsync "sbcc/sync"
)

func init() { sections = append(sections, section{name: "store", run: benchStore}) }

// benchStore measures local edits, remote apply, hash and size per actor.
func benchStore(ctx context.Context, cfg config) ([]row, error) {
	var rows []row
	// Local edits, one per transaction (fsync each).
	d, err := app.Open(filepath.Join(cfg.Dir, "edits"), app.Options{})
	if err != nil {
		return nil, err
	}
	const single = 500
	start := time.Now()
	for i := range single {
		if _, err := d.Put(&model.Actor{Kind: "organisation", Name: fmt.Sprintf("Studija %d", i), Country: "LT"}); err != nil {
			return nil, err
		}
	}
	rows = append(rows, row{"local edits, one per transaction", fmt.Sprintf("%.0f", single/time.Since(start).Seconds()), "edits/s", ""})
	batch := make([]model.Record, 1000)
	start = time.Now()
	const batches = 20
	for b := range batches {
		for i := range batch {
			batch[i] = &model.Actor{Kind: "organisation", Name: fmt.Sprintf("Pracownia %d-%d", b, i), Country: "PL"}
		}
		if _, err := d.PutMany(batch); err != nil {
			return nil, err
		}
	}
	rows = append(rows, row{"local edits, 1,000 per transaction", fmt.Sprintf("%.0f", batches*1000/time.Since(start).Seconds()), "edits/s", ""})
	d.Close()

	big, took, err := bigDirectory(ctx, cfg)
	if err != nil {
		return nil, err
	}
	rows = append(rows, row{fmt.Sprintf("demo network of %d actors", cfg.Actors), fmt.Sprintf("%.1f", took.Seconds()), "s", ""})

	// Remote changes applied: replay the big store's log into a fresh one.
	var changes []sbsync.Change
	if err := big.Store().ChangesSince(sbsync.Vector{}, func(c sbsync.Change) error {
		changes = append(changes, c)
		return nil
	}); err != nil {
		return nil, err
	}
	remote, err := app.Open(filepath.Join(cfg.Dir, "remote"), app.Options{})
	if err != nil {
		return nil, err
	}
	defer remote.Close()
	start = time.Now()
	for i := 0; i < len(changes); i += 1000 {
		if _, err := remote.Store().ApplyRemote(changes[i:min(i+1000, len(changes))]); err != nil {
			return nil, err
		}
	}
	rows = append(rows, row{"remote changes applied, 1,000 per transaction", fmt.Sprintf("%.0f", float64(len(changes))/time.Since(start).Seconds()), "changes/s", ""})

	start = time.Now()
	if _, err := big.Hash(); err != nil {
		return nil, err
	}
	rows = append(rows, row{fmt.Sprintf("sbcc hash at %d actors", cfg.Actors), ms(time.Since(start)), "ms", ""})
	st, err := os.Stat(filepath.Join(big.Dir(), "sbcc.db"))
	if err != nil {
		return nil, err
	}
	counts, _ := big.Counts()
	rows = append(rows, row{"store file per actor (all records and log)", fmt.Sprintf("%.0f", float64(st.Size())/float64(counts["actor"])), "bytes", ""})
	return rows, nil
}

var big struct {
	d    *app.Directory
	took time.Duration
}

// bigDirectory returns the shared demo directory of cfg.Actors actors,
// made on first use, and how long making it took.
func bigDirectory(ctx context.Context, cfg config) (*app.Directory, time.Duration, error) {
	if big.d != nil {
		return big.d, big.took, nil
	}
	d, err := app.Open(filepath.Join(cfg.Dir, "big"), app.Options{})
	if err != nil {
		return nil, 0, err
	}
	start := time.Now()
	if _, err := demo.Fill(ctx, d, demo.Options{Actors: cfg.Actors, Seed: 1}); err != nil {
		d.Close()
		return nil, 0, err
	}
	big.d, big.took = d, time.Since(start)
	return d, big.took, nil
}
