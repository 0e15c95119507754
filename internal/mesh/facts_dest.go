package mesh

import "strings"

func (m *Model) destinationFacts() []any {
	var out []any
	for _, s := range m.Services {
		if len(s.Workloads) == 0 {
			continue
		}
		for _, a := range m.Applications(s) {
			out = append(out, m.applicationFact(a))
		}
	}
	return orEmpty(out)
}

func (m *Model) applicationFact(a Application) map[string]any {
	f := map[string]any{"service": refFact(a.Service.Ref), "service_line": a.Service.Obj.Line,
		"fqdn": m.FQDN(a.Service.Namespace, a.Service.Name), "port": a.Port.Port,
		"protocol": string(a.Port.Protocol), "clients": stringsAny(a.Clients),
		"destination_rule": nil, "destination_rule_wildcard": false, "tls_mode": "", "tls_line": 0,
		"endpoints": m.endpointFacts(a)}
	if a.DestRule != nil {
		f["destination_rule"] = refFact(a.DestRule.Ref)
		f["destination_rule_wildcard"] = strings.HasPrefix(a.DestRule.FQDN, "*")
		f["tls_line"] = a.DestRule.Obj.Line
	}
	if a.TLS != nil {
		f["tls_mode"], f["tls_line"] = a.TLS.Mode, a.TLS.Line
	}
	return f
}

func (m *Model) endpointFacts(a Application) []any {
	out := make([]any, 0, len(a.Service.Workloads))
	for _, w := range a.Service.Workloads {
		cp, _ := a.Port.ContainerPort(w)
		e := map[string]any{"ref": refFact(w.Ref), "meshed": w.Meshed, "container_port": cp,
			"captured": w.Meshed && w.Inbound.Captures(cp), "mode": nil, "mode_policy": nil}
		if e["captured"] == true {
			sm := m.PeerAuthMode(w, cp)
			e["mode"] = sm.Mode
			if sm.Policy != nil {
				e["mode_policy"] = refFact(sm.Policy.Ref)
			}
		}
		out = append(out, e)
	}
	return out
}

// serverFirstFacts lists meshed workloads that serve a server-first
// protocol, per Service port, with the plaintext callers the hops show.
func (m *Model) serverFirstFacts() []any {
	callers := map[*Workload][]any{}
	for i, h := range m.Hops {
		if h.Server != nil && h.Captured && !m.sendsMTLS(h) && h.Route != RouteMisrouted {
			callers[h.Server] = append(callers[h.Server], map[string]any{"hop": i, "source": refFact(h.Source.Ref), "port": h.Port.Port})
		}
	}
	var out []any
	for _, w := range m.Workloads {
		if !w.Meshed {
			continue
		}
		for _, bp := range m.svcPorts[w] {
			if !w.Inbound.Captures(bp.container) || !m.serverFirst(w, bp.port.Port, bp.container) {
				continue
			}
			sm := m.PeerAuthMode(w, bp.container)
			out = append(out, map[string]any{"workload": refFact(w.Ref), "line": w.Obj.Line,
				"image": m.serverFirstImage(w), "service": refFact(bp.svc.Ref), "port": bp.port.Port,
				"port_name": bp.port.Name, "container_port": bp.container, "protocol": string(bp.port.Protocol),
				"sniffed": bp.port.Protocol == Sniffed, "mode": sm.Mode, "plaintext_callers": orEmpty(callers[w])})
		}
	}
	return orEmpty(out)
}

func stringsAny(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}
