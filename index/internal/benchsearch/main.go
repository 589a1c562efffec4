// Command benchsearch measures sbcc/index on a synthetic multilingual directory and prints
// rows "measure | value | unit | target" for make bench:
//
//	go run ./index/internal/benchsearch -sizes 1000,10000,100000
//
// For each size it builds an index (indexing rate, build time), then re-runs itself in a
// fresh process that opens the index cold (time to first result), runs a fixed mix of
// search-as-you-type queries with facets (p50/p99) and reports its resident memory.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"sbcc/index"
	"sbcc/index/internal/synth"
)

var cpuProfile string

type serveStats struct {
	ColdMs         float64            `json:"cold_ms"`
	P50, P99, Max  float64            `json:"-"`
	Lat            map[string]float64 `json:"lat"`
	ByClass        map[string][2]float64
	CPUByClass     map[string][2]float64 // thread CPU time p50/p99 per class
	CPUP50, CPUP99 float64
	RSSMB, PeakMB  float64
	CPUPerQuery    float64 // ms of process CPU time per query, averaged over the mix
	Queries        int
	AvgHits        float64
}

func main() {
	sizes := flag.String("sizes", "1000,10000,100000", "index sizes to measure")
	nq := flag.Int("queries", 1000, "queries in the mix")
	batch := flag.Int("batch", 2000, "documents per Apply")
	serve := flag.String("serve", "", "serve (only) the index in this folder and report as JSON")
	keep := flag.String("keep", "", "build the indexes in this folder and keep them (idx-<size>)")
	cpuprof := flag.String("cpuprofile", "", "with -serve: write a CPU profile of the measured queries")
	flag.Parse()
	cpuProfile = *cpuprof
	if *serve != "" {
		if err := doServe(*serve, *nq); err != nil {
			fmt.Fprintln(os.Stderr, "benchsearch:", err)
			os.Exit(1)
		}
		return
	}
	fmt.Println("measure | value | unit | target")
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			fmt.Fprintln(os.Stderr, "benchsearch: bad size", f)
			os.Exit(2)
		}
		if err := run(n, *nq, *batch, *keep); err != nil {
			fmt.Fprintln(os.Stderr, "benchsearch:", err)
			os.Exit(1)
		}
	}
}

func label(n int) string {
	if n%1000 == 0 {
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

func run(n, nq, batch int, keep string) error {
	var dir string
	if keep != "" {
		dir = filepath.Join(keep, "idx-"+strconv.Itoa(n))
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	} else {
		tmp, err := os.MkdirTemp("", "benchsearch")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "idx")
	}
	x, err := index.Open(dir, index.Options{})
	if err != nil {
		return err
	}
	g := synth.New(1)
	start := time.Now()
	cpu0 := cpuTime()
	var peak float64
	for done := 0; done < n; done += batch {
		docs := g.Docs(min(batch, n-done))
		if err := x.Apply(docs, nil, uint64(done+len(docs))); err != nil {
			return err
		}
		if r := rssMB("VmRSS"); r > peak {
			peak = r
		}
	}
	build := time.Since(start)
	buildCPU := cpuTime() - cpu0
	if err := x.Close(); err != nil {
		return err
	}
	total := time.Since(start)
	L := label(n)
	row("indexing "+L, float64(n)/build.Seconds(), "docs/s", "≥ 3500")
	row("indexing per CPU-second "+L, float64(n)/buildCPU.Seconds(), "docs/CPU-s", "")
	row("build+close (reindex) "+L, total.Seconds(), "s", "")
	row("RSS while indexing "+L, peak, "MB", "")
	row("index size "+L, dirMB(dir), "MB", "")

	cmd := exec.Command(os.Args[0], "-serve", dir, "-queries", strconv.Itoa(nq))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("serve %s: %w", L, err)
	}
	var s serveStats
	if err := json.Unmarshal(out, &s); err != nil {
		return err
	}
	row("cold open to first result "+L, s.ColdMs, "ms", "≤ 500")
	row("query mix p50 "+L, s.Lat["p50"], "ms", "≤ 3")
	row("query mix p99 "+L, s.Lat["p99"], "ms", "≤ 10")
	row("query mix max "+L, s.Lat["max"], "ms", "")
	row("query mix CPU per query "+L, s.CPUPerQuery, "ms", "")
	row("query mix thread CPU p50 "+L, s.CPUP50, "ms", "")
	row("query mix thread CPU p99 "+L, s.CPUP99, "ms", "")
	classes := make([]string, 0, len(s.ByClass))
	for c := range s.ByClass {
		classes = append(classes, c)
	}
	slices.Sort(classes)
	for _, c := range classes {
		row(fmt.Sprintf("  %s p50/p99 %s", c, L), s.ByClass[c][0], "ms", fmt.Sprintf("p99 %.2f", s.ByClass[c][1]))
		row(fmt.Sprintf("  %s thread CPU p50/p99 %s", c, L), s.CPUByClass[c][0], "ms", fmt.Sprintf("p99 %.2f", s.CPUByClass[c][1]))
	}
	row("serving RSS "+L, s.RSSMB, "MB", "≤ 200")
	row("serving peak RSS "+L, s.PeakMB, "MB", "")
	return nil
}

