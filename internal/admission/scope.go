package admission

import (
	"slices"
	"sort"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// scope is the namespaces a change can influence: the findings of objects
// elsewhere are the same before and after it, so they are not evaluated
// and latency does not grow with the cluster.
type scope struct {
	namespaces []string
	all        bool     // every namespace: the change reaches the whole mesh
	standIns   []string // namespaces standing for the meshed clients no rule names (clients.go)
}

// scopeOf is, for each version of the object:
//   - its namespace, the Istio root namespace and the namespaces running
//     ingress controllers or holding Gateways (whose hops reach every
//     Ingress of their class, every route attached to them);
//   - the namespaces whose objects point into its namespace (Referrers):
//     their hops end there;
//   - the namespaces it points into (svc.ns hosts, a route's parentRefs
//     and backendRefs in another namespace) and those declaring a host it
//     names (a ServiceEntry, a DestinationRule elsewhere), which
//     decide where its own hops go;
//   - for a host it declares, the namespaces naming or also declaring it,
//     and for a Service's host, that Service's namespace and those
//     pointing into it (a client may name it by a shorter name; a
//     VirtualService, ServiceEntry or root DestinationRule applies to
//     clients anywhere).
//
// A change reaches every namespace when it is Istio's configuration, the
// mesh config or the Namespace of the root namespace (but for a
// PeerAuthentication, Sidecar, AuthorizationPolicy, DestinationRule,
// ServiceEntry or VirtualService there, scope_meshwide.go), is an
// IngressClass or a GatewayClass, is an ingress controller or its
// namespace's labels, is what the model reads for every namespace
// wherever it is (mesh.ReadEverywhere: the sidecar injector's install,
// istiod, istio-cni-config...), or declares a wildcard host that spans
// namespaces (*.svc.cluster.local).
func (e *Engine) scopeOf(snap Snapshot, c *change) scope {
	ingress := appendNew(snap.IngressNamespaces(), e.ingressNS...)
	set := map[string]bool{e.settings.RootNamespace: true}
	for _, ns := range ingress {
		set[ns] = true
	}
	for _, o := range []*manifest.Object{c.old, c.new} {
		if o == nil {
			continue
		}
		if e.reachesAll(snap, o, ingress, set) {
			return scope{namespaces: e.allNamespaces(snap, c.home), all: true}
		}
	}
	standIns := e.standIns(snap, set) // clients.go
	for _, ns := range standIns {
		set[ns] = true
	}
	out := make([]string, 0, len(set))
	for ns := range set {
		if ns != "" {
			out = append(out, ns)
		}
	}
	sort.Strings(out)
	return scope{namespaces: out, standIns: standIns}
}

// reachesAll: a change of o reaches every namespace; otherwise what it
// reaches is added to set.
func (e *Engine) reachesAll(snap Snapshot, o *manifest.Object, ingress []string, set map[string]bool) bool {
	switch {
	case e.exhaustive:
		return true
	case e.global(o, ingress) && !e.rootNarrowed(snap, o, set): // scope_meshwide.go
		return true
	}
	return !e.addRefs(snap, o, set) || !e.addSpanning(snap, home(o), set)
}

func (e *Engine) global(o *manifest.Object, ingress []string) bool {
	h := home(o)
	switch {
	case o.Kind == "IngressClass", isGatewayClass(o), e.rootWide(o), mesh.ReadEverywhere(o):
		return true
	case slices.Contains(ingress, h) && (o.Kind == "Namespace" || mesh.IsWorkloadKind(o.Kind)):
		return true
	}
	return isController(o) || isGatewayDataPlane(o)
}

// addRefs adds what o points at and what points at it; false means a
// declared wildcard spans namespaces.
func (e *Engine) addRefs(snap Snapshot, o *manifest.Object, set map[string]bool) bool {
	h := home(o)
	set[h] = true
	addNeighbours(snap, h, set)
	if decidesOutbound(o) { // store_served.go
		for _, ns := range snap.Served(h) {
			set[ns] = true
		}
	}
	r := refsOf(o)
	named := slices.Clone(r.namespaces) // what o itself points into, past relays
	for _, host := range r.hosts {
		if ns, ok := targetNamespace(host); ok {
			named = append(named, ns)
		}
		for _, ns := range snap.Declaring(host) {
			set[ns] = true
		}
	}
	addRelayed(snap, named, snap.Targets, set)
	for _, host := range r.declared {
		if e.spansNamespaces(host) {
			return false
		}
		if ns, ok := targetNamespace(host); ok { // its clients, whatever name they call it by
			set[ns] = true
			for _, r := range snap.Referrers(ns) {
				set[r] = true
			}
		}
		if ns, ok := e.namespaceWildcard(host); ok {
			set[ns] = true
			for _, r := range snap.Referrers(ns) {
				set[r] = true
			}
		}
		for _, ns := range snap.Mentioning(host) { // they send it (a Host header), and where their hops end
			set[ns] = true
			for _, t := range snap.Targets(ns) {
				set[t] = true
			}
		}
		for _, ns := range snap.Declaring(host) {
			set[ns] = true
		}
	}
	return true
}

// decidesOutbound: o decides the hops of the proxies of its namespace,
// wherever they go: a Sidecar (which hosts they see), a Gateway (which
// routes attach), Envoy Gateway's BackendTrafficPolicy on a Gateway; and
// what a short name resolves to there. A proxy's sidecar resolves the
// Host it sends as a pod of its own namespace does (mesh/hosts.go
// LookupName, Istio's DNS search path): a Service, ServiceEntry or
// VirtualService of a shared proxy's namespace can take the short Host
// a route of another namespace sends (ingress-nginx's upstream-vhost
// "web-service", ML202), and a DestinationRule there is the proxy's own
// (its namespace's rules come first, mesh/destlookup.go).
func decidesOutbound(o *manifest.Object) bool {
	switch o.Kind {
	case "Sidecar", "ServiceEntry", "VirtualService", "DestinationRule":
		return isIstio(o.APIVersion)
	case "Service":
		return o.APIVersion == "v1"
	case "BackendTrafficPolicy":
		return controllerGroup(o.APIVersion)
	}
	return isGateway(o)
}

// spansNamespaces: a wildcard that covers Services of several namespaces
// (*, *.local, *.cluster.local, *.svc.cluster.local).
func (e *Engine) spansNamespaces(host string) bool {
	if host == "*" {
		return true
	}
	suffix, ok := strings.CutPrefix(host, "*.")
	services := "svc." + e.settings.ClusterDomain
	return ok && (suffix == services || strings.HasSuffix(services, "."+suffix))
}

// namespaceWildcard reads *.ns.svc.<domain>.
func (e *Engine) namespaceWildcard(host string) (string, bool) {
	rest, ok := strings.CutPrefix(host, "*.")
	if !ok {
		return "", false
	}
	ns, ok := strings.CutSuffix(rest, ".svc."+e.settings.ClusterDomain)
	return ns, ok && dnsLabel(ns)
}

// addSpanning adds the namespaces declaring a wildcard host that spans
// namespaces (a DestinationRule for *.svc.cluster.local applies to every
// Service its clients call); false: home is one of them, so a change
// there reaches every namespace (its namespace joining the mesh makes
// its clients apply the rule everywhere).
func (e *Engine) addSpanning(snap Snapshot, home string, set map[string]bool) bool {
	for _, w := range snap.WildcardHosts() {
		if !e.spansNamespaces(w) {
			continue
		}
		for _, ns := range snap.Declaring(w) {
			if ns == home {
				return false
			}
			set[ns] = true
		}
	}
	return true
}

// relayDepth bounds how many relaying namespaces a scope follows in a
// row: an Ingress's controller and the nginx hops mesh/forwarded.go
// follows an X-Forwarded-Host back through (maxForwardDepth).
const relayDepth = 5

// addNeighbours adds the namespaces pointing into ns and those it points
// into, and past each of them that relays hops (Snapshot.Relays), the
// next ones in the same direction; and those whose routes join ns's by
// their host (Snapshot.HostPeers).
func addNeighbours(snap Snapshot, ns string, set map[string]bool) {
	addRelayed(snap, snap.Referrers(ns), snap.Referrers, set)
	addRelayed(snap, snap.Targets(ns), snap.Targets, set)
	for _, p := range snap.HostPeers(ns) {
		set[p] = true
	}
}

// addRelayed adds the namespaces of from and, past each that relays
// hops, the next ones by step.
func addRelayed(snap Snapshot, from []string, step func(string) []string, set map[string]bool) {
	seen := map[string]bool{}
	for depth := 0; depth < relayDepth && len(from) > 0; depth++ {
		var next []string
		for _, ns := range from {
			set[ns] = true
			if !seen[ns] && snap.Relays(ns) {
				seen[ns] = true
				next = append(next, step(ns)...)
			}
		}
		from = next
	}
}
