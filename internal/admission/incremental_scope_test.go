package admission

import (
	"context"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Changes on which the differential test (incremental_test.go) found the
// engine's scope narrower than what the change reaches: each is answered
// by the engine and by the exhaustive oracle, which must agree, and the
// oracle's answer must hold the finding the case is about (so the case
// stays a live one).

// agree builds a Store of state and compares both engines' verdicts on req.
func agree(t *testing.T, state []*manifest.Object, req Request, want string) {
	t.Helper()
	compareWithOracle(t, engine(t, ""), storeOf(state), req, want)
}

// compareWithOracle compares e's verdict on req with the oracle's, which
// must hold want.
func compareWithOracle(t *testing.T, e *Engine, s *Store, req Request, want string) {
	t.Helper()
	vi, erri := e.Validate(context.Background(), s, req)
	vf, errf := oracle(t).Validate(context.Background(), s, req)
	a, b := verdictText(vi, erri), verdictText(vf, errf)
	if !strings.Contains(b, want) {
		t.Fatalf("the full re-evaluation lacks %q, the case is not live:\n%s", want, b)
	}
	if a != b {
		t.Errorf("incremental:\n%s\nfull re-evaluation:\n%s", a, b)
	}
}

// withTenant is the field report's final stack and a copy of its
// blog-system namespace in namespace ns, meshed, pointing nowhere else.
func withTenant(t *testing.T, ns string) []*manifest.Object {
	final := load(t, finalStack)
	out := final
	for _, o := range final {
		if o.Namespace == "blog-system" || o.Kind == "Namespace" && o.Name == "blog-system" {
			out = append(out, moved(t, o, ns))
		}
	}
	return out
}

// A namespace leaving the mesh leaves its Services' ISTIO_MUTUAL
// DestinationRules applied by the clients of every other meshed namespace
// ("clients in *", internal/mesh/destinations.go Applications): ML103.
// The scope holds no other meshed namespace, so the model sees no client.
func TestScopeHoldsTheMeshedClientsOfOtherNamespaces(t *testing.T) {
	state := withTenant(t, "tenant")
	ns := find(t, state, blogNS)
	req := request(t, Update, ns, edited(t, ns, func(b map[string]any) {
		delete(b["metadata"].(map[string]any)["labels"].(map[string]any), "istio-injection")
	}))
	agree(t, state, req, "ML103 error DestinationRule/blog-system/web-service")
}

// A DestinationRule of another namespace whose host is a wildcard covering
// blog-system's Services applies to that namespace's clients (Istio:
// pilot/pkg/model/destination_rule.go, a rule's host may be a wildcard):
// a workload of blog-system leaving the mesh breaks its ISTIO_MUTUAL
// (ML103 on that rule). The Store indexes wildcard hosts (Declaring), but
// a change in blog-system looks up only the hosts the changed object names
// (web names none; was's JDBC URL would bring the rule in), and
// refsOf reads *.blog-system.svc.cluster.local as pointing into a
// namespace "svc". The exact host is the control: its namespace is a
// Referrer of blog-system.
func TestScopeHoldsWildcardDestinationRulesOfOtherNamespaces(t *testing.T) {
	for _, host := range []string{"web-service.blog-system.svc.cluster.local", "*.blog-system.svc.cluster.local", "*.svc.cluster.local"} {
		t.Run(host, func(t *testing.T) {
			state := append(load(t, finalStack), tenantClient(t, host, "enabled")...)
			web := find(t, state, "Deployment/blog-system/web")
			req := request(t, Update, web, edited(t, web, setLabel("spec", "template", "metadata", "labels")("sidecar.istio.io/inject", "false")))
			agree(t, state, req, "ML103 error DestinationRule/tenant/mtls")
		})
	}
}

// The other way round: the namespace of such a rule joining the mesh makes
// its clients apply the rule to the Services of every namespace it covers:
// ISTIO_MUTUAL towards blog-system's mysql, which has no sidecar (ML103).
// Only a change of the rule itself widens the scope (spansNamespaces).
func TestScopeHoldsWhatTheWildcardRulesOfTheChangedNamespaceCover(t *testing.T) {
	for _, host := range []string{"*.blog-system.svc.cluster.local", "*.svc.cluster.local"} {
		t.Run(host, func(t *testing.T) {
			state := append(load(t, finalStack), tenantClient(t, host, "disabled")...)
			ns := find(t, state, "Namespace/tenant")
			req := request(t, Update, ns, edited(t, ns, label("istio-injection", "enabled")))
			agree(t, state, req, "ML103 error DestinationRule/tenant/mtls")
		})
	}
}

// tenantClient is a namespace (injection enabled or disabled) with one
// workload and a DestinationRule for host forcing ISTIO_MUTUAL.
func tenantClient(t *testing.T, host, injection string) []*manifest.Object {
	res := manifest.LoadBytes("tenant.yaml", []byte(`apiVersion: v1
kind: Namespace
metadata: {name: tenant, labels: {istio-injection: `+injection+`}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: tenant}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec: {containers: [{name: curl, image: curlimages/curl:8.8.0}]}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: mtls, namespace: tenant}
spec:
  host: "`+host+`"
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
`), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors[0])
	}
	return res.Objects
}

