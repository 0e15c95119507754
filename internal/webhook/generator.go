package webhook

import (
	"context"
	"fmt"
	"reflect"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/mutate"
)

// Generator is MM04 as a controller: it keeps one ISTIO_MUTUAL
// DestinationRule, labelled app.kubernetes.io/managed-by: meshlint, for
// each Service that mutate.Generate says needs one, updates only the rules
// carrying that label, deletes them when no longer needed, and never
// touches a rule without it. It runs on the leader only.
//
// Whether a Service needs a rule depends on its workloads, their
// namespaces' injection labels and every rule for its host in any client
// namespace, so the controller works on the whole cluster: any change of
// a watched kind enqueues one key, the queue folds bursts into one pass,
// and each pass reads the informer cache (not the Store, whose own
// handler may not have seen the event yet).
type Generator struct {
	Client   client.Client // reads from the cache, writes to the API server
	Settings mesh.Settings
	// kinds are the watched kinds served when the generator was set up:
	// an optional kind installed later is read after a restart.
	kinds []schema.GroupVersionKind
}

// managedBy is the label value of the rules the generator owns.
const managedBy = "meshlint"

// clusterKey is the one key of the generator's queue.
var clusterKey = reconcile.Request{NamespacedName: types.NamespacedName{Name: "cluster"}}

// SetupWithManager registers the generator, watching every kind the
// model reads.
func (g *Generator) SetupWithManager(mgr ctrl.Manager) error {
	b := ctrl.NewControllerManagedBy(mgr).Named("destinationrule-generator")
	all := handler.EnqueueRequestsFromMapFunc(func(context.Context, client.Object) []reconcile.Request {
		return []reconcile.Request{clusterKey}
	})
	g.kinds = served(mgr.GetRESTMapper())
	for _, gvk := range g.kinds {
		b = b.Watches(object(gvk), all, builder.WithPredicates(changed))
	}
	return b.Complete(g)
}

// changed drops updates that change no field the model reads: every Pod
// status change bumps its resourceVersion, and the cache strips status.
var changed = predicate.Funcs{UpdateFunc: func(e event.UpdateEvent) bool {
	return !reflect.DeepEqual(modelled(e.ObjectOld), modelled(e.ObjectNew))
}}

func modelled(o client.Object) map[string]any {
	u, ok := o.(*unstructured.Unstructured)
	if !ok {
		return nil
	}
	out := make(map[string]any, len(u.Object))
	for k, v := range u.Object {
		out[k] = v
	}
	meta := map[string]any{}
	if m, ok := u.Object["metadata"].(map[string]any); ok {
		for k, v := range m {
			meta[k] = v
		}
	}
	delete(meta, "resourceVersion")
	delete(meta, "generation")
	delete(meta, "managedFields")
	out["metadata"] = meta
	delete(out, "status")
	return out
}

// Reconcile brings the managed rules in line with mutate.Generate.
func (g *Generator) Reconcile(ctx context.Context, _ reconcile.Request) (reconcile.Result, error) {
	objs, owned, err := g.load(ctx)
	if err != nil {
		return reconcile.Result{}, err
	}
	want := map[types.NamespacedName]mutate.GeneratedObject{}
	for _, gen := range mutate.Generate(mesh.Build(objs, g.Settings)) {
		want[types.NamespacedName{Namespace: gen.Ref.Namespace, Name: gen.Ref.Name}] = gen
	}
	for key, gen := range want {
		if err := g.apply(ctx, owned[key], gen); err != nil {
			return reconcile.Result{}, err
		}
	}
	for key, dr := range owned {
		if _, ok := want[key]; !ok {
			if err := g.remove(ctx, dr); err != nil {
				return reconcile.Result{}, err
			}
		}
	}
	return reconcile.Result{}, nil
}

// load lists the cluster state as the Store holds it, without the rules
// the generator owns (which would otherwise satisfy the need they were
// made for, and be deleted on the next pass), and those rules apart.
func (g *Generator) load(ctx context.Context) ([]*manifest.Object, map[types.NamespacedName]*unstructured.Unstructured, error) {
	var objs []*manifest.Object
	owned := map[types.NamespacedName]*unstructured.Unstructured{}
	for _, gvk := range g.kinds {
		list := &unstructured.UnstructuredList{}
		list.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
		if err := g.Client.List(ctx, list, client.UnsafeDisableDeepCopy); err != nil {
			return nil, nil, fmt.Errorf("list %s: %w", gvk.Kind, err)
		}
		for i := range list.Items {
			u := &list.Items[i]
			if gvk.Kind == "DestinationRule" && u.GetLabels()[mutate.ManagedBy] == managedBy {
				owned[types.NamespacedName{Namespace: u.GetNamespace(), Name: u.GetName()}] = u
				continue
			}
			if o, ok := toObject(u); ok {
				objs = append(objs, o)
			}
		}
	}
	return objs, owned, nil
}

// apply creates the rule, or updates the managed one when it drifted. A
// rule of that name that the generator does not own is the user's: the
// model saw it, so Generate chose another name; a race with a user's
// create ends in AlreadyExists, which the next pass settles.
func (g *Generator) apply(ctx context.Context, cur *unstructured.Unstructured, gen mutate.GeneratedObject) error {
	log := logf.FromContext(ctx).WithValues("destinationRule", gen.Ref.String())
	desired := &unstructured.Unstructured{Object: runtime.DeepCopyJSON(gen.Body)}
	if cur == nil {
		err := g.Client.Create(ctx, desired)
		if apierrors.IsAlreadyExists(err) {
			log.Info("name taken since the last pass; leaving it")
			return nil
		}
		if err == nil {
			log.Info("created", "reason", gen.Change.Reason)
		}
		return client.IgnoreNotFound(err) // namespace being deleted
	}
	if reflect.DeepEqual(cur.Object["spec"], desired.Object["spec"]) {
		return nil
	}
	next := cur.DeepCopy()
	next.Object["spec"] = desired.Object["spec"]
	if err := g.Client.Update(ctx, next); err != nil {
		return client.IgnoreNotFound(err)
	}
	log.Info("updated", "reason", gen.Change.Reason)
	return nil
}

// remove deletes a managed rule no Service needs, if it is still the one
// the cache showed.
func (g *Generator) remove(ctx context.Context, dr *unstructured.Unstructured) error {
	uid := dr.GetUID()
	err := g.Client.Delete(ctx, dr.DeepCopy(), client.Preconditions{UID: &uid})
	if err == nil {
		logf.FromContext(ctx).Info("deleted: no longer needed", "destinationRule", refOf(dr).String())
	}
	if apierrors.IsConflict(err) {
		return nil // replaced meanwhile; its own event brings another pass
	}
	return client.IgnoreNotFound(err)
}
