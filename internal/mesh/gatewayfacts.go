package mesh

import "github.com/meshlint/meshlint/internal/fact"

// gatewayFact describes the Gateway of a gateway hop and its data plane
// (docs/facts.md input.hops[].gateway); nil for other hops.
func (m *Model) gatewayFact(g *Gateway) any {
	if g == nil {
		return nil
	}
	p := m.gatewayPlane(g)
	return fact.Object{"ref", m.refFact(g.Ref), "line", g.Obj.Line, "class", g.Class,
		"controller_name", p.ControllerName, "program", p.Program, "namespace", p.Namespace,
		"meshed", p.Meshed, "meshed_known", p.Known, "mesh_proxy", p.MeshProxy, "why", p.Why,
		"addresses", g.Addresses}
}

// gatewayRouteFacts lists the routes with the fate of each parentRef and
// backendRef (docs/facts.md input.gateway_routes).
func (m *Model) gatewayRouteFacts(lo, hi int) []any {
	out := make([]any, 0, hi-lo)
	for _, r := range m.Routes[lo:hi] {
		parents := make([]any, 0, len(r.Attachments))
		for _, a := range r.Attachments {
			parents = append(parents, m.attachmentFact(a))
		}
		backends := make([]any, 0, len(r.Backends))
		for _, b := range r.Backends {
			backends = append(backends, m.backendRefFact(r, b))
		}
		out = append(out, fact.Object{"ref", m.refFact(r.Ref), "line", r.Obj.Line, "kind", r.Kind,
			"hostnames", r.Hostnames, "parents", parents, "backends", backends})
	}
	return out
}

func (m *Model) attachmentFact(a Attachment) fact.Object {
	f := fact.Object{"name", a.Parent.Name, "namespace", a.Parent.Namespace, "section", a.Parent.Section,
		"port", a.Parent.Port, "line", a.Parent.Line, "gateway", nil, "attached", a.Attached(),
		"known", a.Known, "reason", a.Reason, "why", a.Why, "hostnames", a.Hostnames, "program", ""}
	if a.Gateway != nil {
		f.Set("gateway", m.refFact(a.Gateway.Ref))
		f.Set("program", m.gatewayPlane(a.Gateway).Program)
	}
	return f
}

func (m *Model) backendRefFact(r *Route, b BackendRef) fact.Object {
	p := m.permitted(r, b)
	f := fact.Object{"group", b.Group, "kind", b.Kind, "name", b.Name, "namespace", b.Namespace,
		"port", b.Port, "weight", b.Weight, "line", b.Line, "permitted", p.Permitted, "known", p.Known,
		"why", p.Why, "grant", nil, "backend_tls", nil}
	if p.Grant != nil {
		f.Set("grant", m.refFact(p.Grant.Ref))
	}
	if t := m.backendTLS(b.Namespace, b.Name); t != nil && b.IsService() {
		f.Set("backend_tls", m.refFact(t.Ref))
	}
	return f
}
