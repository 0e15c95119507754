package admission

import (
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// What in the root namespace the mesh reads as mesh-wide: the Namespace
// itself, Istio's configuration, and the mesh config (the istio
// ConfigMap, which the model reads there alone: mesh/istiod.go
// loadIstiod, ambient_hbone.go, authz_custom.go). Nothing else of the
// namespace is read by its place: the model finds Services, workloads,
// nginx ConfigMaps, routes there as in any namespace, and what it reads
// for every namespace wherever it is, istiod's Deployment among them, is
// mesh.ReadEverywhere's. So a change of any other object there reaches
// what the same change elsewhere reaches: istio-system commonly holds
// Kiali, Prometheus and Grafana (Istio's samples/addons install them
// there), whose dashboards and scrape configs change often, and each
// change would otherwise be evaluated against the whole cluster.
//
// Four kinds of change in the root namespace reach less than every
// namespace.
//
// A PeerAuthentication of the root namespace (the mesh-wide policy, or
// one Istio ignores there) decides one thing outside its namespace: the
// mTLS mode of the workloads whose namespace does not decide it itself.
// In PeerAuthMode (mesh/peerauth.go, after Istio's
// ComposePeerAuthentication) the mesh level comes first and a
// namespace-wide policy that sets a mode overrides it; nothing else in
// the model reads the root namespace's policies. So its change reaches,
// besides what every scope holds, the namespaces that read the mesh-wide
// mode (Snapshot.MeshModeReaders), each with what a change there reaches:
// the namespaces pointing into it (their hops end there), those it points
// into, and those declaring a wildcard host that spans namespaces. Where
// every namespace sets its own mode, that is a few namespaces at any
// cluster size; where none does, it is the whole cluster, as before.
//
// A Sidecar of the root namespace without a workloadSelector is the
// default of the workloads whose namespace has no Sidecar without one
// (Istio: pilot/pkg/model/push_context.go getSidecarScope, mesh/sidecar.go
// SidecarFor; one with a selector there selects only the root's own
// workloads): it decides what their sidecars know and do with the rest
// (egress hosts, outboundTrafficPolicy), so it reaches the namespaces
// without a default of their own (Snapshot.MeshSidecarReaders), with
// what each reaches, as above.
//
// An AuthorizationPolicy of the root namespace with selector labels and
// no targetRef applies to the workloads it selects in every namespace,
// sidecars and ztunnels alike (Istio: pilot/pkg/model/authorization.go
// ListAuthorizationPolicies, ambient workloads.go; mesh/authz_deny.go
// policiesFor, mesh/authz_ztunnel.go ztunnelWorkloads): it reaches the
// namespaces holding such a workload (Snapshot.Selecting), with what
// each reaches, as above; one the API server refuses reaches none. One
// without selector labels, or with a targetRef, reaches every namespace.
//
// A DestinationRule, ServiceEntry or VirtualService of the root namespace
// reaches what the same object elsewhere reaches (addRefs: the namespaces
// naming or declaring its hosts, a Service host's namespace with those
// pointing into it, a namespace wildcard's):
// the root's DestinationRules are the last place a client looks, after
// its own namespace's and the host namespace's exported ones (Istio:
// pilot/pkg/model/push_context.go destinationRule, mesh/destlookup.go),
// so they apply to the clients of their hosts, as the host namespace's
// do; the root namespace gives a ServiceEntry or VirtualService no other
// reach (exportTo is read as in any namespace). A wildcard spanning
// namespaces still reaches every one.

// rootWide: o is, in the root namespace, what the mesh reads as
// mesh-wide there.
func (e *Engine) rootWide(o *manifest.Object) bool {
	switch {
	case home(o) != e.settings.RootNamespace:
		return false
	case o.Kind == "Namespace", isIstio(o.APIVersion):
		return true
	}
	return o.Kind == "ConfigMap" && o.APIVersion == "v1" && o.Name == mesh.MeshConfigMap
}

// rootNarrowed adds what a change of o, in the root namespace, reaches
// when that is less than every namespace, and says so.
func (e *Engine) rootNarrowed(snap Snapshot, o *manifest.Object, set map[string]bool) bool {
	if home(o) != e.settings.RootNamespace || !isIstio(o.APIVersion) {
		return false
	}
	switch o.Kind {
	case "PeerAuthentication":
		return e.addReaders(snap, snap.MeshModeReaders(), set, false)
	case "Sidecar":
		return e.addReaders(snap, snap.MeshSidecarReaders(), set, true)
	case "AuthorizationPolicy":
		sel, scoped := mesh.PolicySelection(o)
		return scoped && (sel == nil || e.addReaders(snap, snap.Selecting(sel), set, false))
	case "DestinationRule", "ServiceEntry", "VirtualService":
		return true
	}
	return false
}

// addReaders adds the namespaces that read a root namespace's object and
// what they reach, with outbound (the object decides their proxies'
// hops, a Sidecar) what their proxies serve (Snapshot.Served: an ingress
// controller's routes); false: one of them declares a wildcard host that
// spans namespaces, so the change reaches every namespace.
func (e *Engine) addReaders(snap Snapshot, readers []string, set map[string]bool, outbound bool) bool {
	for _, ns := range readers {
		set[ns] = true
		addNeighbours(snap, ns, set)
		if outbound {
			for _, r := range snap.Served(ns) {
				set[r] = true
			}
		}
		if !e.addSpanning(snap, ns, set) {
			return false
		}
	}
	return true
}
