package admission

import (
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/validate"
)

// stateCache remembers the findings of recently evaluated cluster states,
// so that a request evaluates only the states it has not seen: the state
// before a change is usually the snapshot's scope as the last request or
// Warm evaluated it, and the state after a change comes again when the
// same change does (a server-side dry run, then the change; a client
// retrying after a timeout; a GitOps controller's dry run of every
// object at each sync). That halves the work and the garbage of a
// request or saves all of it, and the garbage is what makes the tail:
// every collection of a webhook holding a large cluster state marks all
// of it.
//
// A state is the scope's object list, by content: each object's sum
// (sum.go; the Store's objects and the request's alike), in the list's
// order. An update that moves only an
// object's resourceVersion (a status update, a resync) leaves the state
// as cached; the entries keep no object alive. A list holding an object
// without a sum is never cached. The positions of an object's fields
// within its document are not in the key: they come from the manifest's
// text, which the webhook's objects (decoded from JSON) do not have.
type stateCache struct {
	mu      sync.Mutex
	seed    maphash.Seed
	entries map[uint64]cached
	sums    int          // the sums the entries hold
	hits    atomic.Int64 // for tests
}

type cached struct {
	sums [][2]uint64
	res  *validate.Result // Findings and Problems only
}

// maxCached and maxCachedSums bound the cache: a few hundred scopes
// under change at once, and a few states of the whole cluster (16 bytes
// an object each: 16 MiB of sums, 10 states of 100,000 objects).
const (
	maxCached     = 256
	maxCachedSums = 1 << 20
)

func newStateCache() *stateCache {
	return &stateCache{seed: maphash.MakeSeed(), entries: map[uint64]cached{}}
}

// hash is the key of objs' state; ok is false when an object has no sum.
func (c *stateCache) hash(objs []*manifest.Object) (h uint64, ok bool) {
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
func (c *stateCache) get(objs []*manifest.Object) (*validate.Result, uint64) {
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

func (c *stateCache) put(h uint64, objs []*manifest.Object, res *validate.Result) {
	if len(objs) > maxCachedSums {
		return
	}
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
	if was, ok := c.entries[h]; ok {
		c.sums -= len(was.sums)
		delete(c.entries, h)
	}
	for k, old := range c.entries { // evict at random
		if len(c.entries) < maxCached && c.sums+len(objs) <= maxCachedSums {
			break
		}
		c.sums -= len(old.sums)
		delete(c.entries, k)
	}
	c.entries[h] = e
	c.sums += len(objs)
}
