package parallel

import (
	"sync/atomic"
	"testing"
)

func TestForCallsEveryIndexOnce(t *testing.T) {
	for _, c := range []struct{ n, w int }{{0, 4}, {1, 4}, {100, 1}, {1000, 3}} {
		seen := make([]atomic.Int32, c.n)
		ForN(c.n, c.w, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if got := seen[i].Load(); got != 1 {
				t.Fatalf("n=%d w=%d: index %d called %d times", c.n, c.w, i, got)
			}
		}
	}
}
