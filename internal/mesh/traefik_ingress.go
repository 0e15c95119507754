package mesh

import (
	"net"
	"strconv"
	"strings"
)

// traefikServiceAnnPrefix: Traefik reads an Ingress backend's load-balancer
// options from annotations on the backend Service, not on the Ingress
// (pkg/provider/kubernetes/ingress/kubernetes.go loadService:
// parseServiceConfig(service.Annotations)), e.g.
// traefik.ingress.kubernetes.io/service.passhostheader and
// traefik.ingress.kubernetes.io/service.nativelb (docs/content/reference/
// routing-configuration/kubernetes/ingress.md).
const traefikServiceAnnPrefix = "traefik.ingress.kubernetes.io/service."

// traefikIngressHop is the hop of an Ingress Traefik serves: the client's
// Host unless service.passhostheader is false, the endpoints unless
// service.nativelb (or the provider's nativeLBByDefault) is true. A value
// the label decoder refuses makes loadService fail: Traefik then proxies
// nothing to that backend.
func (m *Model) traefikIngressHop(in *Ingress, b Backend, src Source, svc *Service, port ServicePort) (Hop, bool) {
	native := false
	if w := src.Workload; w != nil && w.Controller != nil && w.Controller.Traefik != nil {
		native = w.Controller.Traefik.Ingress.NativeLB
	}
	pass, okPass := traefikServiceAnn(svc, "passhostheader", true)
	native, okNative := traefikServiceAnn(svc, "nativelb", native)
	if !okPass || !okNative {
		m.note(svc.Obj, svc.annotationsLine,
			"a traefik.ingress.kubernetes.io/service.* annotation is not a boolean: Traefik does not configure this Service as a backend")
		return Hop{}, false
	}
	if native && svc.Headless {
		return Hop{}, false // getNativeServiceAddress: no ClusterIP to dial
	}
	ext := ""
	if len(b.Hosts) > 0 {
		ext = b.Hosts[0]
	}
	h := Hop{Kind: "ingress", Controller: ProgTraefik, Source: src, Via: in.Obj, ViaLine: b.Line, Target: svc, Port: port,
		PodIPs: !native, Host: m.traefikHost(pass, native, svc, port, ext)}
	if !pass {
		h.Host.Line = svc.annotationsLine
	}
	if w := src.Workload; w != nil && w.Meshed {
		h.Bypass = m.bypass(w, svc, port, h.PodIPs)
	}
	return h, true
}

// traefikServiceAnn reads a boolean service.* annotation of the Service
// (keys case-insensitive, as the label decoder matches fields);
// ok is false when the value is no boolean.
func traefikServiceAnn(svc *Service, opt string, def bool) (bool, bool) {
	for k, v := range svc.annotations {
		if strings.EqualFold(k, traefikServiceAnnPrefix+opt) {
			b, err := strconv.ParseBool(v)
			return b, err == nil
		}
	}
	return def, true
}

// traefikHost: with passHostHeader the client's Host; without, the
// server URL's host (pkg/proxy/httputil/proxy.go rewriteRequestBuilder:
// Out.Host = Out.URL.Host), which is the Service's ClusterIP:port under
// nativeLB (getNativeServiceAddress) and an endpoint's IP:port otherwise.
// Istio lists a Service's ClusterIP among its virtual host's domains
// (httproute.go generateVirtualHostDomains), so the first routes to the
// Service even when the inputs do not hold the address, which the
// Service's FQDN then stands for; a pod IP is no domain of any Service.
func (m *Model) traefikHost(pass, native bool, svc *Service, port ServicePort, ext string) Host {
	switch {
	case pass:
		return Host{Value: "$host", Resolved: ext, External: true, Origin: "passHostHeader"}
	case native && len(svc.ClusterIPs) > 0:
		v := net.JoinHostPort(svc.ClusterIPs[0], strconv.Itoa(port.Port))
		return Host{Value: v, Resolved: v, Origin: "passHostHeader"}
	case native:
		return Host{Value: "ClusterIP:" + strconv.Itoa(port.Port), Resolved: m.FQDN(svc.Namespace, svc.Name), Origin: "passHostHeader"}
	}
	return Host{Value: "podIP:" + strconv.Itoa(port.TargetNum), Origin: "passHostHeader"}
}
