package webhook

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/kinds"
)

// transform bounds what the informer cache keeps of each object before it
// is stored (cache.Options.DefaultTransform); the Store then shares the
// same map. What is kept, and why, is kinds.Bound, shared with the CLI's
// live audit: status, managed fields and the last-applied copy go, a
// workload controller's Pods, ReplicaSets and Jobs shrink to stubs, a
// ConfigMap keeps its nginx configuration and the URLs of other values,
// and the keys and short values objects repeat are held once.
func transform(obj any) (any, error) {
	if u, ok := obj.(*unstructured.Unstructured); ok {
		return kinds.Bound(u), nil
	}
	return obj, nil
}
