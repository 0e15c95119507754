package admission

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
	"weak"

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
// A state is the scope's object list, by identity: the Store replaces an
// object it updates, so an unchanged list is an unchanged state. Entries
// hold weak pointers, so they keep no replaced object alive, and a
// collected object can never be mistaken for a new one at its address.
type beforeCache struct {
	mu      sync.Mutex
	seed    maphash.Seed
	entries map[uint64]cached
	hits    atomic.Int64 // for tests
}

type cached struct {
	objs []weak.Pointer[manifest.Object]
	res  *validate.Result // Findings and Problems only
}

// maxCached bounds the cache: a few hundred scopes under change at once.
const maxCached = 256

func newBeforeCache() *beforeCache {
	return &beforeCache{seed: maphash.MakeSeed(), entries: map[uint64]cached{}}
}

func (c *beforeCache) hash(objs []*manifest.Object) uint64 {
	var h uint64 = 14695981039346656037
	for _, o := range objs {
		h = (h ^ maphash.Comparable(c.seed, o)) * 1099511628211
	}
	return h
}

// get returns the findings of objs if they are cached, and the key to put
// them under otherwise.
func (c *beforeCache) get(objs []*manifest.Object) (*validate.Result, uint64) {
	h := c.hash(objs)
	c.mu.Lock()
	e, ok := c.entries[h]
	c.mu.Unlock()
	if !ok || len(e.objs) != len(objs) {
		return nil, h
	}
	for i, wp := range e.objs {
		if wp.Value() != objs[i] {
			return nil, h
		}
	}
	c.hits.Add(1)
	return e.res, h
}

func (c *beforeCache) put(h uint64, objs []*manifest.Object, res *validate.Result) {
	e := cached{objs: make([]weak.Pointer[manifest.Object], len(objs)),
		res: &validate.Result{Findings: res.Findings, Problems: res.Problems}}
	for i, o := range objs {
		e.objs[i] = weak.Make(o)
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
