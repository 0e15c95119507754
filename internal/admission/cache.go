package admission

import (
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/validate"
)

// beforeCache remembers the findings of recent cluster states, so that a
// request whose "before" is exactly the snapshot's scope (the usual case:
// the cache is current) evaluates only the state after the change. That
// halves the work and the garbage of a request, and the garbage is what
// makes the tail: every collection of a webhook holding a large cluster
// state marks all of it.
//
// A state is the scope's object list, by content: each stored object's
// sum (sum.go), in the list's order. An update that moves only an
// object's resourceVersion (a status update, a resync) leaves the state
// as cached; the entries keep no object alive. A list holding an object
// without a sum (not from the Store) is never cached.
type beforeCache struct {
	mu      sync.Mutex
	seed    maphash.Seed
	entries map[uint64]cached
	hits    atomic.Int64 // for tests
}

type cached struct {
	sums [][2]uint64
	res  *validate.Result // Findings and Problems only
}

// maxCached bounds the cache: a few hundred scopes under change at once.
const maxCached = 256

func newBeforeCache() *beforeCache {
	return &beforeCache{seed: maphash.MakeSeed(), entries: map[uint64]cached{}}
}

// hash is the key of objs' state; ok is false when an object has no sum.
func (c *beforeCache) hash(objs []*manifest.Object) (h uint64, ok bool) {
	h = 14695981039346656037
	for _, o := range objs {
		if o.Sum == ([2]uint64{}) {
			return 0, false
		}
		h = (h ^ maphash.Comparable(c.seed, o.Sum)) * 1099511628211
	}
	return h, true
}

// get returns the findings of objs if they are cached, and the key to put
// them under otherwise.
func (c *beforeCache) get(objs []*manifest.Object) (*validate.Result, uint64) {
	h, ok := c.hash(objs)
	if !ok {
		return nil, 0
	}
	c.mu.Lock()
	e, ok := c.entries[h]
	c.mu.Unlock()
	if !ok || len(e.sums) != len(objs) {
		return nil, h
	}
	for i, s := range e.sums {
		if s != objs[i].Sum {
			return nil, h
		}
	}
	c.hits.Add(1)
	return e.res, h
}

func (c *beforeCache) put(h uint64, objs []*manifest.Object, res *validate.Result) {
	e := cached{sums: make([][2]uint64, len(objs)),
		res: &validate.Result{Findings: res.Findings, Problems: res.Problems}}
	for i, o := range objs {
		if o.Sum == ([2]uint64{}) {
			return
		}
		e.sums[i] = o.Sum
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCached {
		for k := range c.entries { // evict one at random
			delete(c.entries, k)
			break
		}
	}
	c.entries[h] = e
}
