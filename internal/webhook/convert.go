package webhook

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/meshlint/meshlint/internal/manifest"
)

// toObject wraps a cached object for the model without copying it: Body
// is the cache's map, already in the loader's value types (apimachinery
// decodes JSON numbers to int64 and float64), already bounded by
// transform, and modified by no one (the informer cache's contract, and
// admission.Snapshot's). admission.ObjectFromMap would copy it: one copy
// of the cluster in memory instead of two. Objects a workload controller
// created are not modelled (ownedByWorkload) and give false. File names
// the object, as the engine names the request's.
func toObject(u *unstructured.Unstructured) (*manifest.Object, bool) {
	if ownedByWorkload(u) {
		return nil, false
	}
	o := &manifest.Object{APIVersion: u.GetAPIVersion(), Kind: u.GetKind(),
		Namespace: u.GetNamespace(), Name: u.GetName(), Body: u.Object}
	o.File = o.Ref().String()
	return o, true
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
