// Package memo remembers values computed from keys that repeat without
// end in a large input (YAML scalars, fact keys), up to a bound: keys that
// are data (labels, numbers) may be all different in hostile input, and
// past the bound they are computed each time instead of held.
package memo

import (
	"sync"
	"sync/atomic"
)

// Bounded is a concurrent map that takes at most Max entries.
type Bounded[K comparable, V any] struct {
	Max int32
	m   sync.Map
	n   atomic.Int32
}

// Get returns the value remembered for k, or computes it with f and
// remembers it while there is room.
func (b *Bounded[K, V]) Get(k K, f func(K) V) V {
	if v, ok := b.m.Load(k); ok {
		return v.(V)
	}
	v := f(k)
	if b.n.Add(1) <= b.Max {
		b.m.Store(k, v)
	}
	return v
}
