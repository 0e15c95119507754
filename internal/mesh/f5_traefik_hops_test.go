package mesh

import (
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

func buildFixture(t *testing.T, path string) *Model {
	t.Helper()
	res := manifest.Load([]string{"../../testdata/rules/" + path}, manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return Build(res.Objects, DefaultSettings())
}

// The hop each fixture declares, as the program's source says it goes:
// the object, the program, pod IPs or the Service, and the Host.
func TestF5AndTraefikHops(t *testing.T) {
	tests := []struct {
		file, via, ctrl string
		podIPs          bool
		host, resolved  string
	}{
		{"ML101/f5-virtualserver-unmeshed.yaml", "VirtualServer", ProgF5, true, "$host", "shop.example.com"},
		{"ML101/f5-virtualserver-meshed-cluster-ip-host.yaml", "VirtualServer", ProgF5, false, "web.shop.svc.cluster.local", "web.shop.svc.cluster.local"},
		{"ML101/f5-ingress-meshed-ingress-nginx-annotations.yaml", "Ingress", ProgF5, true, "$host", "shop.example.com"},
		{"ML101/f5-transportserver-unmeshed.yaml", "TransportServer", ProgF5, true, "(the client's stream)", ""},
		{"ML201/f5-virtualserverroute-host.yaml", "VirtualServerRoute", ProgF5, false, "$host", "shop.example.com"},
		{"ML201/f5-ingress-proxy-set-headers-host.yaml", "Ingress", ProgF5, false, "$host", "shop.example.com"},
		{"ML101/traefik-ingressroute-unmeshed.yaml", "IngressRoute", ProgTraefik, true, "$host", "shop.example.com"},
		{"ML101/traefik-ingressroute-meshed-nativelb-no-passhost.yaml", "IngressRoute", ProgTraefik, false, "ClusterIP:80", "web.shop.svc.cluster.local"},
		{"ML101/traefik-ingress-meshed-service-annotations.yaml", "Ingress", ProgTraefik, false, "ClusterIP:80", "web.shop.svc.cluster.local"},
		{"ML101/traefik-ingress-meshed-ingress-annotations.yaml", "Ingress", ProgTraefik, true, "$host", "shop.example.com"},
		{"ML101/ingressclass-controller-class-unmeshed.yaml", "Ingress", ProgIngressNginx, false, "web.shop.svc.cluster.local", "web.shop.svc.cluster.local"},
		{"ML101/traefik-ingress-nginx-provider-service-upstream-vhost.yaml", "Ingress", ProgTraefik, false, "web.shop.svc.cluster.local", "web.shop.svc.cluster.local"},
		{"ML203/traefik-ingress-nginx-provider-meshed.yaml", "Ingress", ProgTraefik, true, "$host", "shop.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var hops []*Hop
			for _, h := range buildFixture(t, tt.file).Hops {
				if h.Kind == "ingress" {
					hops = append(hops, h)
				}
			}
			if len(hops) != 1 { // one controller, one backend workload
				t.Fatalf("%d ingress hops, want 1", len(hops))
			}
			h := hops[0]
			if h.Via.Kind != tt.via || h.Controller != tt.ctrl || h.PodIPs != tt.podIPs || h.Host.Value != tt.host || h.Host.Resolved != tt.resolved {
				t.Errorf("hop via %s by %s, pod IPs %v, Host %q (%q); want via %s by %s, pod IPs %v, Host %q (%q)",
					h.Via.Kind, h.Controller, h.PodIPs, h.Host.Value, h.Host.Resolved, tt.via, tt.ctrl, tt.podIPs, tt.host, tt.resolved)
			}
		})
	}
}

const twoControllers = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx-plus}
spec: {controller: nginx.org/ingress-controller}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec:
      containers:
        - {name: c, image: "registry.k8s.io/ingress-nginx/controller:v1.11.2", args: [/nginx-ingress-controller]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: nic, namespace: nginx-ingress}
