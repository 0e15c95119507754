package mesh

import (
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// The controllers' own objects that tell a proxy to dial the Service's
// ClusterIP instead of the endpoints (docs/mesh-semantics.md "Gateway API").

const nginxGatewayGroup = "gateway.nginx.org"

// vendorKinds are read beside the Gateway API objects, by API group.
var vendorKinds = map[string]string{"EnvoyProxy": envoyGatewayGroup, "BackendTrafficPolicy": envoyGatewayGroup,
	"NginxProxy": nginxGatewayGroup, "UpstreamSettingsPolicy": nginxGatewayGroup}

func isVendorObject(o *manifest.Object) bool {
	g, ok := vendorKinds[o.Kind]
	return ok && strings.HasPrefix(o.APIVersion, g+"/")
}

// vendorObject is the object of kind named ns/name, nil when absent.
func (m *Model) vendorObject(kind, ns, name string) *manifest.Object {
	for _, o := range m.vendor[kind] {
		if o.Name == name && NamespaceOf(o) == ns {
			return o
		}
	}
	return nil
}

// params is the object of kind that parametrises g: the Gateway's
// infrastructure.parametersRef, else its GatewayClass's parametersRef.
func (m *Model) params(g *Gateway, kind string) *manifest.Object {
	if g.Params.Kind == kind {
		return m.vendorObject(kind, g.Namespace, g.Params.Name)
	}
	gc := m.GatewayClasses[g.Class]
	if gc == nil {
		return nil
	}
	p := mapAt(body(gc.Obj), "spec", "parametersRef")
	if strAt(p, "kind") != kind {
		return nil
	}
	return m.vendorObject(kind, strAt(p, "namespace"), strAt(p, "name"))
}

// targets reports whether a policy's targetRefs (or older targetRef)
// name an object of kind and name in the policy's namespace ns.
func targets(o *manifest.Object, kind, ns, name string) bool {
	if NamespaceOf(o) != ns {
		return false
	}
	refs := listAt(body(o), "spec", "targetRefs")
	if r := mapAt(body(o), "spec", "targetRef"); r != nil {
		refs = append(refs, r)
	}
	for _, r := range refs {
		if rm := asMap(r); strAt(rm, "kind") == kind && strAt(rm, "name") == name {
			return true
		}
	}
	return false
}

// nginxUsesClusterIP: an UpstreamSettingsPolicy of the Service decides,
// else the Gateway's NginxProxy (nginx-gateway-fabric
// apis/v1alpha1/upstreamsettingspolicy_types.go, apis/v1alpha2/nginxproxy_types.go
// UseClusterIP; internal/controller/state/dataplane/configuration.go).
func (m *Model) nginxUsesClusterIP(g *Gateway, svc *Service) bool {
	for _, o := range m.vendor["UpstreamSettingsPolicy"] {
		if v, ok := mapAt(body(o), "spec")["useClusterIP"].(bool); ok && targets(o, "Service", svc.Namespace, svc.Name) {
			return v
		}
	}
	np := m.params(g, "NginxProxy")
	if np == nil {
		return false
	}
	v, _ := mapAt(body(np), "spec")["useClusterIP"].(bool)
	return v
}

// envoyRoutesToService: a BackendTrafficPolicy of the route, else of the
// Gateway, else the EnvoyProxy's spec.routingType; Service makes the
// proxies dial the ClusterIP (envoyproxy/gateway internal/gatewayapi/translator.go
// IsServiceRouting; api/v1alpha1/envoyproxy_types.go RoutingType, default Endpoint).
func (m *Model) envoyRoutesToService(r *Route, g *Gateway) bool {
	for _, t := range []struct{ kind, ns, name string }{{r.Kind, r.Namespace, r.Obj.Name}, {"Gateway", g.Namespace, g.Name}} {
		for _, o := range m.vendor["BackendTrafficPolicy"] {
			if rt := strAt(body(o), "spec", "routingType"); rt != "" && targets(o, t.kind, t.ns, t.name) {
				return rt == "Service"
			}
		}
	}
	ep := m.params(g, "EnvoyProxy")
	return ep != nil && strAt(body(ep), "spec", "routingType") == "Service"
}
