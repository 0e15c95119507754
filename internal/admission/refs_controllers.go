package admission

import (
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/tree"
)

// namedNamespaces are the namespaces a Gateway API object or an ingress
// controller's own object names in its spec: a route's parentRefs and
// backendRefs (and a mirror filter's backendRef), a ReferenceGrant's
// from, a Gateway's listener certificateRefs, Traefik's services, each
// with a `namespace` field (Gateway API spec: the namespace defaults to
// the object's own, so only another one is written); and F5's
// VirtualServer routes delegated as `route: namespace/name`. Reading
// every `namespace` key of the spec, not known paths, errs on the side of
// a wider scope, as refs do for hosts.
func namedNamespaces(o *manifest.Object) []string {
	if !controllerGroup(o.APIVersion) {
		return nil
	}
	var out []string
	walkKeys(o.Body["spec"], func(key, value string) {
		switch key {
		case "namespace":
			out = withNamespace(out, o, value)
		case "route", "service": // F5: a VirtualServer's route: ns/name, an upstream's service: ns/name
			if ns, _, ok := strings.Cut(value, "/"); ok {
				out = withNamespace(out, o, ns)
			}
		}
	})
	return out
}

// withNamespace adds ns to the namespaces o names, once, when it is a
// namespace name other than o's own.
func withNamespace(names []string, o *manifest.Object, ns string) []string {
	if dnsLabel(ns) && ns != home(o) && !slices.Contains(names, ns) {
		names = append(names, ns)
	}
	return names
}

// walkKeys calls f with every string value of v and the key holding it.
func walkKeys(v any, f func(key, value string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok {
				f(k, s)
				continue
			}
			walkKeys(x, f)
		}
	case []any:
		for _, x := range v {
			walkKeys(x, f)
		}
	}
}

// isGateway reports whether o is a Gateway API Gateway: its data plane
// is the source of the hops of every route attached to it, from any
// namespace its listeners admit, as an ingress controller's is of every
// Ingress of its class.
func isGateway(o *manifest.Object) bool {
	return o.Kind == "Gateway" && strings.HasPrefix(o.APIVersion, "gateway.networking.k8s.io/")
}

// isGatewayClass reports whether o is a GatewayClass: its controllerName
// decides where the data plane of every Gateway of the class runs, as an
// IngressClass's controller does.
func isGatewayClass(o *manifest.Object) bool {
	return o.Kind == "GatewayClass" && strings.HasPrefix(o.APIVersion, "gateway.networking.k8s.io/")
}

// isGatewayDataPlane reports whether o is the workload of a Gateway's
// data plane (mesh.GatewayPodLabels on its pods): whether it has a
// sidecar decides every hop of the Gateway.
func isGatewayDataPlane(o *manifest.Object) bool {
	path, ok := mesh.PodTemplatePath(o.Kind)
	if !ok || isIstio(o.APIVersion) {
		return false
	}
	labels := tree.Map(tree.Map(o.Body, path...), "metadata", "labels")
	for _, l := range mesh.GatewayPodLabels {
		if _, ok := labels[l]; ok {
			return true
		}
	}
	return false
}

// isEnvoyGatewayConfig reports whether o is Envoy Gateway's own
// configuration: its namespace is the controller's, where the proxies of
// every Gateway run unless it says otherwise (mesh gatewayenvoy.go
// envoyGatewayNS), so the model reads that namespace's labels for them.
func isEnvoyGatewayConfig(o *manifest.Object) bool {
	return o.Kind == "ConfigMap" && o.APIVersion == "v1" && o.Name == mesh.EnvoyGatewayConfig
}

// routeKinds are the objects whose hops a controller's or a Gateway's
// proxies carry.
var routeKinds = map[string]bool{"Ingress": true, "HTTPRoute": true, "GRPCRoute": true, "TLSRoute": true, "TCPRoute": true,
	"VirtualServer": true, "VirtualServerRoute": true, "TransportServer": true, "IngressRoute": true, "IngressRouteTCP": true}

func isRoute(o *manifest.Object) bool {
	if o.Kind == "Ingress" {
		return strings.HasPrefix(o.APIVersion, "networking.k8s.io/")
	}
	return routeKinds[o.Kind] && controllerGroup(o.APIVersion)
}