spec:
  selector: {matchLabels: {app: b}}
  template:
    metadata: {labels: {app: b}}
    spec:
      containers:
        - {name: c, image: "nginx/nginx-ingress:5.5.4", args: [-ingress-class=nginx-plus]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: to-f5
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/service-upstream: "true"
    nginx.ingress.kubernetes.io/upstream-vhost: web.shop.svc.cluster.local
spec:
  ingressClassName: nginx-plus
  defaultBackend: {service: {name: web, port: {number: 80}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: to-ingress-nginx
  namespace: shop
  annotations:
    nginx.org/use-cluster-ip: "true"
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: web, port: {number: 80}}}
`

// Each Ingress gets its own class's program: F5's ignores ingress-nginx's
// annotations, ingress-nginx ignores nginx.org's.
func TestEachIngressGetsItsProgramsSemantics(t *testing.T) {
	m := build(t, twoControllers)
	want := map[string]struct {
		ctrl, src string
		podIPs    bool
	}{"to-f5": {ProgF5, "nic", true}, "to-ingress-nginx": {ProgIngressNginx, "ingress-nginx", true}}
	for _, h := range m.Hops {
		w, ok := want[h.Via.Name]
		if !ok {
			continue
		}
		delete(want, h.Via.Name)
		if h.Controller != w.ctrl || h.Source.Ref.Name != w.src || h.PodIPs != w.podIPs || h.Host.Origin != "ingress" {
			t.Errorf("%s: by %s from %s, pod IPs %v, Host from %s; want by %s from %s, pod IPs %v, the client's Host",
				h.Via.Name, h.Controller, h.Source.Ref.Name, h.PodIPs, h.Host.Origin, w.ctrl, w.src, w.podIPs)
		}
	}
	if len(want) > 0 {
		t.Errorf("no hop for %v", want)
	}
	var noted bool
	for _, n := range m.Notes {
		noted = noted || strings.Contains(n.Msg, "service-upstream is an ingress-nginx annotation")
	}
	if !noted {
		t.Error("no note that F5 ignores nginx.ingress.kubernetes.io/service-upstream")
	}
}

const crossNamespaceRoutes = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: traefik, namespace: traefik}
spec:
  selector: {matchLabels: {app: t}}
  template:
    metadata: {labels: {app: t}}
    spec:
      containers:
        - {name: t, image: "traefik:v3.7.9", args: [--providers.kubernetescrd]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: r, namespace: edge}
spec:
  routes:
    - match: Host(` + "`a.example.com`" + `)
      services:
        - {name: web, namespace: shop, port: 80}
        - {name: weighted, kind: TraefikService}
`

// kubernetes_http.go nameAndService: another namespace's Service needs
// allowCrossNamespace; a TraefikService is not followed (a note says so).
func TestIngressRouteCrossNamespaceAndTraefikService(t *testing.T) {
	m := build(t, crossNamespaceRoutes)
	for _, h := range m.Hops {
		if h.Via.Kind == "IngressRoute" {
			t.Errorf("hop to %s without allowCrossNamespace", h.Target.Name)
		}
	}
	m = build(t, strings.Replace(crossNamespaceRoutes, "--providers.kubernetescrd]", "--providers.kubernetescrd, --providers.kubernetescrd.allowCrossNamespace=true]", 1))
	var n int
	for _, h := range m.Hops {
		if h.Via.Kind == "IngressRoute" && h.Target.Name == "web" {
			n++
		}
	}
	var noted bool
	for _, nt := range m.Notes {
		noted = noted || strings.Contains(nt.Msg, "TraefikService weighted is not followed")
	}
	if n != 1 || !noted {
		t.Errorf("with allowCrossNamespace: %d hops to web (want 1), TraefikService noted %v", n, noted)
	}
}

const routeSelector = `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: k8s.nginx.org/v1
kind: VirtualServer
metadata: {name: shop, namespace: shop}
spec:
  host: shop.example.com
  routes:
    - path: /api
      routeSelector: {matchLabels: {team: api}}
---
apiVersion: k8s.nginx.org/v1
kind: VirtualServerRoute
metadata: {name: api, namespace: shop, labels: {team: api}}
spec:
  host: shop.example.com
  upstreams: [{name: web, service: web, port: 80, use-cluster-ip: true}]
  subroutes: [{path: /api, action: {pass: web}}]
---
apiVersion: k8s.nginx.org/v1
kind: VirtualServerRoute
metadata: {name: other-host, namespace: shop, labels: {team: api}}
spec:
  host: other.example.com
  upstreams: [{name: web, service: web, port: 80}]
  subroutes: [{path: /api, action: {pass: web}}]
---
apiVersion: k8s.nginx.org/v1
kind: VirtualServerRoute
metadata: {name: unlabelled, namespace: shop}
spec:
  host: shop.example.com
  upstreams: [{name: web, service: web, port: 80}]
  subroutes: [{path: /api, action: {pass: web}}]
`

// configuration.go validateVSRSelectors: the VirtualServerRoutes whose
// labels match, of the VirtualServer's host.
func TestF5RouteSelector(t *testing.T) {
	var via []string
	for _, h := range build(t, routeSelector).Hops {
		if h.Controller == ProgF5 {
			via = append(via, h.Via.Name)
			if h.PodIPs || h.Host.Value != "$host" {
				t.Errorf("%s: pod IPs %v, Host %q; want the ClusterIP (use-cluster-ip) and $host (a pass action)", h.Via.Name, h.PodIPs, h.Host.Value)
			}
		}
	}
	if len(via) != 1 || via[0] != "api" {
		t.Errorf("hops via %v, want via api only", via)
	}
}
