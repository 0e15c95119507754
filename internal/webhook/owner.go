package webhook

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	logf "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/kinds"
)

// Owner references are written by whoever creates the object: a Pod that
// names any Deployment or ReplicaSet as its controller would otherwise
// skip validation. An object a workload controller created is skipped
// only when its controller owner exists, with the uid the reference
// names, as a kind whose pod template the webhooks judge
// (kinds.WorkloadControllers). A Deployment's Pod names its ReplicaSet,
// which the informer cache holds (as a stub with its uid, kinds.Bound),
// and the ReplicaSet names the Deployment: each level was verified when
// it was admitted. Otherwise the object is judged itself.

// Owners look an owner up: the informer cache, then the API server (a
// ReplicaSet created a moment before its first Pod may not be in the
// cache yet). Before the cache has synced only the API server is asked:
// the cache would block until it has. Both need get on the workload kinds
// (the chart's ClusterRole grants get, list and watch).
type Owners struct {
	Cache, API client.Reader
}

// verifiedOwner names the object's controller owner when it exists with
// the uid the reference names, else "".
func (h *Handlers) verifiedOwner(ctx context.Context, req admission.Request, hd head) string {
	ref, ok := kinds.ControllerOf(req.Kind, hd.Metadata.OwnerReferences)
	if !ok {
		return ""
	}
	if h.Owners.exists(ctx, req.Namespace, ref, h.Ready()) {
		return ref.Kind + "/" + ref.Name
	}
	logf.FromContext(ctx).Info("owner reference not verified: judged as an object of its own", "owner", ref.Kind+"/"+ref.Name, "uid", ref.UID)
	return ""
}

// exists reports whether ref names an object of namespace with its uid.
// Another uid in the cache may be a stale copy (the owner deleted and
// created again under its name): the API server is asked then too.
func (o Owners) exists(ctx context.Context, namespace string, ref metav1.OwnerReference, synced bool) bool {
	gvk, ok := kinds.ByKind(ref.Kind)
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	if !ok || err != nil || gv.Group != gvk.Group || ref.UID == "" || namespace == "" {
		return false
	}
	readers := []client.Reader{o.API}
	if synced {
		readers = []client.Reader{o.Cache, o.API}
	}
	for _, r := range readers {
		if r == nil {
			continue
		}
		u := object(gvk)
		err := r.Get(ctx, client.ObjectKey{Namespace: namespace, Name: ref.Name}, u)
		switch {
		case err == nil && u.GetUID() == ref.UID:
			return true
		case err != nil && !apierrors.IsNotFound(err):
			logf.FromContext(ctx).Info("owner lookup failed", "owner", ref.Kind+"/"+ref.Name, "error", err.Error())
		}
	}
	return false
}
