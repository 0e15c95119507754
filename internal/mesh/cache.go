package mesh

import (
	"sync"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Cache keeps what the pure constructors (prebuild) made of objects,
// across the builds of states that share those objects: an admission
// webhook models the cluster with a change many times over, from the
// same stored objects. A build takes a copy of what an object made
// before (copies share the constructed slices and maps, which no later
// stage writes) instead of constructing it again. Objects are keyed by
// identity: a changed object is a new one. Safe for concurrent builds.
type Cache struct {
	mu        sync.Mutex
	cur, prev map[*manifest.Object]any
	max       int
}

// NewCache returns a cache that starts a new generation after max
// entries (Rotate starts one too).
func NewCache(max int) *Cache {
	return &Cache{cur: map[*manifest.Object]any{}, prev: map[*manifest.Object]any{}, max: max}
}

// Rotate starts a new generation: what no build takes before the next
// one is dropped then. A caller rotates before it builds every object it
// keeps (the webhook when it evaluates the whole cluster), so objects
// deleted or replaced since are let go.
func (c *Cache) Rotate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev, c.cur = c.cur, map[*manifest.Object]any{}
}

// Len is how many objects the current generation holds.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur)
}

func (c *Cache) get(o *manifest.Object) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cur[o]; ok {
		return v, true
	}
	v, ok := c.prev[o]
	if ok {
		c.add(o, v)
	}
	return v, ok
}

func (c *Cache) put(o *manifest.Object, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(o, v)
}

func (c *Cache) add(o *manifest.Object, v any) {
	if len(c.cur) >= c.max {
		c.prev, c.cur = c.cur, map[*manifest.Object]any{}
	}
	c.cur[o] = v
}

// reuse is a build's own copy of what a constructor made: the stages
// after add set fields of their own (Meshed, Workloads, Winner...) on it.
func reuse(v any) any {
	switch t := v.(type) {
	case *Workload:
		c := *t
		return &c
	case *Service:
		c := *t
		return &c
	case *PeerAuth:
		c := *t
		return &c
	case *AuthzPolicy:
		c := *t
		return &c
	}
	return nil
}