// A workload that leaves the mesh calls, through its namespace's nginx
// config, a Service of namespace api whose AuthorizationPolicy admits
// only identities: ML401 on that policy. The scope holds the namespaces
// the changed object points into, not those its namespace's other
// objects (the nginx ConfigMap) point into, so api is not evaluated.
func TestScopeHoldsTheNamespacesTheChangedWorkloadCalls(t *testing.T) {
	final := load(t, finalStack)
	was := []string{"Deployment/blog-system/was", "Service/blog-system/was-service", "DestinationRule/blog-system/was-service",
		"VirtualService/blog-system/was-service"}
	state := without(t, final, append(was, "DestinationRule/blog-system/web-service", "AuthorizationPolicy/blog-system/was-allow-web")...)
	state = replaced(t, state, nginxConfig, func(b map[string]any) {
		data := b["data"].(map[string]any)
		conf := strings.ReplaceAll(data["default.conf"].(string), "was-service.blog-system", "was-service.api")
		data["default.conf"] = strings.ReplaceAll(conf, "Host was-service;", "Host was-service.api.svc.cluster.local;")
	})
	for _, ref := range append(was, "Namespace/blog-system", "PeerAuthentication/blog-system/default") {
		state = append(state, moved(t, find(t, final, ref), "api"))
	}
	ap := moved(t, find(t, final, "AuthorizationPolicy/blog-system/was-allow-web"), "api")
	state = append(state, edited(t, ap, func(b map[string]any) {
		b["spec"].(map[string]any)["rules"] = []any{map[string]any{"from": []any{map[string]any{"source": map[string]any{
			"principals": []any{"cluster.local/ns/blog-system/sa/default"}}}}}}
	}))
	web := find(t, state, "Deployment/blog-system/web")
	req := request(t, Update, web, edited(t, web, setLabel("spec", "template", "metadata", "labels")("sidecar.istio.io/inject", "false")))
	agree(t, state, req, "ML401 error AuthorizationPolicy/api/was-allow-web")
}

// agreeWarm is agree on an engine that has evaluated the state first, as
// the webhook does once ready (Warm): its stand-ins for the meshed
// clients are the namespaces that evaluation found meshed.
func agreeWarm(t *testing.T, state []*manifest.Object, req Request, want string) {
	t.Helper()
	s := storeOf(state)
	e, err := New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Warm(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	compareWithOracle(t, e, s, req, want)
}

// The other meshed clients are a namespace without injection label whose
// pods ask for a sidecar themselves (Istio's object selector webhook):
// no label says so, the warmed engine's model does.
func TestScopeFindsClientsMeshedByTheirPods(t *testing.T) {
	state := withTenant(t, "tenant")
	for i, o := range state {
		switch {
		case o.Namespace == "tenant" && (o.Kind == "Deployment" || o.Kind == "StatefulSet"):
			state[i] = edited(t, o, setLabel("spec", "template", "metadata", "labels")("sidecar.istio.io/inject", "true"))
		case o.Kind == "Namespace" && o.Name == "tenant":
			state[i] = edited(t, o, func(b map[string]any) {
				delete(b["metadata"].(map[string]any)["labels"].(map[string]any), "istio-injection")
			})
		}
	}
	agreeWarm(t, state, leaveTheMesh(t, state), "ML103 error DestinationRule/blog-system/web-service")
}

// Namespaces that ask for injection but whose only workload opts out
// stand for no client: the engine sees it in the model of the scope and
// evaluates every namespace, warmed or not.
func TestScopeWithStandInsThatAreNotMeshed(t *testing.T) {
	state := withTenant(t, "tenant")
	for _, ns := range []string{"a1", "a2"} {
		for _, o := range tenantClient(t, "none.example.com", "enabled") {
			if o.Kind == "DestinationRule" {
				continue
			}
			o = renamedNamespace(t, o, "tenant", ns)
			if o.Kind == "Deployment" {
				o = edited(t, o, setLabel("spec", "template", "metadata", "labels")("sidecar.istio.io/inject", "false"))
			}
			state = append(state, o)
		}
	}
	agree(t, state, leaveTheMesh(t, state), "ML103 error DestinationRule/blog-system/web-service")
	agreeWarm(t, state, leaveTheMesh(t, state), "ML103 error DestinationRule/blog-system/web-service")
}

// leaveTheMesh takes blog-system's injection label off.
func leaveTheMesh(t *testing.T, state []*manifest.Object) Request {
	ns := find(t, state, blogNS)
	return request(t, Update, ns, edited(t, ns, func(b map[string]any) {
		delete(b["metadata"].(map[string]any)["labels"].(map[string]any), "istio-injection")
	}))
}

// renamedNamespace is o with every mention of namespace from made to.
func renamedNamespace(t testing.TB, o *manifest.Object, from, to string) *manifest.Object {
	t.Helper()
	return ObjectFromMap(informerJSON(t, []byte(strings.ReplaceAll(string(jsonOf(t, o)), from, to))))
}
