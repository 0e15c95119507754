package admission

import (
	"maps"
	"slices"
)

// The hops a proxy carries for objects that do not name its namespace.
// An ingress controller (ingress-nginx, F5's, Traefik) serves the routes
// of its class in every namespace, and Envoy Gateway runs the proxies of
// every Gateway in its own namespace: no Ingress names them, so who
// points where does not link the two. A Gateway's routes name it
// (parentRefs) and their backends, but its namespace does not name the
// backends' namespace. So a change of what decides such a proxy's
// outbound hops (a Sidecar of its namespace, or the root's default
// Sidecar where its namespace has none; a Gateway's listeners) reaches,
// besides its namespace, the namespaces of the routes it serves and
// those the routes point into (Store.Served).
type served struct {
	planes   map[string]int // namespace -> ingress controllers and Envoy Gateway configs (shared proxies)
	gateways map[string]int // namespace -> Gateways
	routes   map[string]int // namespace -> routes a controller serves (routeKinds)
}

func newServed() served {
	return served{planes: map[string]int{}, gateways: map[string]int{}, routes: map[string]int{}}
}

// index adds (d = 1) or removes (d = -1) what e contributes.
func (v *served) index(e *entry, d int) {
	switch {
	case e.plane:
		tally(v.planes, e.home, d)
	case e.gateway:
		tally(v.gateways, e.home, d)
	case e.route:
		tally(v.routes, e.home, d)
	}
}

// Served implements Snapshot: for a namespace running shared proxies,
// every namespace holding a route, and for one holding Gateways, the
// namespaces pointing into it (their routes); with, for both, the
// namespaces those point into (the backends).
func (s *Store) Served(ns string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var from []string
	if s.served.planes[ns] > 0 {
		from = slices.Collect(maps.Keys(s.served.routes))
	}
	if s.served.gateways[ns] > 0 {
		from = append(from, s.referrers.of(ns)...)
	}
	out := slices.Clone(from)
	for _, r := range from {
		out = append(out, s.reach.targets.of(r)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
