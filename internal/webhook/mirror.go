package webhook

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/cache"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/kinds"
	"github.com/meshlint/meshlint/internal/manifest"
)

// Store is the engine's view of the cluster (admission.Store): a Snapshot
// that the informers keep current, safe for concurrent use.
type Store interface {
	admission.Snapshot
	Set(*manifest.Object)
	Delete(manifest.Ref)
}

// mirrorCluster registers, on the informer of every watched kind, a
// handler that keeps store in step with the cache. The informers start
// with the manager. When the API server goes away the informers keep
// their last state and retry with backoff: the webhook goes on answering
// from that state (it stays ready), and catches up when the watch resumes.
// An optional kind the API server does not serve (kinds.Optional: no
// Gateway API CRDs, say) has no objects yet: it is left to watchLater.
func mirrorCluster(ctx context.Context, c cache.Informers, store Store) (*Readiness, error) {
	r := &Readiness{}
	for _, gvk := range watched {
		err := r.watch(ctx, c, store, gvk, true)
		switch {
		case meta.IsNoMatchError(err) && kinds.Optional(gvk):
			r.unserved = append(r.unserved, gvk)
		case meta.IsNoMatchError(err) && strings.Contains(gvk.Group, "istio.io"):
			return nil, fmt.Errorf("watch %s (%s): %w: install Istio's CRDs first", gvk.Kind, gvk.GroupVersion(), err)
		case err != nil:
			return nil, err
		}
	}
	return r, nil
}

// watch starts gvk's informer and its mirror; with ready, readiness
// waits for its first list.
func (r *Readiness) watch(ctx context.Context, c cache.Informers, store Store, gvk schema.GroupVersionKind, ready bool) error {
	inf, err := c.GetInformer(ctx, object(gvk), cache.BlockUntilSynced(false))
	if err != nil {
		return fmt.Errorf("watch %s (%s): %w", gvk.Kind, gvk.GroupVersion(), err)
	}
	reg, err := inf.AddEventHandler(mirror{store})
	if err != nil {
		return fmt.Errorf("watch %s: %w", gvk.Kind, err)
	}
	if ready {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.kinds = append(r.kinds, synced{gvk.Kind, reg.HasSynced})
	}
	return nil
}

// mirror applies one kind's informer events to the Store.
type mirror struct{ store Store }

func (m mirror) OnAdd(obj any, _ bool) { m.apply(obj, true) }
func (m mirror) OnUpdate(_, obj any)   { m.apply(obj, true) }
func (m mirror) OnDelete(obj any)      { m.apply(obj, false) }

func (m mirror) apply(obj any, present bool) {
	u, ok := unwrap(obj)
	if !ok {
		return
	}
	if o, model := toObject(u); present && model {
		m.store.Set(o)
		return
	}
	// Deleted, or adopted by a workload controller since it was added.
	m.store.Delete(refOf(u))
}

// Readiness tells when the Store holds the cluster: every informer has
// synced and delivered its initial list to the Store.
type Readiness struct {
	mu       sync.Mutex
	kinds    []synced
	unserved []schema.GroupVersionKind // optional kinds not served at start (watchLater's)
}

type synced struct {
	kind string
	done func() bool
}

// Ready reports whether every kind is in the Store.
func (r *Readiness) Ready() bool { return len(r.pending()) == 0 }

// Check is the /readyz check.
func (r *Readiness) Check(*http.Request) error {
	if p := r.pending(); len(p) > 0 {
		return fmt.Errorf("cluster state not loaded yet: %s", strings.Join(p, ", "))
	}
	return nil
}

func (r *Readiness) pending() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, k := range r.kinds {
		if !k.done() {
			out = append(out, k.kind)
		}
	}
	return out
}
