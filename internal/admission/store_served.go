package admission

import (
	"maps"
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/tree"
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
//
// A namespace also relays the hops that pass through it: an ExternalName
// Service is an alias of a Service elsewhere (mesh/alias.go), and an
// nginx that sends on its client's Host ($host, $http_host) or
// X-Forwarded-Host makes the Host of its own hops (mesh/forwarded.go). So
// past such a namespace the scope follows who points where one step
// further (scope.go addNeighbours).
type served struct {
	planes   map[string]int // namespace -> ingress controllers and Envoy Gateway configs (shared proxies)
	gateways map[string]int // namespace -> Gateways
	routes   map[string]int // namespace -> routes a controller serves (routeKinds)
	relays   map[string]int // namespace -> objects relaying hops (relays)
	// F5's hosts: a VirtualServer takes the VirtualServerRoutes of its
	// host that its routeSelector selects, in any namespace
	// (mesh/f5_virtualserver.go f5Selected), so namespaces declaring one
	// host are peers.
	f5Hosts counts // namespace -> hosts its VirtualServers and VirtualServerRoutes declare
	f5By    counts // host -> namespaces declaring it so
	// A Service's ClusterIP: its callers by address name no namespace.
	addrs counts // namespace -> the addresses its Services declare
}

func newServed() served {
	return served{planes: map[string]int{}, gateways: map[string]int{}, routes: map[string]int{}, relays: map[string]int{},
		f5Hosts: counts{}, f5By: counts{}, addrs: counts{}}
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
	if e.relay {
		tally(v.relays, e.home, d)
	}
	for _, h := range e.declared {
		switch {
		case ipv4(h):
			v.addrs.add(e.home, h, d)
		case isF5Host(e.obj):
			v.f5Hosts.add(e.home, h, d)
			v.f5By.add(h, e.home, d)
		}
	}
}

// HostPeers implements Snapshot: the namespaces whose F5 VirtualServers
// and VirtualServerRoutes declare a host that ns's declare, and those
// naming an address that ns's Services declare.
func (s *Store) HostPeers(ns string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for _, h := range s.served.f5Hosts.of(ns) {
		out = append(out, s.served.f5By.of(h)...)
	}
	for _, ip := range s.served.addrs.of(ns) {
		out = append(out, s.mentioning.of(ip)...)
	}
	return out
}

// relays: o passes the hops that reach it on, to another name (an
// ExternalName Service) or with its caller's Host (an nginx
// configuration that reads it); its text is matched, not parsed, which
// errs on the side of a wider scope.
func relays(o *manifest.Object) bool {
	switch {
	case o.APIVersion != "v1":
		return false
	case o.Kind == "Service":
		return tree.String(o.Body, "spec", "type") == "ExternalName"
	case o.Kind != "ConfigMap":
		return false
	}
	for _, v := range tree.Map(o.Body, "data") {
		if s, ok := v.(string); ok && (strings.Contains(s, "$host") || strings.Contains(s, "$http_")) {
			return true
		}
	}
	return false
}

// Relays implements Snapshot.
func (s *Store) Relays(ns string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.served.relays[ns] > 0
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
