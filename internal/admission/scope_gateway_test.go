package admission

import (
	"slices"
	"testing"
)

// Gateway API objects scope a change as Ingresses and their controllers
// do: a Gateway's namespace and its data plane's are in every scope (their
// hops reach every route attached), a route reaches the namespaces of its
// parentRefs and backendRefs, and those namespaces reach it back.
func TestScopeOfGatewayAPI(t *testing.T) {
	e := engine(t, "")
	s := storeOf(load(t, finalStack))
	setAll(t, s, gatewayEdge, routeIntoBlog, envoyDataPlane)
	always := []string{"edge", "envoy-gateway-system", "istio-system"}
	cases := []struct {
		sentence string
		obj      string
		want     []string
		absent   []string
		all      bool
	}{
		{"a PeerAuthentication in blog-system reaches the route into it and the gateway it hangs on",
			"apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: blog-system}\n",
			[]string{"blog-system", "routes"}, []string{"shop"}, false},
		{"a route reaches the namespaces of its parentRefs and backendRefs",
			"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: apps}\n" +
				"spec:\n  parentRefs: [{name: edge, namespace: edge}]\n  rules:\n  - backendRefs: [{name: cart, namespace: shop, port: 80}]\n",
			[]string{"apps", "shop"}, []string{"routes"}, false},
		{"a ReferenceGrant reaches the namespaces it lets in",
			"apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: blog-system}\n" +
				"spec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: partners}]\n  to: [{group: \"\", kind: Service}]\n",
			[]string{"blog-system", "partners", "routes"}, []string{"shop"}, false},
		{"a GatewayClass reaches every namespace",
			"apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: eg}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}\n",
			nil, nil, true},
		{"a gateway's data plane reaches every namespace", envoyDataPlane, nil, nil, true},
	}
	for _, tc := range cases {
		o := yamlObject(t, tc.obj)
		sc := e.scopeOf(s, &change{new: o, home: home(o)})
		if sc.all != tc.all {
			t.Errorf("%s: all = %v", tc.sentence, sc.all)
		}
		for _, ns := range append(slices.Clone(always), tc.want...) {
			if !slices.Contains(sc.namespaces, ns) {
				t.Errorf("%s: scope %v lacks %s", tc.sentence, sc.namespaces, ns)
			}
		}
		for _, ns := range tc.absent {
			if slices.Contains(sc.namespaces, ns) {
				t.Errorf("%s: scope %v holds %s", tc.sentence, sc.namespaces, ns)
			}
		}
	}
}

const gatewayEdge = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: edge}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
`

const routeIntoBlog = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: blog, namespace: routes}
spec:
  parentRefs: [{name: edge, namespace: edge}]
  rules:
  - backendRefs: [{name: web-service, namespace: blog-system, port: 80}]
`

// envoyDataPlane is the Deployment Envoy Gateway creates for a Gateway
// (internal/infrastructure/kubernetes/proxy/resource_provider.go).
const envoyDataPlane = `apiVersion: apps/v1
kind: Deployment
metadata: {name: envoy-edge-edge-3b1c, namespace: envoy-gateway-system}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: envoy}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: envoy, gateway.envoyproxy.io/owning-gateway-name: edge, gateway.envoyproxy.io/owning-gateway-namespace: edge}
    spec:
      containers: [{name: envoy, image: docker.io/envoyproxy/envoy:distroless-v1.36.0}]
`
