package admission

import (
	"strings"

	"github.com/meshlint/meshlint/internal/kinds"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/tree"
)

// Reads reports whether the model reads o (mesh.Model add and
// addNetworking, and loadInjectors for the MutatingWebhookConfigurations
// of Istio's sidecar injector): the kinds the webhook evaluates and the
// Store keeps. A test holds it to what mesh.Build indexes.
func Reads(o *manifest.Object) bool {
	switch {
	case o.Kind == "Namespace", o.Kind == "IngressClass":
		return true
	case o.Kind == "MutatingWebhookConfiguration":
		return isWebhookConfig(o.APIVersion)
	case mesh.IsWorkloadKind(o.Kind):
		return !isIstio(o.APIVersion)
	case o.Kind == "Service", o.Kind == "ConfigMap":
		return o.APIVersion == "v1"
	case o.Kind == "Ingress":
		return strings.HasPrefix(o.APIVersion, "networking.k8s.io/")
	case controllerKinds[o.Kind]:
		return controllerGroup(o.APIVersion)
	}
	return isIstio(o.APIVersion) && istioKinds[o.Kind]
}

var istioKinds = map[string]bool{"PeerAuthentication": true, "DestinationRule": true,
	"VirtualService": true, "AuthorizationPolicy": true, "ServiceEntry": true, "Sidecar": true}

// controllerKinds are the Gateway API kinds and the ingress controllers'
// own kinds the model reads, the optional kinds of kinds.Watched: where
// their CRDs are installed they route traffic as Ingresses do.
var controllerKinds = optionalKinds()

func optionalKinds() map[string]bool {
	out := map[string]bool{}
	for _, gvk := range kinds.Watched {
		if kinds.Optional(gvk) {
			out[gvk.Kind] = true
		}
	}
	return out
}

// controllerGroup: an optional kind's group (kinds.OptionalGroup), or
// traefik.containo.us, Traefik's before v3, which files still hold.
func controllerGroup(apiVersion string) bool {
	group, _, _ := strings.Cut(apiVersion, "/")
	return kinds.OptionalGroup(group) || group == "traefik.containo.us"
}

// readsKind is Reads on the kind alone: false means no version of the kind
// is read, so a request can be allowed before its object is decoded.
func readsKind(kind string) bool {
	switch kind {
	case "Namespace", "IngressClass", "Service", "ConfigMap", "Ingress", "MutatingWebhookConfiguration":
		return true
	}
	return mesh.IsWorkloadKind(kind) || istioKinds[kind] || controllerKinds[kind]
}

func isWebhookConfig(apiVersion string) bool {
	return strings.HasPrefix(apiVersion, "admissionregistration.k8s.io/")
}

// home is the namespace an object belongs to for scoping: its namespace,
// a Namespace's own name, "" for other cluster-scoped objects.
func home(o *manifest.Object) string {
	if o.Kind == "Namespace" {
		return o.Name
	}
	return mesh.NamespaceOf(o)
}

// key identifies an object in the cluster: API group, kind, namespace,
// name (two versions of one kind are one object).
func key(o *manifest.Object) string {
	return groupOf(o) + "/" + o.Kind + "/" + mesh.NamespaceOf(o) + "/" + o.Name
}

// sameKey: o and p have one key, compared without building it (a
// whole-cluster scope is searched for the changed object).
func sameKey(o, p *manifest.Object) bool {
	return o.Name == p.Name && o.Kind == p.Kind && mesh.NamespaceOf(o) == mesh.NamespaceOf(p) && groupOf(o) == groupOf(p)
}

func groupOf(o *manifest.Object) string {
	group, _, ok := strings.Cut(o.APIVersion, "/")
	if !ok {
		return ""
	}
	return group
}

// isController reports whether o is an ingress controller's workload, as
// the model detects it (image or --ingress-class/--controller-class
// flags): a change to it changes every Ingress of its class.
func isController(o *manifest.Object) bool {
	if !mesh.IsWorkloadKind(o.Kind) || isIstio(o.APIVersion) {
		return false
	}
	m := mesh.Build([]*manifest.Object{o}, mesh.Settings{})
	return len(m.Workloads) == 1 && m.Workloads[0].Controller != nil
}

// deleting reports whether the object is on its way out: what is asked of
// it now (finalizers removed) is no change to judge.
func deleting(o *manifest.Object) bool {
	meta, _ := o.Body["metadata"].(map[string]any)
	return meta["deletionTimestamp"] != nil
}

// terminating reports whether a Namespace object is being deleted: the
// namespace controller then deletes its objects one by one, in no order a
// verdict could follow.
func terminating(ns *manifest.Object) bool {
	status, _ := ns.Body["status"].(map[string]any)
	return deleting(ns) || status["phase"] == "Terminating"
}

// ownerWorkload names the workload controller that manages o (a
// ReplicaSet's Deployment, a Pod's ReplicaSet), or "". Its pod template
// is the one judged: the copies it stamps out would only repeat its
// findings under other names, and denying them would stall a rollout the
// template was admitted for.
func ownerWorkload(o *manifest.Object) string {
	for _, ref := range tree.List(o.Body, "metadata", "ownerReferences") {
		r, _ := ref.(map[string]any)
		kind, _ := r["kind"].(string)
		if r["controller"] == true && mesh.IsWorkloadKind(kind) {
			name, _ := r["name"].(string)
			return kind + "/" + name
		}
	}
	return ""
}
