package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// gatewayHops decides every Gateway's data plane (once, before the facts
// read it concurrently) and adds one hop per backendRef of every route a Gateway
// admits: the Gateway's data plane to the backend Service. A backendRef
// with weight 0 sends nothing; one of another kind than Service, without
// a port, or into another namespace without a ReferenceGrant makes no
// hop (the last is ML601's, from the gateway_routes facts).
func (m *Model) gatewayHops() {
	for _, g := range m.Gateways {
		if p := m.gatewayPlane(g); !p.Known {
			m.note(g.Obj, g.Obj.Line, "whether the data plane of "+g.Ref.String()+" is meshed is unknown: "+p.Why+
				" (add its pods or its namespace, or gatewayClasses in .meshlint.yaml)")
		}
	}
	for _, r := range m.Routes {
		for _, p := range r.Parents {
			a := m.attach(r, p)
			r.Attachments = append(r.Attachments, a)
			if !a.Known {
				m.note(r.Obj, p.Line, "whether "+r.Ref.String()+" attaches to Gateway "+p.Namespace+"/"+p.Name+" is unknown: "+a.Why)
			}
		}
		for _, a := range mergeByGateway(r.Attachments) {
			m.routeHops(r, a)
		}
	}
}

// mergeByGateway joins the attachments of one route to one Gateway (two
// parentRefs naming two of its listeners): one data plane, one hop.
func mergeByGateway(as []Attachment) []Attachment {
	var out []Attachment
	seen := map[*Gateway]int{}
	for _, a := range as {
		if !a.Attached() {
			continue
		}
		if i, ok := seen[a.Gateway]; ok {
			out[i].Hostnames = appendNewHosts(out[i].Hostnames, a.Hostnames)
			continue
		}
		seen[a.Gateway] = len(out)
		out = append(out, a)
	}
	return out
}

func (m *Model) routeHops(r *Route, a Attachment) {
	plane := m.gatewayPlane(a.Gateway)
	src := plane.source(a.Gateway)
	for _, b := range r.Backends {
		if b.Weight == 0 || !b.IsService() || b.Port == 0 || !m.permitted(r, b).Permitted {
			continue
		}
		svc := m.Service(b.Namespace, b.Name)
		if svc == nil {
			continue
		}
		if port, ok := svc.Port(b.Port); ok {
			n := len(m.Hops)
			m.expand(m.gatewayHop(r, a, b, plane, src, svc, port))
			m.backendTLSHops(plane, svc, m.Hops[n:])
		}
	}
}

func (p *GatewayPlane) source(g *Gateway) Source {
	src := Source{Meshed: p.Meshed, MeshedKnown: p.Known, Why: p.Why, Namespace: p.Namespace, Ref: g.Ref}
	if src.Namespace == "" {
		src.Namespace = g.Namespace
	}
	if p.Workload != nil && !p.MeshProxy {
		src.Workload, src.Ref = p.Workload, p.Workload.Ref
	}
	return src
}

// gatewayHop: the data plane sends the client's Host (the route's
// hostnames as the listener serves them) unless a filter sets one. Istio's
// own gateway routes to the backendRef's cluster whatever the Host
// (conversion.go buildDestination): its hop is routed by the Service's name.
func (m *Model) gatewayHop(r *Route, a Attachment, b BackendRef, p *GatewayPlane, src Source, svc *Service, port ServicePort) Hop {
	h := Hop{Kind: "gateway", Controller: p.Program, Gateway: a.Gateway, Source: src, Via: r.Obj, ViaLine: b.Line, Target: svc,
		Port: port, PodIPs: p.PodIPs && !m.dialsService(r, a.Gateway, p, svc)}
	h.Host = Host{Value: "*", External: true, Origin: "gateway"}
	if hs := a.Hostnames; len(hs) > 0 && hs[0] != "" {
		h.Host.Value = hs[0]
		if hs[0][0] != '*' {
			h.Host.Resolved = hs[0]
		}
	}
	if b.Host.Origin != "" {
		h.Host = b.Host
	}
	if p.MeshProxy {
		fqdn := m.FQDN(svc.Namespace, svc.Name)
		h.Host, h.PodIPs = Host{Value: fqdn, Resolved: fqdn, Origin: "gateway-cluster"}, false
	}
	if w := src.Workload; w != nil && w.Meshed {
		h.Bypass = m.bypass(w, svc, port, h.PodIPs)
	}
	return h
}

// dialsService: the program was told to dial the Service's ClusterIP.
func (m *Model) dialsService(r *Route, g *Gateway, p *GatewayPlane, svc *Service) bool {
	switch p.Program {
	case "envoy-gateway":
		return m.envoyRoutesToService(r, g)
	case "nginx-gateway-fabric":
		return m.nginxUsesClusterIP(g, svc)
	case "traefik":
		return traefikGatewayNativeLB(svc)
	}
	return false
}

// GatewayOf is the Gateway a hop's source stands for, nil for other hops.
func (m *Model) GatewayOf(ref manifest.Ref) *Gateway {
	if ref.Kind != "Gateway" {
		return nil
	}
	return m.gateways[nsName{ref.Namespace, ref.Name}]
}

// backendTLSHops: istiod turns a BackendTLSPolicy into a DestinationRule
// with SIMPLE TLS for the Service's host, which Istio's gateway then
// sends instead of Istio mTLS (istio/istio
// pilot/pkg/config/kube/gateway/backend_policies.go BackendTLSPolicyCollection).
func (m *Model) backendTLSHops(p *GatewayPlane, svc *Service, hops []*Hop) {
	t := m.backendTLS(svc.Namespace, svc.Name)
	if t == nil || p.Program != "istio" {
		return
	}
	for _, h := range hops {
		if h.ClientTLS != "auto" && h.ClientTLS != "ISTIO_MUTUAL" {
			continue
		}
		h.ClientTLS, h.DestRule = "SIMPLE", nil
		h.Outcome, h.Why = m.outcome(h)
		h.Why = t.Ref.String() + " makes the gateway originate TLS (SIMPLE), not Istio mTLS: " + h.Why
	}
}
