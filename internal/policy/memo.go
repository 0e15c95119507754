package policy

import (
	"sync"
	"sync/atomic"
	"time"
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
// stays, and memory is bounded by twice the capacity; the batches still
// to be cut down to their items (memo_cut.go) are bounded apart.
type Memo struct {
	mu       sync.Mutex
	cur, old map[itemKey][]Raw
	capacity int
	// pending are the items of the groups still to be cut, queue those
	// groups (queued items in all), idle is closed when the cut ends
	// (memo_cut.go); busy evaluations run through the memo, settling
	// callers wait for the cut.
	pending  map[itemKey]*group
	queue    []*group
	queued   int
	idle     chan struct{}
	busy     int
	left     time.Time // when the last of them ended
	settling int

	Hits, Misses atomic.Int64 // items found and evaluated, for tests and metrics
	// Patience is how long the cut (memo_cut.go) waits for the memo to be
	// quiet before it goes on anyway; set it before the memo is used.
	Patience time.Duration
}

// NewMemo returns a memo whose generations hold at least capacity items;
// a generation grows to twice the largest evaluation it has seen, so a
// whole cluster's items fit in one.
func NewMemo(capacity int) *Memo {
	m := &Memo{cur: map[itemKey][]Raw{}, old: map[itemKey][]Raw{}, capacity: capacity, pending: map[itemKey]*group{},
		Patience: time.Second}
	return m
}

// lookup finds the keys' findings; found[i] says whether key i was known,
// and groups[i], when it was not, the group still to be cut that holds
// it (nil: none).
func (m *Memo) lookup(keys []itemKey, found []bool, groups []*group) [][]Raw {
	out := make([][]Raw, len(keys))
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, k := range keys {
		raws, ok := m.cur[k]
		if !ok {
			if raws, ok = m.old[k]; ok {
				m.store(k, raws)
			}
		}
		out[i], found[i] = raws, ok
		if !ok {
			groups[i] = m.pending[k]
		}
	}
	return out
}

// count adds an evaluation's known and evaluated items to Hits and
// Misses; the items the prefilter skipped are neither.
func (m *Memo) count(jobs []*job) {
	var n, known int64
	for _, j := range jobs {
		n -= int64(j.skipped)
		known -= int64(j.skipped)
		for _, k := range j.known {
			n++
			if k {
				known++
			}
		}
	}
	m.Hits.Add(known)
	m.Misses.Add(n - known)
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
