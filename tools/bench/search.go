package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func init() { sections = append(sections, section{name: "search", run: benchSearch}) }

// benchSearch runs the index's own benchmark command (it lives under
// index/internal, and re-executes itself to measure a cold start and the
// memory of a fresh process) and folds its rows into the table.
func benchSearch(ctx context.Context, cfg config) ([]row, error) {
	sizes := "10000,100000"
	if cfg.Actors < 100_000 {
		sizes = fmt.Sprintf("%d", cfg.Actors)
	}
	cmd := exec.CommandContext(ctx, "go", "run", "./index/internal/benchsearch", "-sizes", sizes)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("index benchmark: %w", err)
	}
	var rows []row
	for _, line := range strings.Split(string(out), "\n") {
		parts := strings.Split(line, "|")
		if len(parts) != 4 || strings.TrimSpace(parts[0]) == "measure" {
			continue
		}
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		rows = append(rows, row{"search: " + parts[0], parts[1], parts[2], parts[3]})
	}
	return rows, nil
}
