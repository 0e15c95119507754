package mesh

import (
	"regexp"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// isTraefikKind: Traefik's IngressRoute and IngressRouteTCP, in traefik.io
// and in traefik.containo.us, which Traefik v2 reads and v3 no longer does.
func isTraefikKind(o *manifest.Object) bool {
	g, _, _ := strings.Cut(o.APIVersion, "/")
	return (g == "traefik.io" || g == "traefik.containo.us") && (o.Kind == "IngressRoute" || o.Kind == "IngressRouteTCP")
}

// traefikHostRule finds the first Host(`name`) of a router rule.
var traefikHostRule = regexp.MustCompile("Host(?:SNI)?\\(\\s*`([^`]*)`")

func (m *Model) traefikHops() {
	for _, kind := range []string{"IngressRoute", "IngressRouteTCP"} {
		for _, o := range m.vendorObjs[kind] {
			m.ingressRouteHops(o)
		}
	}
}

// ingressRouteHops: each routes[].services[] entry of kind Service
// (the default) is a hop from every Traefik whose CRD provider serves the
// object (pkg/provider/kubernetes/crd/kubernetes_http.go
// loadIngressRouteConfiguration, kubernetes_tcp.go).
func (m *Model) ingressRouteHops(o *manifest.Object) {
	ns := NamespaceOf(o)
	class := strAt(body(o), "spec", "ingressClassName")
	if class == "" {
		class = stringMap(mapAt(body(o), "metadata", "annotations"))[annIngressClass]
	}
	srcs := m.crdSources(ProgTraefik, class, ns, func(c *IngressController) bool { return c.Traefik.servesCRD(class, ns) })
	for i, r := range listAt(body(o), "spec", "routes") {
		rm := asMap(r)
		ext := ""
		if mt := traefikHostRule.FindStringSubmatch(strAt(rm, "match")); mt != nil {
			ext = mt[1]
		}
		for j, s := range listAt(rm, "services") {
			at := []string{"spec", "routes", itoa(i), "services", itoa(j)}
			m.ingressRouteServiceHops(o, asMap(s), at, ext, srcs)
		}
	}
}

// ingressRouteServiceHops: a TraefikService (weighted, mirroring,
// failover) and a cross-provider name@provider are not followed; a
// Service of another namespace is only reached by a Traefik with
// allowCrossNamespace (kubernetes_http.go nameAndService).
func (m *Model) ingressRouteServiceHops(o *manifest.Object, s map[string]any, at []string, ext string, srcs []Source) {
	name, line := strAt(s, "name"), o.FieldLine(at...)
	if k := strAt(s, "kind"); k != "" && k != "Service" || strings.Contains(name, "@") {
		m.note(o, line, "the "+quoteOr(strAt(s, "kind"), "Service")+" "+name+" is not followed: its hops are not checked")
		return
	}
	ns := strAt(s, "namespace")
	if ns == "" {
		ns = NamespaceOf(o)
	}
	svc := m.Service(ns, name)
	if svc == nil || svc.Headless && traefikNativeLB(s, nil) {
		return
	}
	port, ok := traefikServicePort(svc, s)
	if !ok {
		return
	}
	for _, src := range srcs {
		if h, ok := m.ingressRouteHop(o, s, src, svc, port, ext); ok {
			h.ViaLine = line
			m.expand(h)
		}
	}
}

func (m *Model) ingressRouteHop(o *manifest.Object, s map[string]any, src Source, svc *Service, port ServicePort, ext string) (Hop, bool) {
	var tp *TraefikProviders
	if w := src.Workload; w != nil && w.Controller != nil {
		tp = w.Controller.Traefik
	}
	if svc.Namespace != NamespaceOf(o) && (tp == nil || !tp.CRD.CrossNS) {
		return Hop{}, false
	}
	native := traefikNativeLB(s, tp)
	pass, set := s["passHostHeader"].(bool)
	pass = pass || !set
	h := Hop{Kind: "ingress", Controller: ProgTraefik, Source: src, Via: o, Target: svc, Port: port, PodIPs: !native}
	if o.Kind == "IngressRouteTCP" {
		h.Host = Host{Value: "(the client's stream)", Origin: "stream"}
	} else {
		h.Host = m.traefikHost(pass, native, svc, port, ext)
	}
	if w := src.Workload; w != nil && w.Meshed {
		h.Bypass = m.bypass(w, svc, port, h.PodIPs)
	}
	return h, true
}

// traefikNativeLB: the service's nativeLB, else the provider's
// nativeLBByDefault (kubernetes_http.go loadServers).
func traefikNativeLB(s map[string]any, tp *TraefikProviders) bool {
	if b, ok := s["nativeLB"].(bool); ok {
		return b
	}
	return tp != nil && tp.CRD.NativeLB
}

// traefikServicePort finds the Service port by number or name
// (kubernetes.go getServicePort); none given, a one-port Service's port.
func traefikServicePort(svc *Service, s map[string]any) (ServicePort, bool) {
	if n, ok := toInt(s["port"]); ok {
		return svc.Port(n)
	}
	if name := strAt(s, "port"); name != "" {
		return svc.PortByName(name)
	}
	if len(svc.Ports) == 1 {
		return svc.Ports[0], true
	}
	return ServicePort{}, false
}
