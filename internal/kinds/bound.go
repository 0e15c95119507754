package kinds

import (
	"regexp"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/intern"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/nginx"
)

// Bound reduces a listed object, in place, to what the model reads: spec,
// data, labels, annotations, owner references and creationTimestamp,
// never status, managed fields or the last-applied copy. It returns u,
// or a stub for an object a workload controller created.
//
//   - every kind: status (but a Namespace's), metadata.managedFields and the
//     kubectl.kubernetes.io/last-applied-configuration annotation (a second
//     copy of the whole object) are dropped;
//   - a Pod, ReplicaSet or Job whose controller is a workload the model
//     reads (a Deployment's ReplicaSets, their Pods, a CronJob's Jobs)
//     keeps its metadata only: the model reads the controller's pod
//     template, so these stubs are never modelled (see OwnedByWorkload) and
//     the many Pods of a cluster cost a few hundred bytes each;
//   - a ConfigMap keeps the values that may be nginx configuration whole
//     (mayBeNginx: a whole config, or a snippet an include may read), and
//     of every other value only the URLs it contains, which is all the
//     model reads of them (internal/mesh apphops.go urlPattern); binaryData
//     is dropped. A CA bundle, a dashboard or a properties file of a
//     megabyte shrinks to nothing or to its URLs. Whether a workload mounts
//     the ConfigMap is not known to a per-object bound (the workload may
//     come later), and a label filter would miss every ConfigMap users did
//     not label: the content decides. An istio-sidecar-injector ConfigMap
//     keeps of data.config and data.values what the injector model reads
//     (injector.go), and istio-cni-config its ambient enablement;
//   - a workload, and a Pod, drops how it is scheduled, sized, probed,
//     secured and rolled out (bound_workload.go);
//   - a MutatingWebhookConfiguration keeps its metadata and, of its
//     webhooks, the sidecar injector's name and selectors (injector.go).
//
// What is kept holds the keys and short values that objects repeat
// (namespace names, labels, protocols, images) once, shared with the
// other objects bounded in the process (shared): a JSON decoder
// allocates them again for every object.
func Bound(u *unstructured.Unstructured) *unstructured.Unstructured {
	b := bound(u)
	shared.Tree(b.Object)
	return b
}

// shared holds the strings bounded objects repeat. Its bound (about 10 MiB
// when full) is far above a cluster's vocabulary of keys, and what a
// stream of unique names fills it with costs no more than that.
var shared = intern.New(1 << 17)

func bound(u *unstructured.Unstructured) *unstructured.Unstructured {
	if OwnedByWorkload(u) {
		return stub(u)
	}
	if u.GetKind() != "Namespace" { // the engine reads a Namespace's phase (Terminating)
		delete(u.Object, "status")
	}
	meta, _ := u.Object["metadata"].(map[string]any)
	delete(meta, "managedFields")
	if ann, _ := meta["annotations"].(map[string]any); ann != nil {
		delete(ann, "kubectl.kubernetes.io/last-applied-configuration")
	}
	switch {
	case u.GetKind() == "ConfigMap" && u.GetAPIVersion() == "v1":
		boundConfigMap(u.Object)
	case u.GetKind() == "MutatingWebhookConfiguration" && strings.HasPrefix(u.GetAPIVersion(), "admissionregistration.k8s.io/"):
		boundWebhooks(u.Object)
	default:
		boundWorkload(u.Object, u.GetKind())
	}
	return u
}

// workloadKinds are the controllers whose pod template the model reads.
var workloadKinds = map[string]bool{"Deployment": true, "StatefulSet": true, "DaemonSet": true,
	"ReplicaSet": true, "ReplicationController": true, "Job": true, "CronJob": true}

// WorkloadControllers returns the kinds whose pod template the model
// reads, as a set the caller owns.
func WorkloadControllers() map[string]bool {
	out := make(map[string]bool, len(workloadKinds))
	for k := range workloadKinds {
		out[k] = true
	}
	return out
}

// CreatedByController reports whether kind is one a workload controller
// creates: Pod, ReplicaSet, Job.
func CreatedByController(kind string) bool {
	return kind == "Pod" || kind == "ReplicaSet" || kind == "Job"
}

// ControllerOf returns the workload controller among the owners of an
// object of kind, when kind is one such a controller creates.
func ControllerOf(kind string, owners []metav1.OwnerReference) (metav1.OwnerReference, bool) {
	if !CreatedByController(kind) {
		return metav1.OwnerReference{}, false
	}
	for _, ref := range owners {
		if ref.Controller != nil && *ref.Controller && workloadKinds[ref.Kind] {
			return ref, true
		}
	}
	return metav1.OwnerReference{}, false
}

