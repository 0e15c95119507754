package kinds

import (
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func TestObject(t *testing.T) {
	owned := func(kind, owner string) *unstructured.Unstructured {
		return &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": kind,
			"metadata": map[string]any{"name": "x", "namespace": "ns", "ownerReferences": []any{
				map[string]any{"apiVersion": "apps/v1", "kind": owner, "name": "o", "uid": "u", "controller": true}}}}}
	}
	tests := []struct {
		name  string
		u     *unstructured.Unstructured
		model bool
	}{
		{"a ReplicaSet's Pod is its Deployment's template", owned("Pod", "ReplicaSet"), false},
		{"a Deployment's ReplicaSet too", owned("ReplicaSet", "Deployment"), false},
		{"a CronJob's Job too", owned("Job", "CronJob"), false},
		{"an operator's Pod carries the only template", owned("Pod", "Rollout"), true},
		{"a Service a controller owns is still a Service", owned("Service", "Deployment"), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, ok := Object(Bound(tc.u))
			if ok != tc.model {
				t.Fatalf("modelled %v, want %v", ok, tc.model)
			}
			if ok && (o.Ref().String() != tc.u.GetKind()+"/ns/x" || o.File != "" || o.Line != 0) {
				t.Errorf("object %s file %q line %d", o.Ref(), o.File, o.Line)
			}
		})
	}
}

func TestWatched(t *testing.T) {
	if !Known("security.istio.io", "PeerAuthentication") || Known("", "Secret") || Known("apps", "Service") {
		t.Error("Known")
	}
	if !Known("admissionregistration.k8s.io", "MutatingWebhookConfiguration") || Known("admissionregistration.k8s.io", "ValidatingWebhookConfiguration") {
		t.Error("Known: the injector's webhooks are read, no other admission kind")
	}
	if gvk, _ := ByKind("MutatingWebhookConfiguration"); !ClusterScoped(gvk) {
		t.Error("MutatingWebhookConfiguration is cluster-scoped")
	}
	if gvk, ok := ByKind("Ingress"); !ok || gvk.Group != "networking.k8s.io" {
		t.Errorf("ByKind(Ingress) = %v, %v", gvk, ok)
	}
	for _, gvk := range Watched {
		if Optional(gvk) != (gvk.Group == "gateway.networking.k8s.io" || gvk.Group == "k8s.nginx.org" || gvk.Group == "traefik.io" ||
			gvk.Group == "gateway.envoyproxy.io" || gvk.Group == "gateway.nginx.org") {
			t.Errorf("Optional(%s) = %v", gvk, Optional(gvk))
		}
	}
	if gvk, _ := ByKind("GatewayClass"); !ClusterScoped(gvk) || !Optional(gvk) {
		t.Error("GatewayClass is cluster-scoped and optional")
	}
	if gvk, _ := ByKind("PeerAuthentication"); Optional(gvk) {
		t.Error("Istio's kinds are not optional")
	}
	set := WorkloadControllers()
	set["Secret"] = true
	if WorkloadControllers()["Secret"] {
		t.Error("WorkloadControllers shares its set")
	}
}
