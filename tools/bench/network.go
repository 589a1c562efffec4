package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"sbcc/app"
	"sbcc/app/graph"
	"sbcc/app/model"
	"sbcc/app/network"
	"sbcc/app/report"
)

func init() { sections = append(sections, section{name: "network", run: benchNetwork}) }

// benchNetwork measures the graph screen's data and the indicator report.
func benchNetwork(ctx context.Context, cfg config) ([]row, error) {
	nodes := make([]graph.Node, 10_000)
	for i := range nodes {
		nodes[i] = graph.Node{ID: fmt.Sprint(i), Country: []string{"LT", "PL", "DE", "SE"}[i%4]}
	}
	edges := make([]graph.Edge, 50_000)
	for i := range edges {
		edges[i] = graph.Edge{ID: fmt.Sprint(i), From: fmt.Sprint(i % 10_000), To: fmt.Sprint((i*7919 + 13) % 10_000)}
	}
	start := time.Now()
	graph.Build(nodes, edges)
	rows := []row{{"graph measures, 10k actors and 50k links", ms(time.Since(start)), "ms", "≤ 200"}}

	d, _, err := bigDirectory(ctx, cfg)
	if err != nil {
		return rows, err
	}
	for _, when := range []string{"first use, loads the network cache", "warm"} {
		start = time.Now()
		if _, err := network.Report(d, report.Period{From: "2025-01-01", To: "2026-12-31"}); err != nil {
			return rows, err
		}
		rows = append(rows, row{fmt.Sprintf("indicators at %d actors, %s", cfg.Actors, when), ms(time.Since(start)), "ms", "≤ 1000"})
	}
	actors, err := d.List("actor", app.ListOptions{})
	if err != nil {
		return rows, err
	}
	var times []time.Duration
	for i := 0; i < len(actors) && i < 50; i++ {
		start = time.Now()
		if _, err := network.Suggest(d, model.IDOf(actors[i*len(actors)/50]), 10); err != nil {
			return rows, err
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	rows = append(rows, row{fmt.Sprintf("matchmaking for one actor at %d actors, p50", cfg.Actors), ms(percentile(times, 50)), "ms", "≤ 100"},
		row{fmt.Sprintf("matchmaking for one actor at %d actors, p99", cfg.Actors), ms(percentile(times, 99)), "ms", "≤ 100"})
	start = time.Now()
	if _, err := network.MeasureGraph(d, network.GraphFilter{}); err != nil {
		return rows, err
	}
	rows = append(rows, row{fmt.Sprintf("graph screen data from the store, %d actors", cfg.Actors), ms(time.Since(start)), "ms", ""})
	return rows, nil
}
