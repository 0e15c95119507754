package webhook

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/intern"
	"github.com/meshlint/meshlint/internal/kinds"
)

// transform bounds what the informer cache keeps of each object before it
// is stored (cache.Options.DefaultTransform); the Store then shares the
// same map. What is kept, and why, is kinds.Bound, shared with the CLI's
// live audit: status, managed fields and the last-applied copy go, a
// workload controller's Pods, ReplicaSets and Jobs shrink to stubs, and a
// ConfigMap keeps its nginx configuration and the URLs of other values.
// The keys and short values of what is kept are shared with the other
// objects' (shared).
func transform(obj any) (any, error) {
	if u, ok := obj.(*unstructured.Unstructured); ok {
		b := kinds.Bound(u)
		shared.Tree(b.Object)
		return b, nil
	}
	return obj, nil
}

// shared holds the strings the objects repeat: every manifest's keys, and
// values such as namespace names, labels, protocols and images. Its bound
// (about 10 MiB when full) is far above a cluster's vocabulary of keys,
// and what a stream of unique names fills it with costs no more than that.
var shared = intern.New(1 << 17)
