// Package kinds is what the model reads of a live cluster: the kinds it
// lists (Watched) and how one listed object is reduced to what the model
// reads (Bound, Object). The admission webhook's informer cache and the
// CLI's live audit (internal/cluster) share it, so that both front ends
// see a cluster the way the model sees the files.
package kinds

import "k8s.io/apimachinery/pkg/runtime/schema"

// Watched lists every kind the mesh model reads (internal/mesh model.go
// add and addNetworking, and injector_load.go loadInjectors for the
// MutatingWebhookConfigurations of Istio's sidecar injector), in the
// order the live audit lists them.
var Watched = []schema.GroupVersionKind{
	{Version: "v1", Kind: "Namespace"},
	{Version: "v1", Kind: "Service"},
	{Version: "v1", Kind: "ConfigMap"},
	{Version: "v1", Kind: "Pod"},
	{Version: "v1", Kind: "ReplicationController"},
	{Group: "apps", Version: "v1", Kind: "Deployment"},
	{Group: "apps", Version: "v1", Kind: "StatefulSet"},
	{Group: "apps", Version: "v1", Kind: "DaemonSet"},
	{Group: "apps", Version: "v1", Kind: "ReplicaSet"},
	{Group: "batch", Version: "v1", Kind: "Job"},
	{Group: "batch", Version: "v1", Kind: "CronJob"},
	{Group: "networking.k8s.io", Version: "v1", Kind: "Ingress"},
	{Group: "networking.k8s.io", Version: "v1", Kind: "IngressClass"},
	{Group: "networking.istio.io", Version: "v1", Kind: "DestinationRule"},
	{Group: "networking.istio.io", Version: "v1", Kind: "VirtualService"},
	{Group: "networking.istio.io", Version: "v1", Kind: "ServiceEntry"},
	{Group: "networking.istio.io", Version: "v1", Kind: "Sidecar"},
	{Group: "security.istio.io", Version: "v1", Kind: "PeerAuthentication"},
	{Group: "security.istio.io", Version: "v1", Kind: "AuthorizationPolicy"},
	{Group: "admissionregistration.k8s.io", Version: "v1", Kind: "MutatingWebhookConfiguration"},
	// Optional kinds: served only where their CRDs are installed.
	{Group: gatewayAPI, Version: "v1", Kind: "GatewayClass"},
	{Group: gatewayAPI, Version: "v1", Kind: "Gateway"},
	{Group: gatewayAPI, Version: "v1", Kind: "HTTPRoute"},
	{Group: gatewayAPI, Version: "v1", Kind: "GRPCRoute"},
	{Group: gatewayAPI, Version: "v1", Kind: "TLSRoute"},
	{Group: gatewayAPI, Version: "v1", Kind: "TCPRoute"},
	{Group: gatewayAPI, Version: "v1", Kind: "ReferenceGrant"},
	{Group: gatewayAPI, Version: "v1", Kind: "BackendTLSPolicy"},
	{Group: nginxOrg, Version: "v1", Kind: "VirtualServer"},
	{Group: nginxOrg, Version: "v1", Kind: "VirtualServerRoute"},
	{Group: nginxOrg, Version: "v1", Kind: "TransportServer"},
	{Group: traefik, Version: "v1alpha1", Kind: "IngressRoute"},
	{Group: traefik, Version: "v1alpha1", Kind: "IngressRouteTCP"},
	{Group: envoyGateway, Version: "v1alpha1", Kind: "EnvoyProxy"},
	{Group: envoyGateway, Version: "v1alpha1", Kind: "BackendTrafficPolicy"},
	{Group: nginxGateway, Version: "v1alpha2", Kind: "NginxProxy"},
	{Group: nginxGateway, Version: "v1alpha1", Kind: "UpstreamSettingsPolicy"},
}

// The groups of the optional kinds: Gateway API (gateway-api
// config/crd/standard, every kind served as v1 since v1.5), F5 NGINX
// Ingress Controller (deploy/crds.yaml of nginx/kubernetes-ingress),
// Traefik (traefik.io, docs "Kubernetes CRD"), and the objects in which
// Envoy Gateway (api/v1alpha1) and NGINX Gateway Fabric (apis/v1alpha2
// NginxProxy, apis/v1alpha1 UpstreamSettingsPolicy) are told to dial a
// Service's ClusterIP or to put labels on their proxies' pods.
const (
	gatewayAPI   = "gateway.networking.k8s.io"
	nginxOrg     = "k8s.nginx.org"
	traefik      = "traefik.io"
	envoyGateway = "gateway.envoyproxy.io"
	nginxGateway = "gateway.nginx.org"
)

// Optional reports whether the kind is one the model reads where its CRDs
// are installed, and whose absence says only that there are none of its
// objects: a cluster without Gateway API, F5's or Traefik's CRDs has no
// Gateway, VirtualServer or IngressRoute to read. Istio's kinds are not
// optional: a mesh without its CRDs is a misconfiguration to report.
func Optional(gvk schema.GroupVersionKind) bool { return OptionalGroup(gvk.Group) }

// OptionalGroup reports whether group is one of the optional kinds'.
func OptionalGroup(group string) bool {
	switch group {
	case gatewayAPI, nginxOrg, traefik, envoyGateway, nginxGateway:
		return true
	}
	return false
}

// Known reports whether group/kind is watched, in any version (the API
// server converts between versions of one kind).
func Known(group, kind string) bool {
	for _, gvk := range Watched {
		if gvk.Group == group && gvk.Kind == kind {
			return true
		}
	}
	return false
}

// ByKind finds the watched kind by name.
func ByKind(kind string) (schema.GroupVersionKind, bool) {
	for _, gvk := range Watched {
		if gvk.Kind == kind {
			return gvk, true
		}
	}
	return schema.GroupVersionKind{}, false
}

// ClusterScoped reports whether objects of the watched kind have no
// namespace.
func ClusterScoped(gvk schema.GroupVersionKind) bool {
	switch gvk.Kind {
	case "Namespace", "IngressClass", "MutatingWebhookConfiguration", "GatewayClass":
		return true
	}
	return false
}
