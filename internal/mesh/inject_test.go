package mesh

import (
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

func buildWith(t *testing.T, yaml string, s Settings) *Model {
	t.Helper()
	res := manifest.LoadBytes("test.yaml", []byte(yaml), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return Build(res.Objects, s)
}

func pod(ns, name, labels, annotations, spec string) string {
	return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: " + ns +
		", labels: {" + labels + "}, annotations: {" + annotations + "}}\nspec: {" + spec +
		"containers: [{name: app, image: example/app}]}\n---\n"
}

// injectorConfigMap is an istio-sidecar-injector ConfigMap as
// istiod-injector-configmap.yaml renders it (templates left out).
func injectorConfigMap(name, rev, config string) string {
	return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + ", namespace: istio-system, labels: {istio.io/rev: " + rev +
		"}}\ndata:\n  config: |\n" + indent(config, "    ") + "  values: '{\"revision\": \"\"}'\n---\n"
}

func indent(s, by string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		b.WriteString(by + l + "\n")
	}
	return b.String()
}

// canaryOnlyWebhooks is the MutatingWebhookConfiguration the chart renders
// for revision canary (mutatingwebhook.yaml with revision: canary): only
// the rev.namespace and rev.object webhooks.
const canaryOnlyWebhooks = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: istio-sidecar-injector-canary, labels: {istio.io/rev: canary}}
webhooks:
- name: rev.namespace.sidecar-injector.istio.io
  namespaceSelector:
    matchExpressions:
    - {key: istio.io/rev, operator: In, values: [canary]}
    - {key: istio-injection, operator: DoesNotExist}
  objectSelector:
    matchExpressions:
    - {key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}
- name: rev.object.sidecar-injector.istio.io
  namespaceSelector:
    matchExpressions:
    - {key: istio.io/rev, operator: DoesNotExist}
    - {key: istio-injection, operator: DoesNotExist}
  objectSelector:
    matchExpressions:
    - {key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}
    - {key: istio.io/rev, operator: In, values: [canary]}
