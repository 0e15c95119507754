package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// ingressHops adds one hop per Ingress backend: the controller to the
// backend Service. ingress-nginx sends the client's Host unless
// upstream-vhost is set, and dials pod IPs unless service-upstream is
// "true" (ingress-nginx docs: annotations upstream-vhost, service-upstream).
func (m *Model) ingressHops() {
	for _, in := range m.Ingresses {
		st := m.controllerFor(in)
		src := st.source(in)
		for _, b := range in.Backends {
			svc := m.Service(in.Namespace, b.Service)
			if svc == nil {
				continue
			}
			port, ok := backendPort(svc, b)
			if !ok {
				continue
			}
			if h, ok := m.programIngressHop(in, b, src, svc, port); ok {
				m.expand(h)
			}
		}
	}
}

// vendorKind reports whether o is a route object of the F5 NGINX Ingress
// Controller (k8s.nginx.org) or of Traefik (traefik.io, and
// traefik.containo.us of Traefik v2).
func vendorKind(o *manifest.Object) bool {
	return isF5Kind(o) || isTraefikKind(o)
}

// vendorHops adds the hops those objects declare (f5_virtualserver.go,
// traefik_ingressroute.go).
func (m *Model) vendorHops() {
	m.f5Hops()
	m.traefikHops()
}

func backendPort(svc *Service, b Backend) (ServicePort, bool) {
	if b.PortName != "" {
		return svc.PortByName(b.PortName)
	}
	if b.PortNum == 0 && len(svc.Ports) == 1 {
		return svc.Ports[0], true
	}
	return svc.Port(b.PortNum)
}

// programIngressHop builds the hop with the semantics of the program that
// serves the Ingress; false when that program would not proxy the backend.
func (m *Model) programIngressHop(in *Ingress, b Backend, src Source, svc *Service, port ServicePort) (Hop, bool) {
	switch {
	case in.Program == ProgF5:
		return m.f5IngressHop(in, b, src, svc, port), true
	case in.Program == ProgTraefik && !in.NginxAnnotations:
		return m.traefikIngressHop(in, b, src, svc, port)
	}
	h := m.ingressHop(in, b, src, svc, port)
	h.Controller = in.Program // ingress-nginx, or Traefik serving it with ingress-nginx's annotations
	return h, true
}

func (m *Model) ingressHop(in *Ingress, b Backend, src Source, svc *Service, port ServicePort) Hop {
	h := Hop{Kind: "ingress", Controller: ProgIngressNginx, Source: src, Via: in.Obj, ViaLine: b.Line, Target: svc, Port: port,
		PodIPs: !in.ServiceUpstream}
	h.Host = Host{Value: "$host", External: true, Origin: "ingress"}
	if len(b.Hosts) > 0 {
		h.Host.Resolved = b.Hosts[0]
	}
	if in.UpstreamVhost != "" {
		h.Host = Host{Value: in.UpstreamVhost, Resolved: in.UpstreamVhost, Origin: "upstream-vhost",
			Line: in.annLine(in.annKey(annUpstreamVhost))}
	}
	if w := src.Workload; w != nil && w.Meshed {
		h.Bypass = m.bypass(w, svc, port, h.PodIPs)
	}
	return h
}

// bypass says why a meshed client's traffic to the port skips its sidecar.
func (m *Model) bypass(w *Workload, svc *Service, port ServicePort, podIPs bool) string {
	dialled := port.Port
	if podIPs && len(svc.Workloads) > 0 {
		dialled, _ = port.ContainerPort(svc.Workloads[0])
	}
	if w.Outbound.Bypasses(dialled, svc.ClusterIPs) {
		return "port or address excluded from the client's outbound capture"
	}
	return ""
}
