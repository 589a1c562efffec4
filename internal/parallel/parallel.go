// Package parallel runs a loop's iterations on every core.
package parallel

import (
	"errors"
	"runtime"
	stdsync "sync"
)

// minPerWorker is how many iterations a goroutine is worth.
const minPerWorker = 64

// For runs fn(0), …, fn(n-1) on up to GOMAXPROCS goroutines, each taking
// a contiguous slice, and returns the errors joined (a goroutine stops at
// its first). Small loops run on the caller's goroutine.
func For(n int, fn func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n/minPerWorker+1)
	if workers < 2 {
		for i := range n {
			if err := fn(i); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, workers)
	per := (n + workers - 1) / workers
	var wg stdsync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w * per; i < min(n, (w+1)*per); i++ {
				if err := fn(i); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
