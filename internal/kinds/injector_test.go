package kinds

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// TestBoundKeepsTheInjectorInstall: the ML301 fixtures that hold an Istio
// install (webhooks of a canary revision, a revision tag, a
// neverInjectSelector, policy disabled) give every workload the same
// sidecar, and the same reason, once each object is reduced as a live
// cluster's are.
func TestBoundKeepsTheInjectorInstall(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/rules/ML301/inject-*.yaml")
	installs := 0
	for _, file := range files {
		res := manifest.Load([]string{file}, manifest.Options{})
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %v", file, res.Errors)
		}
		var bound []*manifest.Object
		for _, o := range res.Objects {
			if isInjectorInstallObject(o) {
				installs++
			}
			bound = append(bound, boundCopy(t, o))
		}
		want, got := sidecars(res.Objects), sidecars(bound)
		if want != got {
			t.Errorf("%s: sidecars from the files\n%s\nonce bound\n%s", file, want, got)
		}
	}
	if installs < 5 {
		t.Fatalf("%d install objects in %d fixtures: the fixtures moved", installs, len(files))
	}
}

func isInjectorInstallObject(o *manifest.Object) bool {
	return o.Kind == "MutatingWebhookConfiguration" || strings.HasPrefix(o.Name, "istio-sidecar-injector")
}

// boundCopy reduces a JSON round trip of o (what the API server sends).
func boundCopy(t *testing.T, o *manifest.Object) *manifest.Object {
	t.Helper()
	b, ok := boundCopyOK(t, o)
	if !ok {
		t.Fatalf("%s not modelled", o.Ref())
	}
	return b
}

// boundCopyOK is o as the informers hold it once bound; false for an
// object a workload controller created (not modelled).
func boundCopyOK(t *testing.T, o *manifest.Object) (*manifest.Object, bool) {
	t.Helper()
	data, err := json.Marshal(o.Body)
	if err != nil {
		t.Fatal(err)
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	return Object(Bound(u))
}

func sidecars(objs []*manifest.Object) string {
	m := mesh.Build(objs, mesh.DefaultSettings())
	var b strings.Builder
	for _, w := range m.Workloads {
		fmt.Fprintf(&b, "%s meshed=%v %s\n", w.Ref, w.Meshed, w.MeshedReason)
	}
	return b.String()
}

func TestBoundInjector(t *testing.T) {
	cm := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": "istio-sidecar-injector-canary", "namespace": "istio-system"},
		"data": map[string]any{
			"config": "defaultTemplates: [sidecar]\nPolicy: disabled\nneverInjectSelector:\n  - matchLabels: {tier: data}\ntemplates:\n  sidecar: |\n    " + strings.Repeat("x", 4096) + "\n",
			"values": `{"revision": "canary", "global": {"hub": "docker.io/istio", "proxy": {"image": "proxyv2"}}}`,
			"broken": "policy: [",
		}}}
	data := Bound(cm).Object["data"].(map[string]any)
	if got, want := data["config"], `{"policy":"disabled","neverInjectSelector":[{"matchLabels":{"tier":"data"}}]}`; got != want {
		t.Errorf("config = %v, want %s", got, want)
	}
	if got := data["values"]; got != `{"revision":"canary"}` {
		t.Errorf("values = %v", got)
	}
	for text, want := range map[string]string{"policy: [": "policy: [", "  ": "  ", "{}": "{}", "templates: {a: b}": "{}"} {
		if got := injectorConfig(text); got != want {
			t.Errorf("injectorConfig(%q) = %q, want %q", text, got, want)
		}
	}
	if got := injectorValues("not json"); got != "" {
		t.Errorf("injectorValues of no JSON = %q", got)
	}

	mwc := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
		"metadata": map[string]any{"name": "istio-sidecar-injector", "labels": map[string]any{"istio.io/rev": "default"}},
		"webhooks": []any{
			map[string]any{"name": "rev.namespace.sidecar-injector.istio.io", "clientConfig": map[string]any{"caBundle": "QUJD"},
				"namespaceSelector": map[string]any{"matchLabels": map[string]any{"istio.io/rev": "default"}}, "sideEffects": "None"},
			map[string]any{"name": "webhook.cert-manager.io", "clientConfig": map[string]any{"caBundle": "QUJD"}},
		}}}
	b := Bound(mwc)
	hooks := b.Object["webhooks"].([]any)
	if len(hooks) != 1 || len(hooks[0].(map[string]any)) != 2 || b.GetLabels()["istio.io/rev"] != "default" {
		t.Errorf("webhooks %v, labels %v", hooks, b.GetLabels())
	}
}
