package kinds

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Object wraps a listed (and Bound) object for the model without copying
// it: Body is u's map, already in the loader's value types (apimachinery
// decodes JSON numbers to int64 and float64). Objects a workload
// controller created are not modelled (OwnedByWorkload) and give false.
// File, Line and Index are left to the caller: a live object has no file.
func Object(u *unstructured.Unstructured) (*manifest.Object, bool) {
	if OwnedByWorkload(u) {
		return nil, false
	}
	return &manifest.Object{APIVersion: u.GetAPIVersion(), Kind: u.GetKind(),
		Namespace: u.GetNamespace(), Name: u.GetName(), Body: u.Object}, true
}
