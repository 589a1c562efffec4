package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"sbcc/app"
	"sbcc/app/demo"
	"sbcc/app/forum"
	"sbcc/app/network"
)

func init() {
	sections = append(sections, section{name: "forum", run: benchForum}, section{name: "publish", run: benchPublish})
}

// benchForum plans the session (300 participants, 12 rounds, 40
// tables, 2,000 wishes) with the planner and the greedy baseline, at two
// shares of mutual wishes.
func benchForum(_ context.Context, _ config) ([]row, error) {
	var rows []row
	for _, share := range []float64{0.25, 0.4} {
		in := forum.Synthetic(forum.SyntheticConfig{Participants: 300, Rounds: 12, Tables: 40, Requests: 2000, MutualShare: share, Seed: 1})
		for _, p := range []struct {
			name string
			fn   func(forum.Input) (forum.Plan, error)
		}{{"planner", forum.Make}, {"greedy baseline", forum.Greedy}} {
			start := time.Now()
			plan, err := p.fn(in)
			took := time.Since(start)
			if err != nil {
				return rows, err
			}
			s := forum.Summarize(in, plan)
			what := fmt.Sprintf("speed dating %s, 300 people/12 rounds/40 tables/2,000 wishes, %.0f %% answered", p.name, 100*share)
			rows = append(rows,
				row{what + ": time", ms(took), "ms", "≤ 2000"},
				row{what + ": possible mutual pairs placed", fmt.Sprintf("%.1f (%d of %d)", 100*s.MutualRate(), s.MutualPlaced, s.MutualPossible), "%", "≥ 95"},
				row{what + ": people with a possible wish and no meeting", fmt.Sprint(s.Unserved), "people", "0"})
		}
	}
	return rows, nil
}

// benchPublish publishes a demo network of 1,000 actors and sizes the site.
func benchPublish(ctx context.Context, cfg config) ([]row, error) {
	dir := filepath.Join(cfg.Dir, "publish")
	d, err := app.Open(filepath.Join(dir, "data"), app.Options{NoSync: true})
	if err != nil {
		return nil, err
	}
	defer d.Close()
	if _, err := demo.Fill(ctx, d, demo.Options{Actors: 3000, Seed: 1}); err != nil {
		return nil, err
	}
	start := time.Now()
	res, err := network.Publish(d, filepath.Join(dir, "site"), time.Now())
	if err != nil {
		return nil, err
	}
	took := time.Since(start)
	size := func(names ...string) (int64, error) {
		var n int64
		for _, f := range names {
			st, err := os.Stat(filepath.Join(dir, "site", f))
			if err != nil {
				return 0, err
			}
			n += st.Size()
		}
		return n, nil
	}
	first, err := size("en/index.html", "style.css", "search.js")
	if err != nil {
		return nil, err
	}
	idx, err := size("index.js")
	if err != nil {
		return nil, err
	}
	return []row{
		{fmt.Sprintf("publish catalogue, %d public actors: time", res.Actors), ms(took), "ms", ""},
		{fmt.Sprintf("publish catalogue, %d public actors: site size (%d files)", res.Actors, res.Files), fmt.Sprintf("%.1f", float64(res.Bytes)/1e6), "MB", "a few MB"},
		{"publish catalogue: first page with its style sheet and script", fmt.Sprintf("%.0f", float64(first)/1e3), "KB", "< 100"},
		{"publish catalogue: search index, loaded on first use of the search box", fmt.Sprintf("%.0f", float64(idx)/1e3), "KB", ""},
	}, nil
}
