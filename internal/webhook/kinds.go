package webhook

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// watched lists every kind the mesh model reads: the informer cache holds
// them, the Store mirrors them, and the handlers evaluate requests for them
// (any other kind is allowed untouched). One table for the three.
//
// Every informer is unstructured, the Istio kinds and the built-in ones
// alike: the model reads decoded maps (manifest.Object.Body), so the
// Store shares the map the cache decoded instead of converting a typed
// object into a second copy (one copy of each object in memory, not two),
// and one transform (transform.go) bounds every kind.
var watched = []schema.GroupVersionKind{
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
}

// known reports whether the handlers evaluate objects of group/kind, in
// any version (the API server converts under matchPolicy Equivalent).
func known(group, kind string) bool {
	for _, gvk := range watched {
		if gvk.Group == group && gvk.Kind == kind {
			return true
		}
	}
	return false
}

// object returns an empty unstructured object of gvk, the key the cache
// and the controller builder take.
func object(gvk schema.GroupVersionKind) *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(gvk)
	return u
}

// gvkOf finds the watched kind by name.
func gvkOf(kind string) schema.GroupVersionKind {
	for _, gvk := range watched {
		if gvk.Kind == kind {
			return gvk
		}
	}
	panic("webhook: kind not watched: " + kind)
}
