package admission

import (
	"strings"
	"testing"
)

const egClass = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
`

func gw(from string) string {
	return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: gw}
spec:
  gatewayClassName: eg
  listeners:
    - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: ` + from + `}}}
`
}

const routeToShop = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: routes}
spec:
  parentRefs: [{name: public, namespace: gw}]
  rules: [{backendRefs: [{name: web, namespace: shop, port: 80}]}]
`

const grantShop = `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: from-routes, namespace: shop}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: routes}]
  to: [{group: "", kind: Service}]
`

func gwState(extra ...string) string {
	return docs(append([]string{nsDoc("shop", "{istio-injection: enabled}"), nsDoc("gw", ""), nsDoc("routes", ""), nsDoc("envoy-gateway-system", ""),
		nsDoc("istio-system", ""), egClass, fillers(), app("shop", "web", ""), strictPA("shop")}, extra...)...)
}

// A Gateway's change reaches the namespaces of its routes and of their
// backends.
func TestScopeGatewayChangeReachesBackendNamespace(t *testing.T) {
	agreeAcross(t, crossCase{"Gateway gw/public admits All: routes/web attaches, its backend shop/web is STRICT",
		gwState(gw("Same"), routeToShop, grantShop), Update, gw("Same"), gw("All"), "ML101"})
}

// EnvoyProxy named by the GatewayClass's parametersRef, in a namespace of its own.
func envoyProxy(labels string) string {
	return `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: proxy, namespace: eg-config}
spec:
  provider:
    type: Kubernetes
    kubernetes: {envoyDeployment: {pod: {labels: ` + labels + `}}}
`
}

const egClassParams = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: proxy, namespace: eg-config}
`

const routeInShop = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: gw}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`

func egpState(extra ...string) string {
	return docs(append([]string{nsDoc("shop", "{istio-injection: enabled}"), nsDoc("gw", ""), nsDoc("eg-config", ""), nsDoc("envoy-gateway-system", ""),
		nsDoc("istio-system", ""), egClassParams, fillers(), app("shop", "web", ""), strictPA("shop"), gw("All")}, extra...)...)
}

// A GatewayClass's EnvoyProxy, in a namespace of its own, decides the
// proxies of every Gateway of the class.
func TestScopeEnvoyProxyOfTheGatewayClass(t *testing.T) {
	agreeAcross(t, crossCase{"EnvoyProxy eg-config/proxy gives the gateway pods the injection label",
		egpState(envoyProxy(`{a: b}`), routeInShop), Update, envoyProxy(`{a: b}`), envoyProxy(`{sidecar.istio.io/inject: "true"}`), "ML603"})
	agreeAcross(t, crossCase{"HTTPRoute created in STRICT shop behind a gateway whose EnvoyProxy injects a sidecar",
		egpState(envoyProxy(`{sidecar.istio.io/inject: "true"}`)), Create, "", routeInShop, "ML603"})
}

const ingressNginx = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {app: ingress-nginx}}
  template:
    metadata: {labels: {app: ingress-nginx}}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.2
          args: [/nginx-ingress-controller, --ingress-class=nginx]
`

const shopIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/service-upstream: "true"
    nginx.ingress.kubernetes.io/upstream-vhost: web.shop.svc.cluster.local
spec:
  ingressClassName: nginx
  rules: [{host: shop.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`

const ingressSidecar = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: ingress-nginx}
spec:
  egress: [{hosts: ["./*", "istio-system/*"]}]
`

// A Sidecar of the ingress controller's namespace decides every hop of
// the controller, into every Ingress's namespace.
func TestScopeSidecarOfTheIngressControllerNamespace(t *testing.T) {
	st := docs(nsDoc("shop", "{istio-injection: enabled}"), nsDoc("ingress-nginx", "{istio-injection: enabled}"), nsDoc("istio-system", ""),
		ingressNginx, fillers(), app("shop", "web", ""), shopIngress)
	agreeAcross(t, crossCase{"Sidecar created in ingress-nginx without shop in its egress hosts", st, Create, "", ingressSidecar, "ML205"})
}

// The root's default Sidecar, which the ingress controller takes where
// its namespace has none of its own.
func TestScopeRootSidecarThroughTheIngressController(t *testing.T) {
	shopSidecar := `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec:
  egress: [{hosts: ["*/*"]}]
`
	rootSidecar := `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: istio-system}
spec:
  egress: [{hosts: ["./*", "istio-system/*"]}]
`
	st := docs(nsDoc("shop", "{istio-injection: enabled}"), nsDoc("ingress-nginx", "{istio-injection: enabled}"), nsDoc("istio-system", ""),
		ingressNginx, fillers(), app("shop", "web", ""), shopIngress, shopSidecar,
		nsDoc("ba", "{istio-injection: enabled}"), app("ba", "x", ""), strings.Replace(shopSidecar, "shop", "ba", 1),
		nsDoc("bb", "{istio-injection: enabled}"), app("bb", "x", ""), strings.Replace(shopSidecar, "shop", "bb", 1))
	agreeAcross(t, crossCase{"root default Sidecar created; shop has its own, the ingress controller takes the root's", st, Create, "", rootSidecar, "ML205"})
}

// Envoy Gateway runs the proxies in the namespace of its
// envoy-gateway-config, whose labels decide their sidecar.
func TestScopeEnvoyGatewayConfigNamespace(t *testing.T) {
	egCfg := configMap("eg", "envoy-gateway-config", "{envoy-gateway.yaml: 'provider: {type: Kubernetes}'}")
	base := []string{nsDoc("shop", "{istio-injection: enabled}"), nsDoc("gw", ""), nsDoc("istio-system", ""), egClass, fillers(),
		app("shop", "web", ""), strictPA("shop"), gw("All"), egCfg}
	agreeAcross(t, crossCase{"HTTPRoute created in STRICT shop; the gateway pods run in eg (envoy-gateway-config), unlabelled",
		docs(append(base, nsDoc("eg", ""))...), Create, "", routeInShop, "ML101"})
	agreeAcross(t, crossCase{"Namespace eg (where envoy-gateway-config puts the gateway pods) turns injection on",
		docs(append(base, nsDoc("eg", "{}"), routeInShop)...), Update, nsDoc("eg", "{}"), nsDoc("eg", "{istio-injection: enabled}"), "ML603"})
}

// The ingress controller's sidecar resolves the short Host an Ingress
// sends (upstream-vhost) in the controller's namespace: a Service created
// there under that name takes the Ingress's requests.
func TestScopeServiceOfTheIngressControllerNamespace(t *testing.T) {
	shortHost := strings.Replace(shopIngress, "web.shop.svc.cluster.local", "web", 1)
	st := docs(nsDoc("shop", "{istio-injection: enabled}"), nsDoc("ingress-nginx", "{istio-injection: enabled}"), nsDoc("istio-system", ""),
		ingressNginx, fillers(), app("shop", "web", ""), shortHost)
	svc := yamlText(app("ingress-nginx", "web", ""), 1)
	agreeAcross(t, crossCase{"Service web created in ingress-nginx, the short Host of shop's Ingress", st, Create, "", svc, "ML202"})
}
