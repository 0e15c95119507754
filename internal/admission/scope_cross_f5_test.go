package admission

import "testing"

const f5Base = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: nginx.org/ingress-controller}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx-ingress, namespace: nginx-ingress}
spec:
  selector: {matchLabels: {app: nginx-ingress}}
  template:
    metadata: {labels: {app: nginx-ingress}}
    spec:
      containers:
        - name: nginx-ingress
          image: nginx/nginx-ingress:5.5.4
          args: [-ingress-class=nginx]
`

const vsCrossUpstream = `apiVersion: k8s.nginx.org/v1
kind: VirtualServer
metadata: {name: cafe, namespace: edge}
spec:
  host: cafe.example.com
  upstreams: [{name: web, service: shop/web, port: 80}]
  routes: [{path: /, action: {pass: web}}]
`

const vsSelector = `apiVersion: k8s.nginx.org/v1
kind: VirtualServer
metadata: {name: cafe, namespace: edge}
spec:
  host: cafe.example.com
  routes: [{path: /, routeSelector: {matchLabels: {app: cafe}}}]
`

const vsrShop = `apiVersion: k8s.nginx.org/v1
kind: VirtualServerRoute
metadata: {name: cafe, namespace: shop, labels: {app: cafe}}
spec:
  host: cafe.example.com
  upstreams: [{name: web, service: web, port: 80}]
  subroutes: [{path: /, action: {pass: web}}]
`

func f5State(extra ...string) string {
	return docs(append([]string{nsDoc("shop", "{istio-injection: enabled}"), nsDoc("edge", ""), nsDoc("nginx-ingress", ""), nsDoc("istio-system", ""),
		f5Base, fillers(), app("shop", "web", "")}, extra...)...)
}

// An F5 VirtualServer's upstream names a Service of another namespace
// (service: ns/name).
func TestScopeF5UpstreamOtherNamespace(t *testing.T) {
	agreeAcross(t, crossCase{"STRICT created under a VirtualServer of edge whose upstream is shop/web", f5State(vsCrossUpstream), Create, "", strictPA("shop"), "ML101"})
	agreeAcross(t, crossCase{"VirtualServer of edge created, upstream shop/web, shop STRICT", f5State(strictPA("shop")), Create, "", vsCrossUpstream, "ML101"})
}

// An F5 VirtualServer takes the VirtualServerRoutes of its host that its
// routeSelector selects, in any namespace.
func TestScopeF5RouteSelectorOtherNamespace(t *testing.T) {
	agreeAcross(t, crossCase{"VirtualServerRoute in shop created, selected by edge's VirtualServer, shop STRICT", f5State(vsSelector, strictPA("shop")), Create, "", vsrShop, "ML101"})
	agreeAcross(t, crossCase{"VirtualServer in edge created selecting shop's VirtualServerRoute, shop STRICT", f5State(vsrShop, strictPA("shop")), Create, "", vsSelector, "ML101"})
	agreeAcross(t, crossCase{"STRICT created in shop, reached through edge's routeSelector", f5State(vsrShop, vsSelector), Create, "", strictPA("shop"), "ML101"})
}
