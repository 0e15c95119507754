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

// OwnerReaders look an owner up, in order: the informer cache, then the
// API server (a ReplicaSet created a moment before its first Pod may not
// be in the cache yet). Both need get on the workload kinds (the chart's
// ClusterRole grants get, list and watch).
type OwnerReaders []client.Reader

// verifiedOwner names the object's controller owner when it exists with
// the uid the reference names, else "".
func (h *Handlers) verifiedOwner(ctx context.Context, req admission.Request, hd head) string {
	ref, ok := kinds.ControllerOf(req.Kind, hd.Metadata.OwnerReferences)
	if !ok {
		return ""
	}
	if h.Owners.exists(ctx, req.Namespace, ref) {
		return ref.Kind + "/" + ref.Name
	}
	logf.FromContext(ctx).Info("owner reference not verified: judged as an object of its own", "owner", ref.Kind+"/"+ref.Name, "uid", ref.UID)
	return ""
}

// exists reports whether ref names an object of namespace with its uid.
func (rs OwnerReaders) exists(ctx context.Context, namespace string, ref metav1.OwnerReference) bool {
	gvk, ok := kinds.ByKind(ref.Kind)
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	if !ok || err != nil || gv.Group != gvk.Group || ref.UID == "" || namespace == "" {
		return false
	}
	for _, r := range rs {
		u := object(gvk)
		err := r.Get(ctx, client.ObjectKey{Namespace: namespace, Name: ref.Name}, u)
		switch {
		case err == nil:
			return u.GetUID() == ref.UID
		case !apierrors.IsNotFound(err):
			logf.FromContext(ctx).Info("owner lookup failed", "owner", ref.Kind+"/"+ref.Name, "error", err.Error())
		}
	}
	return false
}
