// Package parallel runs independent pieces of work on every core.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for i in [0, n) on up to GOMAXPROCS goroutines and
// returns when all calls have returned.
func For(n int, f func(i int)) {
	ForN(n, runtime.GOMAXPROCS(0), f)
}

// ForN is For on at most w goroutines (w <= 1 runs f on the caller's).
func ForN(n, w int, f func(i int)) {
	w = min(w, n)
	if w <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}
