package mesh

import (
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/parallel"
)

// prebuild runs the model's pure constructors (those that read the object
// alone: workloads, Services, PeerAuthentications, AuthorizationPolicies,
// most of what add costs) on every core; add then registers what they
// made in input order, so the model is the one a sequential build makes.
// out[i] is nil for an object of another kind.
// With a cache, what an object made in an earlier build is copied
// instead (Cache).
func prebuild(objs []*manifest.Object, cache *Cache) []any {
	out := make([]any, len(objs))
	if noPrebuild {
		return out
	}
	parallel.ForN(len(objs), prebuildWorkers(len(objs)), func(i int) { out[i] = constructed(objs[i], cache) })
	return out
}

func constructed(o *manifest.Object, cache *Cache) any {
	if cache == nil {
		return construct(o)
	}
	if v := cache.made(o); v != nil {
		return reuse(v)
	}
	v := construct(o)
	if v == nil {
		return nil
	}
	cache.putMade(o, v)
	return reuse(v)
}

// prebuildThreshold is the input below which prebuild uses one goroutine.
const prebuildThreshold = 512

// noPrebuild (tests) leaves every construction to add.
var noPrebuild bool

// prebuildWorkers: a small input is built on the caller's goroutine (an
// admission request's scope is often a few dozen objects).
func prebuildWorkers(n int) int {
	if n < prebuildThreshold {
		return 1
	}
	return 0 // GOMAXPROCS
}

// construct is what add would construct for o, when that is pure. The
// conditions are add's and addNetworking's, in their order: a
// PeerAuthentication or AuthorizationPolicy of Istio's groups matches none
// of addNetworking's earlier cases.
func construct(o *manifest.Object) any {
	ns := NamespaceOf(o)
	switch {
	case IsWorkloadKind(o.Kind) && !isIstioGroup(o.APIVersion):
		return newWorkload(o, ns)
	case o.Kind == "Service" && o.APIVersion == "v1":
		return newService(o, ns)
	case !isIstioGroup(o.APIVersion):
		return nil
	case o.Kind == "PeerAuthentication":
		return newPeerAuth(o, ns)
	case o.Kind == "AuthorizationPolicy":
		return newAuthzPolicy(o, ns)
	}
	return nil
}