---
`

// Each case follows Istio's chart (manifests/charts/istio-control/
// istio-discovery/templates/mutatingwebhook.yaml) and injector
// (pkg/kube/inject/inject.go injectRequired).
func TestInjection(t *testing.T) {
	inj := `sidecar.istio.io/inject: "true"`
	cases := []struct {
		name, yaml string
		meshed     bool
	}{
		{"a pod label istio.io/rev=default injects in an unlabelled namespace (rev.object)",
			namespace("a", "") + pod("a", "p", "istio.io/rev: default", "", ""), true},
		{"a pod label istio.io/rev of a revision a label names injects without the install in the inputs",
			namespace("a", "") + pod("a", "p", "istio.io/rev: canary", "", ""), true},
		{"the pod label inject=true does not inject in a namespace istio-injection=disabled (no webhook selects it)",
			namespace("a", "istio-injection: disabled") + pod("a", "p", inj, "", ""), false},
		{"the pod annotation inject=true alone selects no webhook",
			namespace("a", "") + pod("a", "p", "", inj, ""), false},
		{"the pod annotation inject=false skips a pod a namespace webhook sent",
			namespace("a", "istio-injection: enabled") + pod("a", "p", "", `sidecar.istio.io/inject: "false"`, ""), false},
		{"a pod label istio.io/rev=canary beside inject=true goes through the canary rev.object webhook",
			namespace("a", "") + pod("a", "p", inj+", istio.io/rev: canary", "", "") + canaryOnlyWebhooks, true},
		{"hostNetwork is skipped by the injector",
			namespace("a", "istio-injection: enabled") + pod("a", "p", "", "", "hostNetwork: true, "), false},
		{"kube-node-lease is an ignored namespace",
			namespace("kube-node-lease", "istio-injection: enabled") + pod("kube-node-lease", "p", "", "", ""), false},
		{"local-path-storage is an ignored namespace",
			namespace("local-path-storage", "istio-injection: enabled") + pod("local-path-storage", "p", "", "", ""), false},
		{"istio-injection=enabled beats istio.io/rev on the namespace",
			namespace("a", "istio-injection: enabled, istio.io/rev: canary") + pod("a", "p", "", "", ""), true},
		{"a namespace istio.io/rev with the pod label inject=false is not selected",
			namespace("a", "istio.io/rev: default") + pod("a", "p", `sidecar.istio.io/inject: "false"`, "", ""), false},
		{"an installed canary-only revision serves no istio-injection=enabled namespace",
			namespace("a", "istio-injection: enabled") + pod("a", "p", "", "", "") + canaryOnlyWebhooks, false},
		{"an installed canary-only revision serves no pod label istio.io/rev=default",
			namespace("a", "") + pod("a", "p", "istio.io/rev: default", "", "") + canaryOnlyWebhooks, false},
		{"an installed canary revision serves its namespaces",
			namespace("a", "istio.io/rev: canary") + pod("a", "p", "", "", "") + canaryOnlyWebhooks, true},
		{"policy disabled in the injector ConfigMap skips a pod without inject label",
			namespace("a", "istio-injection: enabled") + pod("a", "p", "", "", "") +
				injectorConfigMap("istio-sidecar-injector", "default", "policy: disabled"), false},
		{"policy disabled still injects a pod whose annotation says true once a webhook sent it",
			namespace("a", "istio-injection: enabled") + pod("a", "p", "", inj, "") +
				injectorConfigMap("istio-sidecar-injector", "default", "policy: disabled"), true},
		{"a policy neither enabled nor disabled injects nothing, even inject=true",
			namespace("a", "istio-injection: enabled") + pod("a", "p", inj, "", "") +
				injectorConfigMap("istio-sidecar-injector", "default", "policy: Enabled"), false},
		{"neverInjectSelector skips a matching pod left to the default",
			namespace("a", "istio-injection: enabled") + pod("a", "p", "tier: batch", "", "") +
				injectorConfigMap("istio-sidecar-injector", "default", "policy: enabled\nneverInjectSelector:\n- matchLabels: {tier: batch}"), false},
		{"the pod label inject=true beats neverInjectSelector",
			namespace("a", "istio-injection: enabled") + pod("a", "p", "tier: batch, "+inj, "", "") +
				injectorConfigMap("istio-sidecar-injector", "default", "policy: enabled\nneverInjectSelector:\n- matchLabels: {tier: batch}"), true},
		{"alwaysInjectSelector injects a matching pod under policy disabled",
			namespace("a", "istio-injection: enabled") + pod("a", "p", "tier: web", "", "") +
				injectorConfigMap("istio-sidecar-injector", "default", "policy: disabled\nalwaysInjectSelector:\n- matchLabels: {tier: web}"), true},
		{"the ConfigMap of another revision does not change the default injector",
			namespace("a", "istio-injection: enabled") + pod("a", "p", "", "", "") +
				injectorConfigMap("istio-sidecar-injector-canary", "canary", "policy: disabled"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := build(t, c.yaml)
			if len(m.Workloads) != 1 {
				t.Fatalf("%d workloads", len(m.Workloads))
			}
			w := m.Workloads[0]
			if w.Meshed != c.meshed || w.Meshed != (w.Dataplane == DataplaneSidecar) || !w.MeshedKnown {
				t.Errorf("meshed = %v known %v (%s), want %v", w.Meshed, w.MeshedKnown, w.MeshedReason, c.meshed)
			}
		})
	}
}

// A namespace the inputs do not declare has unknown labels: the decision
// is known only where no injection label would change it.
func TestInjectionUndeclaredNamespace(t *testing.T) {
	cases := []struct {
		name, yaml, assumed string
		meshed, known       bool
	}{
		{"a plain pod is taken as not meshed, unknown", pod("a", "p", "", "", ""), "", false, false},
		{"assumeInjectedNamespaces makes it meshed, still unknown", pod("a", "p", "", "", ""), "a", true, false},
		{"the pod label inject=true is meshed but unknown (istio-injection=disabled would stop it)",
			pod("a", "p", `sidecar.istio.io/inject: "true"`, "", ""), "", true, false},
		{"the pod label inject=false is known not meshed", pod("a", "p", `sidecar.istio.io/inject: "false"`, "", ""), "a", false, true},
		{"hostNetwork is known not meshed", pod("a", "p", "", "", "hostNetwork: true, "), "a", false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := DefaultSettings()
			if c.assumed != "" {
				s.AssumeInjected = []string{c.assumed}
			}
			m := buildWith(t, c.yaml, s)
			w := m.Workloads[0]
			if w.Meshed != c.meshed || w.MeshedKnown != c.known {
				t.Errorf("meshed %v known %v (%s), want %v %v", w.Meshed, w.MeshedKnown, w.MeshedReason, c.meshed, c.known)
			}
		})
	}
}
