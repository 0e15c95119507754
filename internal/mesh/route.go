package mesh

// route decides where the client sidecar sends the hop.
// Istio: pilot/pkg/networking/core/httproute.go: for an explicitly HTTP
// port the route table of that port has one virtual host per HTTP Service
// (and mesh VirtualService) on the port plus a catch-all to
// PassthroughCluster (ALLOW_ANY) or BlackHoleCluster (REGISTRY_ONLY);
// a sniffed port gets a wildcard virtual host (Istio >= 1.12); other
// protocols are routed by destination address.
func (m *Model) route(h *Hop) {
	if h.Port.Protocol.IsHTTP() || h.Port.Protocol == Sniffed {
		probe := *h
		m.routeHTTP(&probe)
		h.HostMatch = probe.Route
	}
	switch {
	case !h.Source.Meshed:
		h.Route = RouteDirect
	case h.Bypass != "":
		h.Route = RouteDirect
	case h.PodIPs:
		m.routePodIP(h)
	case h.Port.Protocol == Sniffed:
		h.Route = RouteSniffed
	case !h.Port.Protocol.IsHTTP():
		h.Route = RouteTCP
	default:
		m.routeHTTP(h)
	}
	m.hideUnexported(h)
}

// routePodIP: a meshed client dialling a pod IP (ingress-nginx without
// service-upstream) meets the route table of the port it dials, the
// container port. Only a Host of the target on an HTTP Service port with
// that number finds a virtual host; anything else, and any non-HTTP port
// (whose listeners are bound to the Service's ClusterIP), leaves through
// PassthroughCluster.
func (m *Model) routePodIP(h *Hop) {
	dialled := h.Port.TargetNum
	if d := h.Dest(); len(d.Workloads) > 0 {
		dialled, _ = h.Port.ContainerPort(d.Workloads[0])
	}
	if p, ok := h.Dest().Port(dialled); ok && p.Protocol.IsHTTP() {
		probe := *h
		probe.Port = p
		m.routeHTTP(&probe)
		if probe.Route == RouteService {
			h.Route = RouteService
			return
		}
	}
	h.Route = RoutePassthrough
	if m.registryOnly(h) {
		h.Route = RouteBlackhole
	}
}

func (m *Model) routeHTTP(h *Hop) {
	if h.Host.Resolved == "" && !h.Host.External {
		h.Route = RouteUnknown
		return
	}
	host := NormalizeHost(h.Host.Resolved)
	client := h.Source.Namespace
	if host != "" {
		if m.servesHost(h, host, client) {
			h.Route = RouteService
			return
		}
		if vs := m.vsForHost(host, client, h.Port.Port); vs != nil {
			h.Route, h.RoutedVia = RouteVS, vs.Ref
			return
		}
		if other := m.registryName(host, client); other != nil && other != h.Dest() && m.knows(h, other) && m.inRouteTable(other, h.Port.Port, host, client) {
			h.Route, h.RoutedTo = RouteMisrouted, other
			return
		}
		if se := m.seForHost(host, client); se != nil {
			h.Route, h.RoutedVia = RouteSE, se.Ref
			return
		}
	}
	h.Route = RoutePassthrough
	if m.registryOnly(h) {
		h.Route = RouteBlackhole
	}
}

// inRouteTable reports whether Service s has a virtual host matching host
// in the route table of port: every Service whose port is HTTP or sniffed
// gets one (Istio: pilot/pkg/networking/core/route/route.go
// BuildSidecarVirtualHostWrapper, IsHTTPOrSniffed).
func (m *Model) inRouteTable(s *Service, port int, host, client string) bool {
	p, ok := s.Port(port)
	return ok && (p.Protocol.IsHTTP() || p.Protocol == Sniffed) && m.namesOf(s, host, client)
}
