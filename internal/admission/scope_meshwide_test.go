package admission

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

func peerAuth(ns, name, spec string) string {
	return fmt.Sprintf("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: %s, namespace: %s}\nspec: %s\n", name, ns, spec)
}

func deployment(ns string) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: %s}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: example.com/api, ports: [{containerPort: 8080}]}]}
`, ns)
}

// TestScopeOfTheMeshWidePeerAuthentication: a change of the root
// namespace's PeerAuthentication reaches the namespaces whose workloads
// can take their mode from it, and those calling into them, not the
// namespaces that set their own mode (scope_meshwide.go). Each namespace
// holds a workload; the model of the whole state confirms that no
// workload outside the readers gets its mode from the mesh-wide policy.
func TestScopeOfTheMeshWidePeerAuthentication(t *testing.T) {
	e := engine(t, "")
	s := NewStore()
	for _, text := range []string{
		peerAuth("istio-system", "default", "{mtls: {mode: PERMISSIVE}}"),
		peerAuth("sealed", "default", "{mtls: {mode: STRICT}}"),
		peerAuth("sealed-caller", "default", "{mtls: {mode: PERMISSIVE}}"),
		nginxProxy("sealed-caller", "api.sealed.svc.cluster.local"),
		peerAuth("unset", "default", "{mtls: {}}"),
		peerAuth("unset-named", "default", "{mtls: {mode: UNSET}}"),
		// Istio takes the oldest of two namespace-wide policies: here the
		// one without a mode.
		peerAuth("two", "a", "{mtls: {mode: STRICT}}"), peerAuth("two", "b", "{}"),
		// Refused by the API server (portLevelMtls needs a selector): the
		// model never reads it, so the namespace reads the mesh level.
		peerAuth("refused", "default", "{mtls: {mode: STRICT}, portLevelMtls: {\"8080\": {mode: DISABLE}}}"),
		peerAuth("workload-only", "other", "{selector: {matchLabels: {app: other}}, mtls: {mode: STRICT}}"),
		nginxProxy("open-caller", "api.open.svc.cluster.local"), peerAuth("open-caller", "default", "{mtls: {mode: STRICT}}"),
	} {
		o := yamlObject(t, text)
		if o.Namespace == "two" {
			o.Body["metadata"].(map[string]any)["creationTimestamp"] = map[string]string{"a": "2026-02-01T00:00:00Z", "b": "2026-01-01T00:00:00Z"}[o.Name]
		}
		s.Set(o)
	}
	readers := []string{"open", "unset", "unset-named", "two", "refused", "workload-only"}
	for _, ns := range append(slices.Clone(readers), "sealed", "sealed-caller", "open-caller") {
		s.Set(yamlObject(t, deployment(ns)))
	}
	in := append(slices.Clone(readers), "istio-system", "open-caller")
	wantScope(t, e, s, in, []string{"sealed", "sealed-caller"})
	noMeshModeOutside(t, s, append(readers, "istio-system"))

	checkReaders(t, s)
	s.Set(yamlObject(t, peerAuth("unset", "default", "{mtls: {mode: DISABLE}}")))
	s.Delete(yamlObject(t, peerAuth("sealed", "default", "{}")).Ref())
	wantScope(t, e, s, []string{"sealed", "sealed-caller"}, []string{"unset"})
	checkReaders(t, s)
	for _, o := range s.Objects([]string{"open"}) { // a namespace emptied is no reader
		if o.Namespace == "open" {
			s.Delete(o.Ref())
		}
	}
	checkReaders(t, s)
	if slices.Contains(s.MeshModeReaders(), "open") {
		t.Errorf("the emptied namespace open is still a reader")
	}
}

func wantScope(t *testing.T, e *Engine, s *Store, in, out []string) {
	t.Helper()
	pa := yamlObject(t, peerAuth("istio-system", "default", "{mtls: {mode: STRICT}}"))
	sc := e.scopeOf(s, &change{new: pa, old: pa, home: "istio-system"})
	if sc.all {
		t.Fatalf("scope is every namespace")
	}
	for _, ns := range in {
		if !slices.Contains(sc.namespaces, ns) {
			t.Errorf("scope %v lacks %s", sc.namespaces, ns)
		}
	}
	for _, ns := range out {
		if slices.Contains(sc.namespaces, ns) {
			t.Errorf("scope %v holds %s", sc.namespaces, ns)
		}
	}
}

// noMeshModeOutside builds the model of the whole state: a workload
// whose mode the mesh-wide policy decides is in one of the readers.
func noMeshModeOutside(t *testing.T, s *Store, readers []string) {
	t.Helper()
	m := mesh.Build(s.Objects(s.Namespaces()), mesh.DefaultSettings())
	decided := map[string]bool{}
	for _, w := range m.Workloads {
		if sm := m.PeerAuthMode(w, 8080); sm.Policy != nil && sm.Policy.Scope == "mesh" {
			decided[w.Namespace] = true
			if !slices.Contains(readers, w.Namespace) {
				t.Errorf("%s takes its mode from the mesh-wide policy, but %s is not among the readers %v", w.Ref, w.Namespace, readers)
			}
		}
	}
	for _, ns := range readers {
		if !decided[ns] && ns != "istio-system" {
			t.Errorf("the mesh-wide policy decides no workload's mode in %s (the test's namespaces should each show why they read it)", ns)
		}
	}
}

func sidecarRes(ns, name, spec string) string {
	return fmt.Sprintf("apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: %s, namespace: %s}\nspec: %s\n", name, ns, spec)
}

// TestScopeOfTheRootSidecar: a change of the root namespace's Sidecar
// reaches the namespaces without a default Sidecar of their own (one
// that selects some workloads leaves the others to the root's), and
// what they point into; the model of the whole state confirms that no
// workload outside them takes the root's.
func TestScopeOfTheRootSidecar(t *testing.T) {
	e := engine(t, "")
	s := NewStore()
	setAll(t, s,
		sidecarRes("istio-system", "default", "{egress: [{hosts: [\"./*\", \"istio-system/*\"]}]}"),
		sidecarRes("own", "default", "{egress: [{hosts: [\"*/*\"]}]}"),
		sidecarRes("elsewhere", "default", "{egress: [{hosts: [\"./*\"]}]}"),
		sidecarRes("selecting", "api", "{workloadSelector: {labels: {app: other}}, egress: [{hosts: [\"*/*\"]}]}"),
		nginxProxy("none", "api.target.svc.cluster.local"),
		nginxProxy("own", "api.elsewhere.svc.cluster.local"),
	)
	for _, ns := range []string{"own", "selecting", "none", "target", "elsewhere"} {
		s.Set(yamlObject(t, deployment(ns)))
	}
	sc := yamlObject(t, sidecarRes("istio-system", "default", "{egress: [{hosts: [\"*/*\"]}]}"))
	got := e.scopeOf(s, &change{new: sc, old: sc, home: "istio-system"})
	if got.all {
		t.Fatal("scope is every namespace")
	}
	for _, ns := range []string{"selecting", "none", "target", "istio-system"} {
		if !slices.Contains(got.namespaces, ns) {
			t.Errorf("scope %v lacks %s", got.namespaces, ns)
		}
	}
	for _, ns := range []string{"own", "elsewhere"} {
		if slices.Contains(got.namespaces, ns) {
			t.Errorf("scope %v holds %s", got.namespaces, ns)
		}
	}
	m := mesh.Build(s.Objects(s.Namespaces()), mesh.DefaultSettings())
	for _, w := range m.Workloads {
		if r := m.SidecarFor(w); r != nil && r.Namespace == "istio-system" && !slices.Contains(got.namespaces, w.Namespace) {
			t.Errorf("%s takes the root's Sidecar, but %s is not in the scope", w.Ref, w.Namespace)
		}
	}
}

// TestScopeOfARootPolicyWithASelector: a root-namespace
// AuthorizationPolicy with selector labels reaches the namespaces holding
// a workload it selects (by the pod labels the model reads) and those
// calling into them; one without selector labels reaches every namespace.
func TestScopeOfARootPolicyWithASelector(t *testing.T) {
	e := engine(t, "")
	s := NewStore()
	for _, ns := range []string{"front", "back", "other"} {
		s.Set(yamlObject(t, deployment(ns)))
	}
	gw := yamlObject(t, strings.ReplaceAll(deployment("edge"), "app: api", "app: gw"))
	s.Set(gw)
	s.Set(yamlObject(t, nginxProxy("caller", "gw.edge.svc.cluster.local")))
	ap := func(spec string) *manifest.Object {
		return yamlObject(t, "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: p, namespace: istio-system}\nspec: "+spec+"\n")
	}
	scoped := ap("{selector: {matchLabels: {app: gw}}, action: DENY, rules: [{from: [{source: {notNamespaces: [edge]}}]}]}")
	got := e.scopeOf(s, &change{new: scoped, home: "istio-system"})
	if got.all || !slices.Contains(got.namespaces, "edge") || !slices.Contains(got.namespaces, "caller") ||
		slices.Contains(got.namespaces, "front") || slices.Contains(got.namespaces, "other") {
		t.Errorf("selector app=gw: scope %v (all: %v)", got.namespaces, got.all)
	}
	m := mesh.Build(s.Objects(s.Namespaces()), mesh.DefaultSettings())
	for _, w := range m.Workloads {
		if mesh.Selects(map[string]string{"app": "gw"}, w.Labels) && !slices.Contains(got.namespaces, w.Namespace) {
			t.Errorf("%s is selected, but %s is not in the scope", w.Ref, w.Namespace)
		}
	}
	for _, spec := range []string{"{action: DENY, rules: [{}]}", "{selector: {matchLabels: {}}}",
		"{targetRefs: [{kind: GatewayClass, group: gateway.networking.k8s.io, name: istio-waypoint}]}"} {
		if got := e.scopeOf(s, &change{new: ap(spec), home: "istio-system"}); !got.all {
			t.Errorf("%s: scope %v, want every namespace", spec, got.namespaces)
		}
	}
}
