package mesh

import (
	"errors"
	"sync"

	"github.com/meshlint/meshlint/internal/istioschema"
	"github.com/meshlint/meshlint/internal/manifest"
)

// Cache keeps what the model derives from one object alone, across the
// builds of states that share those objects: an admission webhook models
// the cluster with a change many times over, from the same stored
// objects. It keeps what the pure constructors (prebuild) made of an
// object, of which a build takes a copy (copies share the constructed
// slices and maps, which no later stage writes) instead of constructing
// it again, the schema check of an Istio object (asStored), and the
// nginx configuration of a workload's container (nginxcache.go). Objects
// are keyed by identity: a changed object is a new one. Safe for
// concurrent builds.
type Cache struct {
	mu        sync.Mutex
	cur, prev map[*manifest.Object]*cached
	max       int
	domain    *string // the cluster domain its constructions resolved short names in (bind)
	// once: what it made goes, uncopied, to the one build that takes it
	// (prebuild), and nothing is kept of that build (Preparer); claimed: that
	// build has begun.
	once, claimed bool
}

// cached is what the cache keeps of one object.
type cached struct {
	made    any                // a constructor's result (nil: none yet)
	checked bool               // schema holds its schema check
	schema  istioschema.Result // istioschema.CheckAll's result
	nginx   map[int]*nginxMade // a workload's nginx containers, by index (nginxcache.go)
}

// NewCache returns a cache that starts a new generation after max
// entries (Rotate starts one too).
func NewCache(max int) *Cache {
	return &Cache{cur: map[*manifest.Object]*cached{}, prev: map[*manifest.Object]*cached{}, max: max}
}

// Rotate starts a new generation: what no build takes before the next
// one is dropped then. A caller rotates before it builds every object it
// keeps (the webhook when it evaluates the whole cluster), so objects
// deleted or replaced since are let go.
func (c *Cache) Rotate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev, c.cur = c.cur, map[*manifest.Object]*cached{}
}

// bind reports whether the cache serves builds in cluster domain domain:
// the one of its first build (DestinationRules and VirtualServices
// resolve short names in it when constructed).
func (c *Cache) bind(domain string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.domain == nil {
		c.domain = &domain
	}
	return *c.domain == domain
}

// Len is how many objects the current generation holds.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur)
}

// lookup returns what the cache keeps of o (nil: nothing), from either
// generation; from the previous one, it joins the current one. The
// caller holds c.mu.
func (c *Cache) lookup(o *manifest.Object) *cached {
	if e, ok := c.cur[o]; ok {
		return e
	}
	e, ok := c.prev[o]
	if ok {
		c.keep(o, e)
	}
	return e
}

// entry is lookup, creating the entry when there is none.
func (c *Cache) entry(o *manifest.Object) *cached {
	e := c.lookup(o)
	if e == nil {
		e = &cached{}
		c.keep(o, e)
	}
	return e
}

func (c *Cache) keep(o *manifest.Object, e *cached) {
	if len(c.cur) >= c.max {
		c.prev, c.cur = c.cur, map[*manifest.Object]*cached{}
	}
	c.cur[o] = e
}

// get returns what the cache keeps of o (the zero value: nothing). Its
// nginx map is never written once set (update replaces it), so it may be
// read without the lock.
func (c *Cache) get(o *manifest.Object) cached {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.lookup(o); e != nil {
		return *e
	}
	return cached{}
}

// errPrepared: a build from objects a Preparer released that cannot
// take its constructions.
var errPrepared = errors.New("internal error: the objects were prepared for one build in another cluster domain, or built already (mesh.Preparer)")

// claim readies a cache for a build in cluster domain domain. A cache
// that serves one build (once) serves it alone, in the domain it was
// made for: its objects' bodies are gone, so no other build could
// construct them again.
func (c *Cache) claim(domain string) error {
	if c == nil || !c.once {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.claimed || *c.domain != domain {
		return errPrepared
	}
	c.claimed = true
	return nil
}

// forget drops everything: a cache that serves one build (once) does so
// once the build took what it made.
func (c *Cache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur, c.prev = map[*manifest.Object]*cached{}, map[*manifest.Object]*cached{}
}

// update changes what the cache keeps of o.
func (c *Cache) update(o *manifest.Object, f func(*cached)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(c.entry(o))
}

// reuse is a build's own copy of what a constructor made: the stages
// after add set fields of their own (Meshed, Workloads, Winner...) on it.
func reuse(v any) any {
	switch t := v.(type) {
	case *Workload:
		return copyOf(t)
	case *Service:
		return copyOf(t)
	case *PeerAuth:
		return copyOf(t)
	case *AuthzPolicy:
		return copyOf(t)
	case *Ingress:
		return copyOf(t)
	case *DestRule:
		return copyOf(t)
	case *VirtualService:
		return copyOf(t)
	}
	return nil
}

// copyOf is a shallow copy of *t.
func copyOf[T any](t *T) *T {
	c := *t
	return &c
}
