package mesh

import (
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/parallel"
)

// prebuild runs the model's pure constructors (those that read the object
// alone, and the cluster domain: workloads, Services, Ingresses,
// PeerAuthentications, AuthorizationPolicies, DestinationRules,
// VirtualServices, most of what add costs) on every core; add then
// registers what they made in input order, so the model is the one a
// sequential build makes. out[i] is nil for an object of another kind.
// With a cache, what an object made in an earlier build is copied
// instead (Cache).
func prebuild(objs []*manifest.Object, domain string, cache *Cache) []any {
	out := make([]any, len(objs))
	if noPrebuild {
		return out
	}
	if cache != nil && !cache.bind(domain) {
		cache = nil // made in another cluster domain
	}
	parallel.ForN(len(objs), prebuildWorkers(len(objs)), func(i int) { out[i] = constructed(objs[i], domain, cache) })
	if cache != nil && cache.once {
		cache.forget()
	}
	return out
}

func constructed(o *manifest.Object, domain string, cache *Cache) any {
	if cache == nil {
		return construct(o, domain)
	}
	v := cache.get(o).made
	switch {
	case v != nil && cache.once: // the one build it serves: no copy
		return v
	case v != nil:
		return reuse(v)
	case cache.once: // not prepared: nothing kept for a later build
		return construct(o, domain)
	}
	v = construct(o, domain)
	if v == nil {
		return nil
	}
	cache.update(o, func(e *cached) { e.made = v })
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
// conditions are add's and addNetworking's, in their order (an Istio
// object matches none of addNetworking's cases before the Istio kinds);
// add constructs what this does not.
func construct(o *manifest.Object, domain string) any {
	ns := NamespaceOf(o)
	switch {
	case IsWorkloadKind(o.Kind) && !isIstioGroup(o.APIVersion):
		return newWorkload(o, ns)
	case o.Kind == "Service" && o.APIVersion == "v1":
		return newService(o, ns)
	case o.Kind == "Ingress" && strings.HasPrefix(o.APIVersion, "networking.k8s.io/"):
		return newIngress(o, ns)
	case !isIstioGroup(o.APIVersion):
		return nil
	case o.Kind == "PeerAuthentication":
		return newPeerAuth(o, ns)
	case o.Kind == "AuthorizationPolicy":
		return newAuthzPolicy(o, ns)
	case o.Kind == "DestinationRule":
		return newDestRule(o, ns, domain)
	case o.Kind == "VirtualService":
		return newVirtualService(o, ns, domain)
	}
	return nil
}