// OwnedByWorkload reports whether u is a Pod, ReplicaSet or Job created by
// a workload controller the model reads: its template is that
// controller's (or was, for an old ReplicaSet), so modelling it as well
// would count one application two or three times. A Pod or ReplicaSet
// that an operator of another kind creates is kept: nothing else carries
// its template.
func OwnedByWorkload(u *unstructured.Unstructured) bool {
	_, ok := ControllerOf(u.GetKind(), u.GetOwnerReferences())
	return ok
}

// stub keeps what identifies an owned object: an informer's event
// handlers still see it (and drop it from a store should it have been
// bare before).
func stub(u *unstructured.Unstructured) *unstructured.Unstructured {
	s := &unstructured.Unstructured{Object: map[string]any{"apiVersion": u.GetAPIVersion(), "kind": u.GetKind()}}
	s.SetName(u.GetName())
	s.SetNamespace(u.GetNamespace())
	s.SetUID(u.GetUID())
	s.SetResourceVersion(u.GetResourceVersion())
	s.SetOwnerReferences(u.GetOwnerReferences())
	return s
}

// urlPattern is the model's (internal/mesh apphops.go): what it reads of a
// setting.
var urlPattern = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*)://([a-zA-Z0-9][a-zA-Z0-9.-]*)(?::(\d+))?`)

// maxURLs bounds what one value keeps.
const maxURLs = 64

func boundConfigMap(obj map[string]any) {
	delete(obj, "binaryData")
	data, _ := obj["data"].(map[string]any)
	if isInjectorConfig(obj) {
		boundInjectorData(data)
	}
	for k, v := range data {
		s, _ := v.(string)
		if !mayBeNginx(s) && !isMeshConfig(obj, k) && !(isInjectorConfig(obj) && injectorKeys[k]) && !isCNIEnablement(obj, k) &&
			!isEnvoyGatewayConfig(obj, k) {
			data[k] = strings.Join(urlPattern.FindAllString(s, maxURLs), "\n")
		}
	}
}

// isMeshConfig: the `mesh` key of an Istio mesh ConfigMap (`istio`, or
// `istio-<revision>`) is kept whole: the model reads its
// extensionProviders (internal/mesh authz_custom.go) and the sidecars'
// proxy metadata (ambient_hbone.go).
func isMeshConfig(obj map[string]any, key string) bool {
	name := nameOf(obj)
	return key == "mesh" && (name == "istio" || strings.HasPrefix(name, "istio-"))
}

// isCNIEnablement: the ambient keys of the istio-cni chart's ConfigMap
// are kept: the model reads them (internal/mesh ambient_cni.go).
func isCNIEnablement(obj map[string]any, key string) bool {
	return nameOf(obj) == "istio-cni-config" && (key == "AMBIENT_ENABLED" || key == "AMBIENT_ENABLEMENT_SELECTOR")
}

// isEnvoyGatewayConfig: Envoy Gateway's own configuration (the
// envoy-gateway-config ConfigMap of its chart, key envoy-gateway.yaml) is
// kept: the model reads where it deploys the proxies (internal/mesh
// gatewayenvoy.go envoyGatewayNS). A few hundred bytes.
func isEnvoyGatewayConfig(obj map[string]any, key string) bool {
	return nameOf(obj) == "envoy-gateway-config" && key == "envoy-gateway.yaml"
}

// mayBeNginx: the value may be nginx text the model reads, and is kept
// whole. An nginx config may include any key of a ConfigMap it mounts,
// whatever it looks like (a proxy_headers.inc of proxy_set_header lines
// alone: testdata/rules/ML201/include-key.yaml), and which keys are
// included is not known to a per-object bound. So a value is kept when
// it looks like a whole config (mesh.LooksLikeNginx) or parses as nginx
// statements (internal/nginx Parse); a value that does not (a CA bundle,
// a dashboard, a properties or YAML file) is cut down to its URLs. A
// snippet with a syntax error is cut too: the model reports its error
// from the files, the webhook reads what URLs it holds.
func mayBeNginx(text string) bool {
	if mesh.LooksLikeNginx(text) {
		return true
	}
	if !strings.ContainsAny(text, ";{") { // no statement ends: not nginx, and no parse of a megabyte to find out
		return false
	}
	cfg, err := nginx.Parse("value", []byte(text))
	return err == nil && len(cfg.Directives) > 0
}

// nameOf is an unstructured object's metadata.name ("" when it has none).
func nameOf(obj map[string]any) string {
	meta, _ := obj["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	return name
}
