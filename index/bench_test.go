package index_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	stdsync "sync"
	"testing"

	"sbcc/index"
	"sbcc/index/internal/synth"
)

// benchSizes are the index sizes benchmarked; 100k only with SBCC_BENCH_LARGE=1, so that
// go test -bench . stays quick.
func benchSizes() []int {
	if os.Getenv("SBCC_BENCH_LARGE") != "" {
		return []int{1000, 10000, 100000}
	}
	return []int{1000, 10000}
}

var (
	benchMu   stdsync.Mutex
	benchDirs = map[int]string{}
)

// benchIndex builds (once per process) an index of n synthetic documents.
func benchIndex(b *testing.B, n int) *index.Index {
	benchMu.Lock()
	defer benchMu.Unlock()
	dir, ok := benchDirs[n]
	if !ok {
		tmp, err := os.MkdirTemp("", "sbcc-bench")
		if err != nil {
			b.Fatal(err)
		}
		dir = filepath.Join(tmp, "idx")
		x, err := index.Open(dir, index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		g := synth.New(1)
		for done := 0; done < n; done += 2000 {
			if err := x.Apply(g.Docs(min(2000, n-done)), nil, uint64(done)); err != nil {
				b.Fatal(err)
			}
		}
		x.Close()
		benchDirs[n] = dir
	}
	x, err := index.Open(dir, index.Options{Locate: synth.Locate})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { x.Close() })
	return x
}

func BenchmarkSearchMix(b *testing.B) {
	qs := synth.Queries(3, 1000)
	for _, n := range benchSizes() {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			x := benchIndex(b, n)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := x.Search(ctx, index.Request{Query: qs[i%len(qs)], Facets: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearchPrefix3(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			x := benchIndex(b, n)
			ctx := context.Background()
			for b.Loop() {
				if _, err := x.Search(ctx, index.Request{Query: "kre", Facets: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearchMatchAllFacets(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			x := benchIndex(b, n)
			ctx := context.Background()
			for b.Loop() {
				if _, err := x.Search(ctx, index.Request{Query: "", Facets: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkIndex(b *testing.B) {
	g := synth.New(2)
	docs := g.Docs(2000)
	x, err := index.Open(filepath.Join(b.TempDir(), "idx"), index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		batch := docs[(i*500)%len(docs):][:500]
		for j := range batch {
			batch[j].ID = "d" + strconv.Itoa(i) + "-" + strconv.Itoa(j)
		}
		if err := x.Apply(batch, nil, uint64(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*500)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSearchClass runs each class of the benchsearch query mix separately over the
// index in $SBCC_BENCH_DIR (built with TestBuildBenchDir); skipped without it.
func BenchmarkSearchClass(b *testing.B) {
	dir := os.Getenv("SBCC_BENCH_DIR")
	if dir == "" {
		b.Skip("SBCC_BENCH_DIR not set")
	}
	x, err := index.Open(dir, index.Options{Locate: synth.Locate})
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	qs := synth.Queries(3, 1000)
	names := []string{"prefix", "prefix", "prefix3", "typo", "word+prefix", "sector+prefix", "country+prefix", "near+prefix", "negation", "filters-only"}
	for c := 1; c < 10; c++ {
		var cq []string
		for i := c; i < len(qs); i += 10 {
			cq = append(cq, qs[i])
		}
		b.Run(names[c], func(b *testing.B) {
			ctx := context.Background()
			for i := 0; b.Loop(); i++ {
				if _, err := x.Search(ctx, index.Request{Query: cq[i%len(cq)], Facets: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
