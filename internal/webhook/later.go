package webhook

import (
	"context"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/cache"
)

// recheckUnserved is how often watchLater asks whether the API server
// serves an optional kind it did not serve at start.
var recheckUnserved = 30 * time.Second

// watchLater watches each optional kind the API server did not serve when
// the webhook started as soon as it does (the Gateway API CRDs installed
// after meshlint, say): until then there are none of its objects, after it
// its objects reach the Store like every other kind's. It returns when
// every kind is watched or ctx is done. Such a kind does not hold
// readiness back while its first list loads: a webhook that turned
// unready would leave every request to the failure policy, for objects
// that are only being created.
func (r *Readiness) watchLater(ctx context.Context, c cache.Informers, store Store, log logr.Logger) {
	left := r.takeUnserved()
	for len(left) > 0 {
		select {
		case <-ctx.Done():
			return
		case <-time.After(recheckUnserved):
		}
		left = r.watchServed(ctx, c, store, left, log)
	}
}

func (r *Readiness) takeUnserved() []schema.GroupVersionKind {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.unserved
	r.unserved = nil
	return out
}

// watchServed watches the kinds of gvks now served and returns the rest.
func (r *Readiness) watchServed(ctx context.Context, c cache.Informers, store Store, gvks []schema.GroupVersionKind, log logr.Logger) []schema.GroupVersionKind {
	var left []schema.GroupVersionKind
	for _, gvk := range gvks {
		err := r.watch(ctx, c, store, gvk, false)
		switch {
		case err == nil:
			log.Info("watching a kind the API server serves now", "kind", gvk.Kind, "version", gvk.GroupVersion().String())
		case meta.IsNoMatchError(err):
			left = append(left, gvk)
		default:
			log.Error(err, "watch a kind the API server serves now; retrying", "kind", gvk.Kind)
			left = append(left, gvk)
		}
	}
	return left
}
