package admission

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

func configMap(ns, name, data string) string {
	return fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s, namespace: %s}\ndata: %s\n", name, ns, data)
}

// workload is a Deployment with labels and one container's env.
func workload(ns, name, labels, env string) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: %[2]s, namespace: %[1]s, labels: %[3]s}
spec:
  selector: {matchLabels: %[3]s}
  template:
    metadata: {labels: %[3]s}
    spec: {containers: [{name: discovery, image: example.com/%[2]s, env: %[4]s}]}
`, ns, name, labels, env)
}

// TestScopeOfRootNamespaceObjects: in the root namespace, what the mesh
// reads as mesh-wide (the Namespace, Istio's configuration, the mesh
// config) reaches every namespace, and any other object (Istio's addons
// live there) what it reaches elsewhere (scope_meshwide.go rootWide).
func TestScopeOfRootNamespaceObjects(t *testing.T) {
	e := engine(t, "")
	s := NewStore()
	for _, ns := range []string{"a", "b", "c"} {
		setAll(t, s, deployment(ns), "apiVersion: v1\nkind: Namespace\nmetadata: {name: "+ns+"}\n")
	}
	setAll(t, s, configMap("istio-system", "grafana-dashboards", "{mesh.json: '{}'}"),
		"apiVersion: v1\nkind: Service\nmetadata: {name: kiali, namespace: istio-system}\nspec: {selector: {app: kiali}, ports: [{port: 20001}]}\n",
		nginxProxy("istio-system", "api.a.svc.cluster.local"))
	objs := s.Objects([]string{"istio-system"})
	for _, ref := range []string{"ConfigMap/istio-system/grafana-dashboards", "Service/istio-system/kiali"} {
		sc := scopeOfChange(e, s, find(t, objs, ref))
		if sc.all || slices.Contains(sc.namespaces, "b") || !slices.Contains(sc.namespaces, "istio-system") {
			t.Errorf("%s: scope %v (all %v), want istio-system without b", ref, sc.namespaces, sc.all)
		}
	}
	if sc := scopeOfChange(e, s, find(t, objs, "ConfigMap/istio-system/nginx")); sc.all || !slices.Contains(sc.namespaces, "a") {
		t.Errorf("the root namespace's nginx proxying to a: scope %v (all %v), want a in it", sc.namespaces, sc.all)
	}
	for _, text := range []string{
		configMap("istio-system", "istio", "{mesh: 'trustDomain: example.org'}"),
		"apiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system, labels: {istio-injection: enabled}}\n",
		"apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: deny-all, namespace: istio-system}\nspec: {}\n",
	} {
		o := yamlObject(t, text)
		if sc := scopeOfChange(e, s, o); !sc.all {
			t.Errorf("%s: scope %v, want every namespace", o.Ref(), sc.namespaces)
		}
	}
}

// TestWhatTheModelReadsEverywhereReachesEverywhere: istiod, the
// istio-cni-config ConfigMap and the kgateway controller's Istio switch
// decide for every namespace wherever they are (mesh.ReadEverywhere): a
// change to one reaches every namespace, and every evaluation, of any
// scope, holds them, also once one is deleted by its reference alone.
func TestWhatTheModelReadsEverywhereReachesEverywhere(t *testing.T) {
	e := engine(t, "")
	s := NewStore()
	setAll(t, s, deployment("a"), deployment("b"))
	everywhere := []string{
		workload("istio-control", "istiod", "{app: istiod}", "[{name: PILOT_ENABLE_AMBIENT, value: 'true'}]"),
		configMap("kube-system", "istio-cni-config", "{AMBIENT_ENABLED: 'false'}"),
		workload("kgateway-system", "kgateway", "{app: kgateway}", "[{name: KGW_ENABLE_ISTIO_AUTO_MTLS, value: 'true'}]"),
	}
	setAll(t, s, everywhere...)
	for _, text := range everywhere {
		o := yamlObject(t, text)
		if sc := scopeOfChange(e, s, o); !sc.all {
			t.Errorf("%s: scope %v, want every namespace", o.Ref(), sc.namespaces)
		}
		if !slices.ContainsFunc(s.Objects([]string{"a"}), func(x *manifest.Object) bool { return sameKey(x, o) }) {
			t.Errorf("%s is not in the evaluation of namespace a", o.Ref())
		}
	}
	if sc := scopeOfChange(e, s, yamlObject(t, workload("kgateway-system", "other", "{app: other}", "[]"))); sc.all {
		t.Errorf("a workload beside the kgateway controller reaches every namespace")
	}
	for _, text := range everywhere {
		ref := yamlObject(t, text).Ref()
		s.Delete(ref)
		if slices.ContainsFunc(s.Objects(s.Namespaces()), func(x *manifest.Object) bool { return x.Ref() == ref }) {
			t.Errorf("%s is still stored after its deletion", ref)
		}
	}
}

// scopeOfChange is the scope of an UPDATE of o that leaves it as it is.
func scopeOfChange(e *Engine, s *Store, o *manifest.Object) scope {
	return e.scopeOf(s, &change{new: o, old: o, home: home(o)})
}

// TestTheCNIConfigOfAnotherNamespaceDecidesEveryVerdict: on GKE the
// istio-cni chart's istio-cni-config lives in kube-system. With ambient
// capture off there, STRICT in an ambient namespace behind the unmeshed
// ingress breaks nothing (the pods are not captured), and turning capture
// on then breaks it (ML101): the engine answers both as the exhaustive
// oracle does, the change in the ambient namespace (no false alarm from
// the chart's default enablement) and the ConfigMap's own (no missed 502).
func TestTheCNIConfigOfAnotherNamespaceDecidesEveryVerdict(t *testing.T) {
	state := load(t, "../../testdata/rules/ML101/ambient-strict.yaml")
	strict := find(t, state, "PeerAuthentication/blog-system/default")
	permissive := edited(t, strict, func(b map[string]any) { b["spec"] = map[string]any{"mtls": map[string]any{"mode": "PERMISSIVE"}} })
	cni := func(enabled string) *manifest.Object {
		return yamlObject(t, configMap("kube-system", "istio-cni-config", "{AMBIENT_ENABLED: '"+enabled+"', AMBIENT_ENABLEMENT_SELECTOR: '"+chartSelectors+"'}"))
	}
	s := storeOf(append(without(t, state, strict.Ref().String()), permissive, cni("false")))
	cases := []struct {
		name    string
		req     Request
		allowed bool
	}{
		{"STRICT with capture off", request(t, Update, permissive, strict), true},
		{"capture on under PERMISSIVE", request(t, Update, cni("false"), cni("true")), true},
	}
	for _, tc := range cases {
		for _, eng := range []*Engine{engine(t, ""), oracle(t)} {
			if v, err := eng.Validate(context.Background(), s, tc.req); err != nil || v.Allowed != tc.allowed {
				t.Errorf("%s (exhaustive %v): %+v, %v", tc.name, eng.exhaustive, v, err)
			}
		}
	}
	s.Set(strict) // STRICT with capture off: nothing broken yet
	for _, eng := range []*Engine{engine(t, ""), oracle(t)} {
		v, err := eng.Validate(context.Background(), s, request(t, Update, cni("false"), cni("true")))
		if err != nil || v.Allowed || !slices.Contains(v.Errors, "ML101") {
			t.Errorf("capture on under STRICT (exhaustive %v): %+v, %v", eng.exhaustive, v, err)
		}
	}
}

// chartSelectors is the istio-cni chart's AMBIENT_ENABLEMENT_SELECTOR
// (mesh/ambient_cni.go chartEnablement), as one line of YAML.
const chartSelectors = `[{podSelector: {matchLabels: {istio.io/dataplane-mode: ambient}}}, ` +
	`{podSelector: {matchExpressions: [{key: istio.io/dataplane-mode, operator: NotIn, values: [none]}]}, ` +
	`namespaceSelector: {matchLabels: {istio.io/dataplane-mode: ambient}}}]`

// TestAWaypointOfAnotherNamespaceIsInTheScope: was-service uses the
// waypoint of mesh-waypoints (istio.io/use-waypoint-namespace). A change
// of that waypoint reaches blog-system, and a change in blog-system is
// evaluated with the waypoint: the engine answers as the exhaustive
// oracle does (ML404, the waypoint admitting blog-system's routes but
// refused by its policy), both ways.
func TestAWaypointOfAnotherNamespaceIsInTheScope(t *testing.T) {
	state := load(t, "../../testdata/rules/ML404/other-namespace-all.yaml")
	gw := find(t, state, "Gateway/mesh-waypoints/waypoint")
	own := find(t, load(t, "../../testdata/rules/ML404/other-namespace-same.yaml"), "Gateway/mesh-waypoints/waypoint")
	policy := find(t, state, "AuthorizationPolicy/blog-system/was-allow-web")
	cases := []struct {
		name  string
		state []*manifest.Object
		req   Request
	}{
		{"the waypoint admits all namespaces", append(without(t, state, gw.Ref().String()), own), request(t, Update, own, gw)},
		{"the policy is created", without(t, state, policy.Ref().String()), request(t, Create, nil, policy)},
	}
	for _, tc := range cases {
		for _, eng := range []*Engine{engine(t, ""), oracle(t)} {
			v, err := eng.Validate(context.Background(), storeOf(tc.state), tc.req)
			if err != nil || v.Allowed || !slices.Contains(v.Errors, "ML404") {
				t.Errorf("%s (exhaustive %v): %+v, %v", tc.name, eng.exhaustive, v, err)
			}
		}
	}
}
