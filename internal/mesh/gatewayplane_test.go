package mesh

import (
	"strings"
	"testing"
)

// planeOf builds a Gateway edge in shop of class cls with extra objects
// and settings, and returns its data plane.
func planeOf(t *testing.T, gwSpec, extra string, s Settings) *GatewayPlane {
	t.Helper()
	doc := gwWeb + `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
` + gwSpec + `
  listeners: [{name: http, protocol: HTTP, port: 80}]
` + extra
	m := buildWith(t, doc, s)
	if len(m.Gateways) != 1 {
		t.Fatalf("%d gateways", len(m.Gateways))
	}
	return m.gatewayPlane(m.Gateways[0])
}

func class(name, controller string) string {
	return "---\napiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: " + name + "}\nspec: {controllerName: " + controller + "}\n"
}

const (
	egClass = "gateway.envoyproxy.io/gatewayclass-controller"
	egNS    = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: envoy-gateway-system}\n"
)

func TestGatewayDataPlane(t *testing.T) {
	yes := true
	cases := []struct {
		sentence, spec, extra string
		settings              func(*Settings)
		program, ns           string
		meshed, known, podIPs bool
	}{
		{"Istio's class is a proxy of the mesh in the Gateway's namespace", "  gatewayClassName: istio", "", nil, "istio", "shop", true, true, false},
		{"Envoy Gateway's proxies run in its namespace, here without injection", "  gatewayClassName: eg", class("eg", egClass) + egNS, nil, "envoy-gateway", "envoy-gateway-system", false, true, true},
		{"Envoy Gateway's namespace absent from the inputs: unknown", "  gatewayClassName: eg", class("eg", egClass), nil, "envoy-gateway", "envoy-gateway-system", false, false, true},
		{"Envoy Gateway's infrastructure labels reach the pods", "  gatewayClassName: eg\n  infrastructure: {labels: {sidecar.istio.io/inject: \"true\"}}", class("eg", egClass) + egNS, nil, "envoy-gateway", "envoy-gateway-system", true, true, true},
		{"an EnvoyProxy's pod labels reach the pods",
			"  gatewayClassName: eg\n  infrastructure: {parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: p}}",
			class("eg", egClass) + egNS + "---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: EnvoyProxy\nmetadata: {name: p, namespace: shop}\nspec: {provider: {type: Kubernetes, kubernetes: {envoyDeployment: {pod: {labels: {sidecar.istio.io/inject: \"true\"}}}}}}\n",
			nil, "envoy-gateway", "envoy-gateway-system", true, true, true},
		{"Envoy Gateway's pods in the inputs decide", "  gatewayClassName: eg", class("eg", egClass) + egNS +
			"---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: envoy-shop-edge-1234, namespace: envoy-gateway-system}\nspec:\n  template:\n    metadata: {labels: {gateway.envoyproxy.io/owning-gateway-name: edge, gateway.envoyproxy.io/owning-gateway-namespace: shop}}\n    spec: {containers: [{name: envoy, image: envoy}, {name: istio-proxy, image: proxyv2}]}\n",
			nil, "envoy-gateway", "envoy-gateway-system", true, true, true},
		{"NGINX Gateway Fabric's pods run in the Gateway's injected namespace", "  gatewayClassName: nginx", class("nginx", "gateway.nginx.org/nginx-gateway-controller"), nil, "nginx-gateway-fabric", "shop", true, true, true},
		{"kgateway's pods run in the Gateway's namespace", "  gatewayClassName: kgateway", class("kgateway", "kgateway.dev/kgateway"), nil, "kgateway", "shop", true, true, true},
		{"kgateway with Istio auto mTLS originates mTLS itself", "  gatewayClassName: kgateway", class("kgateway", "kgateway.dev/kgateway") +
			"---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: kgateway, namespace: kgateway-system}\nspec:\n  template:\n    spec: {containers: [{name: kgateway, image: kgateway, env: [{name: KGW_ENABLE_ISTIO_AUTO_MTLS, value: \"true\"}]}]}\n",
			nil, "kgateway", "shop", true, true, true},
		{"Envoy Gateway's proxies in an ambient namespace are ztunnel's, not a sidecar's", "  gatewayClassName: eg", class("eg", egClass) +
			"---\napiVersion: v1\nkind: Namespace\nmetadata: {name: envoy-gateway-system, labels: {istio.io/dataplane-mode: ambient}}\n",
			nil, "envoy-gateway", "envoy-gateway-system", false, true, true},
		{"Cilium's node Envoy is never meshed", "  gatewayClassName: cilium", class("cilium", "io.cilium/gateway-controller"), nil, "cilium", "", false, true, false},
		{"Traefik without its pods in the inputs: unknown", "  gatewayClassName: traefik", class("traefik", "traefik.io/gateway-controller"), nil, "traefik", "", false, false, true},
		{"an unknown controller: unknown", "  gatewayClassName: acme", class("acme", "example.com/acme"), nil, "unknown", "", false, false, false},
		{"an unknown controller declared in the config", "  gatewayClassName: acme", class("acme", "example.com/acme"),
			func(s *Settings) {
				s.GatewayClasses = []GatewayClassSetting{{Name: "acme", Meshed: &yes, Namespace: "acme"}}
			}, "unknown", "acme", true, true, false},
		{"a class only the config names", "  gatewayClassName: eg", egNS,
			func(s *Settings) { s.GatewayClasses = []GatewayClassSetting{{Name: "eg", Controller: egClass}} }, "envoy-gateway", "envoy-gateway-system", false, true, true},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			s := DefaultSettings()
			if c.settings != nil {
				c.settings(&s)
			}
			p := planeOf(t, c.spec, c.extra, s)
			if p.Program != c.program || p.Namespace != c.ns || p.Meshed != c.meshed || p.Known != c.known || p.PodIPs != c.podIPs {
				t.Errorf("got %s in %q meshed %v known %v podIPs %v (%s)", p.Program, p.Namespace, p.Meshed, p.Known, p.PodIPs, p.Why)
			}
		})
	}
}

func TestUnknownGatewayIsExplained(t *testing.T) {
	m := build(t, gwDoc("acme", allFrom, "  parentRefs: [{name: edge, namespace: infra}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]\n")+class("acme", "example.com/acme"))
	for _, p := range m.Undecided() {
		if strings.Contains(p.Msg, "Gateway/infra/edge") && strings.Contains(p.Msg, "gatewayClasses") {
			return
		}
	}
	t.Errorf("--explain does not name the unknown gateway: %+v", m.Undecided())
}
