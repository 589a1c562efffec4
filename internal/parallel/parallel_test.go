package parallel

import (
	"errors"
	"sync/atomic"
	"testing"
)

func TestForVisitsEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 1000, 10007} {
		seen := make([]atomic.Int32, n)
		if err := For(n, func(i int) error { seen[i].Add(1); return nil }); err != nil {
			t.Fatal(err)
		}
		for i := range seen {
			if seen[i].Load() != 1 {
				t.Fatalf("n=%d: %d visited %d times", n, i, seen[i].Load())
			}
		}
	}
}

func TestForReturnsAnError(t *testing.T) {
	bad := errors.New("bad")
	for _, n := range []int{10, 1000} {
		if err := For(n, func(i int) error {
			if i == n-1 {
				return bad
			}
			return nil
		}); !errors.Is(err, bad) {
			t.Fatalf("n=%d: %v", n, err)
		}
	}
}
