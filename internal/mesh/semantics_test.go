package mesh

import (
	"strings"
	"testing"
)

func deployment(ns, name, podLabels, podAnnotations string) string {
	return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ` + name + `, namespace: ` + ns + `}
spec:
  template:
    metadata:
      labels: {app: ` + name + podLabels + `}
      annotations: {` + podAnnotations + `}
    spec:
      containers: [{name: app, image: example/app, ports: [{containerPort: 8080}]}]
---
`
}

func namespace(name, labels string) string {
	return "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + name + ", labels: {" + labels + "}}\n---\n"
}

func TestInMesh(t *testing.T) {
	cases := []struct {
		name, yaml string
		meshed     bool
	}{
		{"an injection-enabled namespace meshes its pods", namespace("a", "istio-injection: enabled") + deployment("a", "w", "", ""), true},
		{"istio.io/rev meshes too", namespace("a", "istio.io/rev: canary") + deployment("a", "w", "", ""), true},
		{"istio-injection=disabled wins over istio.io/rev", namespace("a", "istio-injection: disabled, istio.io/rev: canary") + deployment("a", "w", "", ""), false},
		{"the pod label false beats the namespace", namespace("a", "istio-injection: enabled") + deployment("a", "w", `, sidecar.istio.io/inject: "false"`, ""), false},
		{"the pod label true beats a namespace without label", namespace("a", "") + deployment("a", "w", `, sidecar.istio.io/inject: "true"`, ""), true},
		{"the pod label beats the pod annotation", namespace("a", "") + deployment("a", "w", `, sidecar.istio.io/inject: "false"`, `sidecar.istio.io/inject: "true"`), false},
		{"the deprecated annotation decides without a label", namespace("a", "istio-injection: enabled") + deployment("a", "w", "", `sidecar.istio.io/inject: "false"`), false},
		{"a value other than true/false falls back to the namespace", namespace("a", "istio-injection: enabled") + deployment("a", "w", `, sidecar.istio.io/inject: "yes"`, ""), true},
		{"an undeclared namespace is taken as not injected", deployment("a", "w", "", ""), false},
		{"kube-system is never injected", namespace("kube-system", "istio-injection: enabled") + deployment("kube-system", "w", "", ""), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := build(t, c.yaml)
			if len(m.Workloads) != 1 {
				t.Fatalf("%d workloads", len(m.Workloads))
			}
			if w := m.Workloads[0]; w.Meshed != c.meshed {
				t.Errorf("meshed = %v (%s), want %v", w.Meshed, w.MeshedReason, c.meshed)
			}
		})
	}
}

func pa(ns, name, selector, mode, portLevel string) string {
	s := "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: " + name + ", namespace: " + ns + "}\nspec:\n"
	if selector != "" {
		s += "  selector: {matchLabels: {app: " + selector + "}}\n"
	}
	if mode != "" {
		s += "  mtls: {mode: " + mode + "}\n"
	}
	if portLevel != "" {
		s += "  portLevelMtls: {" + portLevel + "}\n"
	}
	return s + "---\n"
}

func TestPeerAuthComposition(t *testing.T) {
	base := namespace("a", "istio-injection: enabled") + deployment("a", "w", "", "")
	cases := []struct {
		name, yaml, want, policy string
	}{
		{"no policy: PERMISSIVE", base, "PERMISSIVE", ""},
		{"mesh-wide STRICT applies", base + pa("istio-system", "default", "", "STRICT", ""), "STRICT", "default"},
		{"namespace PERMISSIVE overrides mesh STRICT", base + pa("istio-system", "default", "", "STRICT", "") + pa("a", "ns", "", "PERMISSIVE", ""), "PERMISSIVE", "ns"},
		{"namespace UNSET inherits mesh", base + pa("istio-system", "default", "", "STRICT", "") + pa("a", "ns", "", "UNSET", ""), "STRICT", "default"},
		{"workload policy overrides namespace", base + pa("a", "ns", "", "STRICT", "") + pa("a", "wl", "w", "PERMISSIVE", ""), "PERMISSIVE", "wl"},
		{"portLevelMtls on the container port overrides", base + pa("a", "ns", "", "STRICT", "") + pa("a", "wl", "w", "", "8080: {mode: PERMISSIVE}"), "PERMISSIVE", "wl"},
		{"portLevelMtls UNSET inherits the workload level", base + pa("a", "wl", "w", "STRICT", "8080: {mode: UNSET}"), "STRICT", "wl"},
		{"portLevelMtls on another port does not apply", base + pa("a", "wl", "w", "STRICT", "80: {mode: PERMISSIVE}"), "STRICT", "wl"},
		{"a selector policy in the root namespace is ignored", base + pa("istio-system", "root-sel", "w", "STRICT", ""), "PERMISSIVE", ""},
		{"the second namespace-wide policy is ignored", base + pa("a", "first", "", "PERMISSIVE", "") + pa("a", "second", "", "STRICT", ""), "PERMISSIVE", "first"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := build(t, c.yaml)
			got := m.PeerAuthMode(m.Workloads[0], 8080)
			name := ""
			if got.Policy != nil {
				name = got.Policy.Ref.Name
			}
			if got.Mode != c.want || name != c.policy {
				t.Errorf("got %s from %q, want %s from %q", got.Mode, name, c.want, c.policy)
			}
		})
	}
}

func dr(ns, name, host, mode, extra string) string {
	s := "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: " + name + ", namespace: " + ns + "}\nspec:\n  host: \"" + host + "\"\n" + extra
	if mode != "" {
		s += "  trafficPolicy: {tls: {mode: " + mode + "}}\n"
	}
	return s + "---\n"
}

func TestDestinationRuleLookup(t *testing.T) {
	fqdn := "was.app.svc.cluster.local"
	cases := []struct {
		name, yaml, client, want string
	}{
		{"the host namespace's rule applies to other clients", dr("app", "h", "was", "ISTIO_MUTUAL", ""), "web", "h"},
		{"the client namespace's rule wins", dr("app", "h", "was", "ISTIO_MUTUAL", "") + dr("web", "c", fqdn, "DISABLE", ""), "web", "c"},
		{"the root namespace's rule is the last resort", dr("istio-system", "r", "*.local", "ISTIO_MUTUAL", ""), "web", "r"},
		{"the host namespace beats the root namespace", dr("istio-system", "r", "*.local", "ISTIO_MUTUAL", "") + dr("app", "h", "was", "", ""), "web", "h"},
		{"an exact host beats a wildcard in one namespace", dr("app", "w", "*.app.svc.cluster.local", "ISTIO_MUTUAL", "") + dr("app", "h", "was", "DISABLE", ""), "web", "h"},
		{"the longer wildcard wins", dr("app", "short", "*.local", "", "") + dr("app", "long", "*.app.svc.cluster.local", "", ""), "web", "long"},
		{"exportTo . hides a rule from other namespaces", dr("app", "h", "was", "ISTIO_MUTUAL", "  exportTo: [\".\"]\n"), "web", ""},
		{"exportTo . keeps it for its own namespace", dr("app", "h", "was", "ISTIO_MUTUAL", "  exportTo: [\".\"]\n"), "app", "h"},
		{"a dotted short host is not expanded and matches nothing", dr("app", "h", "was.app", "ISTIO_MUTUAL", ""), "web", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := build(t, c.yaml)
			got := m.DestRuleFor(c.client, "app", fqdn)
			name := ""
			if got != nil {
				name = got.Ref.Name
			}
			if name != c.want {
				t.Errorf("got %q, want %q", name, c.want)
			}
		})
	}
}

func TestPortLevelSettingsReplaceTopLevelTLSWhole(t *testing.T) {
	m := build(t, dr("app", "h", "was", "ISTIO_MUTUAL", "")+strings.Replace(dr("app", "p", "db", "ISTIO_MUTUAL", ""),
		"  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}\n",
		"  trafficPolicy:\n    tls: {mode: ISTIO_MUTUAL}\n    portLevelSettings:\n    - port: {number: 3306}\n      connectionPool: {tcp: {maxConnections: 10}}\n    - port: {number: 9000}\n      tls: {mode: DISABLE}\n", 1))
	p := m.DestRules[1]
	if got := p.TLSFor(3306); got != nil {
		t.Errorf("port 3306 has a port-level entry without tls: want no tls, got %s", got.Mode)
	}
	if got := p.TLSFor(9000); got == nil || got.Mode != "DISABLE" {
		t.Errorf("port 9000: want DISABLE, got %+v", got)
	}
	if got := p.TLSFor(80); got == nil || got.Mode != "ISTIO_MUTUAL" {
		t.Errorf("port 80: want the top level, got %+v", got)
	}
}
