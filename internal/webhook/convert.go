package webhook

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/meshlint/meshlint/internal/kinds"
	"github.com/meshlint/meshlint/internal/manifest"
)

// toObject wraps a cached object for the model without copying it
// (kinds.Object): Body is the cache's map, already bounded by transform,
// and modified by no one (the informer cache's contract, and
// admission.Snapshot's). admission.ObjectFromMap would copy it: one copy
// of the cluster in memory instead of two. Objects a workload controller
// created are not modelled and give false. File names the object, as the
// engine names the request's.
func toObject(u *unstructured.Unstructured) (*manifest.Object, bool) {
	o, ok := kinds.Object(u)
	if ok {
		o.File = o.Ref().String()
	}
	return o, ok
}

// refOf is the Store key of u.
func refOf(u *unstructured.Unstructured) manifest.Ref {
	return manifest.Ref{APIVersion: u.GetAPIVersion(), Kind: u.GetKind(), Namespace: u.GetNamespace(), Name: u.GetName()}
}

// unwrap returns the object of an informer event, seeing through the
// tombstone a delete missed during a watch outage leaves.
func unwrap(obj any) (*unstructured.Unstructured, bool) {
	if t, ok := obj.(toolscache.DeletedFinalStateUnknown); ok {
		obj = t.Obj
	}
	u, ok := obj.(*unstructured.Unstructured)
	return u, ok
}
