package webhook

import (
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/meshlint/meshlint/internal/kinds"
)

// watched lists every kind the mesh model reads (kinds.Watched, which the
// CLI's live audit lists too): the informer cache holds them, the Store
// mirrors them, and the handlers evaluate requests for them (any other
// kind is allowed untouched). One table for the three.
//
// Every informer is unstructured, the Istio kinds and the built-in ones
// alike: the model reads decoded maps (manifest.Object.Body), so the
// Store shares the map the cache decoded instead of converting a typed
// object into a second copy (one copy of each object in memory, not two),
// and one transform (transform.go) bounds every kind.
var watched = kinds.Watched

// known reports whether the handlers evaluate objects of group/kind, in
// any version (the API server converts under matchPolicy Equivalent).
func known(group, kind string) bool { return kinds.Known(group, kind) }

// object returns an empty unstructured object of gvk, the key the cache
// and the controller builder take.
func object(gvk schema.GroupVersionKind) *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(gvk)
	return u
}

// gvkOf finds the watched kind by name.
func gvkOf(kind string) schema.GroupVersionKind {
	gvk, ok := kinds.ByKind(kind)
	if !ok {
		panic("webhook: kind not watched: " + kind)
	}
	return gvk
}

// served is watched without the optional kinds the API server does not
// serve (kinds.Optional).
func served(mapper meta.RESTMapper) []schema.GroupVersionKind {
	out := make([]schema.GroupVersionKind, 0, len(watched))
	for _, gvk := range watched {
		if _, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version); meta.IsNoMatchError(err) && kinds.Optional(gvk) {
			continue
		}
		out = append(out, gvk)
	}
	return out
}
