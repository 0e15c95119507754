package policy

import (
	"sync"
	"sync/atomic"
)

// Memo remembers the findings of each fact item the rules evaluated, by
// content. The built-in rules read one item of one list at a time (with
// the single-value sections), so the findings of a state are the union of
// its items' findings, and an item seen before, in any state, needs no
// evaluation. A webhook that evaluates the cluster state before and after
// each change then evaluates only the items the change altered: a
// mesh-wide PeerAuthentication changes the port modes of hops, not the
// thousands of other items.
//
// It holds two generations: lookups read both and carry what they find in
// the older into the current one; when the current one is full it becomes
// the older and the oldest is dropped. So what recent evaluations read
// stays, and memory is bounded by twice the capacity.
type Memo struct {
	mu       sync.Mutex
	cur, old map[itemKey][]Raw
	capacity int

	Hits, Misses atomic.Int64 // items found and evaluated, for tests and metrics
}

// NewMemo returns a memo whose generations hold at least capacity items;
// a generation grows to twice the largest evaluation it has seen, so a
// whole cluster's items fit in one.
func NewMemo(capacity int) *Memo {
	return &Memo{cur: map[itemKey][]Raw{}, old: map[itemKey][]Raw{}, capacity: capacity}
}

// lookup finds the keys' findings; found[i] says whether key i was known.
func (m *Memo) lookup(keys []itemKey, found []bool) [][]Raw {
	out := make([][]Raw, len(keys))
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for i, k := range keys {
		raws, ok := m.cur[k]
		if !ok {
			if raws, ok = m.old[k]; ok {
				m.store(k, raws)
			}
		}
		out[i], found[i] = raws, ok
		if ok {
			n++
		}
	}
	m.Hits.Add(int64(n))
	m.Misses.Add(int64(len(keys) - n))
	return out
}

// put remembers the findings of evaluated items.
func (m *Memo) put(keys []itemKey, raws [][]Raw) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, k := range keys {
		m.store(k, raws[i])
	}
}

func (m *Memo) store(k itemKey, raws []Raw) {
	if len(m.cur) >= m.capacity {
		m.old, m.cur = m.cur, make(map[itemKey][]Raw, len(m.cur))
	}
	m.cur[k] = raws
}

// fit grows the capacity to twice an evaluation of n items.
func (m *Memo) fit(n int) {
	m.mu.Lock()
	m.capacity = max(m.capacity, 2*n)
	m.mu.Unlock()
}

// Len is the number of items remembered.
func (m *Memo) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.cur) + len(m.old)
}
