// Command bench measures sbcc against the targets of DESIGN.md section 7 and
// prints one table: measure, value, unit, target. `make bench` runs it.
//
// Each area of the code adds its rows in its own file here, as a function
// appended to sections.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// row is one line of the table.
type row struct {
	measure, value, unit, target string
}

// section measures one area and returns its rows.
type section struct {
	name string
	run  func(ctx context.Context, cfg config) ([]row, error)
}

// config is the size of the runs.
type config struct {
	// Actors is the size of the big store (100k by default).
	Actors int
	// Dir is a scratch folder.
	Dir string
}

var sections []section

func main() {
	var cfg config
	only := flag.String("only", "", "comma-separated section names to run (default all)")
	flag.IntVar(&cfg.Actors, "actors", 100_000, "actors in the large scenarios")
	flag.Parse()
	dir, err := os.MkdirTemp("", "sbcc-bench-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	cfg.Dir = dir
	ctx := context.Background()
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "# sbcc benchmarks: %s/%s, %d CPUs, %s, %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), time.Now().UTC().Format(time.DateOnly))
	fmt.Fprintln(tw, "measure\tvalue\tunit\ttarget")
	failed := false
	for _, s := range sections {
		if *only != "" && !strings.Contains(","+*only+",", ","+s.name+",") {
			continue
		}
		rows, err := s.run(ctx, cfg)
		if err != nil {
			fmt.Fprintf(tw, "%s\tERROR: %v\t\t\n", s.name, err)
			failed = true
		}
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.measure, r.value, r.unit, r.target)
		}
		tw.Flush()
	}
	tw.Flush()
	if failed {
		os.Exit(1)
	}
}

// percentile returns the p-th percentile (0–100) of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }

// peakRSS returns the process's peak resident set size in MB (Linux).
func peakRSS() string {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return fmt.Sprintf("%d", kb/1024)
		}
	}
	return "n/a"
}
