package index_test

import (
	"os"
	"testing"

	"sbcc/index"
	"sbcc/index/internal/synth"
)

// TestBuildBenchDir builds a synthetic index in $SBCC_BUILD_DIR of $SBCC_BUILD_N documents,
// for profiling with benchsearch -serve. Skipped unless SBCC_BUILD_DIR is set.
func TestBuildBenchDir(t *testing.T) {
	dir := os.Getenv("SBCC_BUILD_DIR")
	if dir == "" {
		t.Skip("SBCC_BUILD_DIR not set")
	}
	n := 100000
	x, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := synth.New(1)
	for done := 0; done < n; done += 2000 {
		if err := x.Apply(g.Docs(2000), nil, uint64(done+2000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
}