func doServe(dir string, nq int) error {
	ctx := context.Background()
	qs := synth.Queries(3, nq)
	start := time.Now()
	x, err := index.Open(dir, index.Options{Locate: synth.Locate})
	if err != nil {
		return err
	}
	defer x.Close()
	opened := time.Since(start)
	if _, err := x.Search(ctx, index.Request{Query: "ba", Facets: true}); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "open %v, first search %v\n", opened, time.Since(start)-opened)
	s := serveStats{ColdMs: ms(time.Since(start)), Lat: map[string]float64{}, ByClass: map[string][2]float64{}}
	// warm up once through the mix, then measure
	for _, q := range qs {
		x.Search(ctx, index.Request{Query: q, Facets: true})
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	lat := make([]float64, 0, len(qs))
	class := map[string][]float64{}
	cpuLat := make([]float64, 0, len(qs))
	cpuClass := map[string][]float64{}
	runtime.LockOSThread() // so that the thread's CPU clock measures the search
	defer runtime.UnlockOSThread()
	var hits uint64
	cpu0 := cpuTime()
	for i, q := range qs {
		t, tc := time.Now(), threadCPU()
		r, err := x.Search(ctx, index.Request{Query: q, Facets: true, Limit: 20})
		if err != nil {
			return fmt.Errorf("%q: %w", q, err)
		}
		d, dc := ms(time.Since(t)), ms(threadCPU()-tc)
		cpuLat = append(cpuLat, dc)
		hits += r.Total
		lat = append(lat, d)
		c := []string{"prefix", "prefix", "prefix3", "typo", "word+prefix", "sector+prefix", "country+prefix", "near+prefix", "negation", "filters-only"}[i%10]
		class[c] = append(class[c], d)
		cpuClass[c] = append(cpuClass[c], dc)
	}
	s.CPUPerQuery = ms(cpuTime()-cpu0) / float64(len(qs))
	slices.Sort(lat)
	s.Lat["p50"], s.Lat["p99"], s.Lat["max"] = pct(lat, 50), pct(lat, 99), lat[len(lat)-1]
	for c, l := range class {
		slices.Sort(l)
		s.ByClass[c] = [2]float64{pct(l, 50), pct(l, 99)}
	}
	slices.Sort(cpuLat)
	s.CPUP50, s.CPUP99 = pct(cpuLat, 50), pct(cpuLat, 99)
	s.CPUByClass = map[string][2]float64{}
	for c, l := range cpuClass {
		slices.Sort(l)
		s.CPUByClass[c] = [2]float64{pct(l, 50), pct(l, 99)}
	}
	runtime.GC()
	s.RSSMB, s.PeakMB = rssMB("VmRSS"), rssMB("VmHWM")
	s.Queries = len(qs)
	s.AvgHits = float64(hits) / float64(len(qs))
	return json.NewEncoder(os.Stdout).Encode(s)
}

// cpuTime returns the CPU time (user and system) used by this process so far: unlike
// wall-clock times it hardly depends on what else the machine runs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// threadCPU returns the CPU time of the calling OS thread (CLOCK_THREAD_CPUTIME_ID): the
// cost of one search without the time it waited for a core on a busy machine.
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTimeID = 3
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

func pct(sorted []float64, p int) float64 {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(len(sorted)-1, i-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func row(measure string, v float64, unit, target string) {
	fmt.Printf("%s | %.2f | %s | %s\n", measure, v, unit, target)
}

// rssMB reads a memory line (VmRSS, VmHWM) of /proc/self/status; 0 where unavailable.
func rssMB(key string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, key+":") {
			f := strings.Fields(l)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

func dirMB(dir string) float64 {
	var total int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return float64(total) / (1 << 20)
}
