package mutate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/tree"
)

// MM05 (gateway-route-host-rewrite) gives an HTTPRoute rule a URLRewrite
// filter with the hostname of its backend Service when a meshed gateway
// dials that Service's ClusterIP with the client's Host: its sidecar finds
// no virtual host for that name on the Service's HTTP port and sends the
// request to PassthroughCluster (ML201 on a gateway hop), or to another
// Service that has the name (ML202). With the Service's FQDN as Host the
// sidecar routes to the Service's own cluster, in mTLS; the filter is the
// one Envoy Gateway, NGINX Gateway Fabric, Traefik and kgateway honour
// for the Host (Gateway API HTTPURLRewriteFilter.Hostname; Envoy Gateway
// refuses a RequestHeaderModifier that sets Host).
//
// Only where the rewrite is the whole fix and changes nothing else: the
// rule's backendRefs all name one Service, the rule has no filters yet
// (an existing list is the user's to extend) and no backendRef has its
// own, and the gateway dials the Service, not its endpoints (a pod IP on
// the container port finds no virtual host whatever the Host: ML603's
// fix, on the controller's own objects, comes first). Istio's own class
// routes by the backend's cluster and needs nothing.
func MM05(o *manifest.Object, m *mesh.Model) Result {
	if o.Kind != "HTTPRoute" || !isGatewayAPI(o.APIVersion) {
		return Result{}
	}
	var r Result
	for i, rule := range listAt(o.Body, "spec", "rules") {
		svc, ok := soleService(asMap(rule), mesh.NamespaceOf(o))
		if !ok || has(asMap(rule), "filters") {
			continue
		}
		if h := hostBrokenHop(o, m, svc); h != nil {
			rewriteHost(&r, o, i, h, m)
		}
	}
	return r
}

// hostBrokenHop is a hop of the route to svc (ns/name) that a meshed
// gateway sends with the client's Host to the Service's VIP, and that the
// Host alone breaks.
func hostBrokenHop(o *manifest.Object, m *mesh.Model, svc [2]string) *mesh.Hop {
	for _, h := range m.HopsVia(o) {
		if h.Kind != "gateway" || h.Target.Namespace != svc[0] || h.Target.Name != svc[1] {
			continue
		}
		if h.Host.Origin == "gateway" && h.Source.Meshed && h.Source.MeshedKnown && h.Bypass == "" && !h.PodIPs &&
			h.Port.Protocol.IsHTTP() && rewritable[h.Controller] &&
			(h.Route == mesh.RoutePassthrough || h.Route == mesh.RouteBlackhole || h.Route == mesh.RouteMisrouted) {
			return h
		}
	}
	return nil
}

// rewritable are the programs whose data plane honours URLRewrite
// hostname as the upstream Host (docs/mesh-semantics.md "Gateway API").
var rewritable = map[string]bool{"envoy-gateway": true, "nginx-gateway-fabric": true, "traefik": true, "kgateway": true}

func rewriteHost(r *Result, o *manifest.Object, i int, h *mesh.Hop, m *mesh.Model) {
	fqdn := m.FQDN(h.Target.Namespace, h.Target.Name)
	path := []string{"spec", "rules", strconv.Itoa(i), "filters"}
	r.Edits = append(r.Edits, Edit{Kind: SetField, Path: path, Value: []any{
		map[string]any{"type": "URLRewrite", "urlRewrite": map[string]any{"hostname": fqdn}}}})
	r.Changes = append(r.Changes, Change{Mutation: "MM05", Object: o.Ref(), Line: o.FieldLine("spec", "rules", strconv.Itoa(i)),
		Reason: fmt.Sprintf("%s (%s) is meshed and sends the client's Host (%s) to %s port %d, which its sidecar routes to %s; "+
			"a URLRewrite filter with hostname %s sends it to the Service in mTLS", h.Source.Ref, h.Controller,
			h.Host.Value, h.Target.Ref, h.Port.Port, h.Route, fqdn)})
}

// soleService is the one Service every backendRef of the rule names
// (its namespace defaulting to the route's, ns),
// when no backendRef carries filters of its own.
func soleService(rule map[string]any, ns string) ([2]string, bool) {
	var svc [2]string
	refs := listAt(rule, "backendRefs")
	for _, b := range refs {
		bm := asMap(b)
		if has(bm, "filters") || !coreService(bm) {
			return svc, false
		}
		name := [2]string{tree.String(bm, "namespace"), tree.String(bm, "name")}
		if name[0] == "" {
			name[0] = ns
		}
		if svc != ([2]string{}) && svc != name {
			return svc, false
		}
		svc = name
	}
	return svc, len(refs) > 0
}

// coreService: a backendRef of kind Service in the core group, the
// defaults (Gateway API BackendObjectReference).
func coreService(b map[string]any) bool {
	return tree.String(b, "group") == "" && (tree.String(b, "kind") == "" || tree.String(b, "kind") == "Service")
}

func isGatewayAPI(apiVersion string) bool {
	return strings.HasPrefix(apiVersion, "gateway.networking.k8s.io/")
}
