package mesh

import (
	"strings"

	"github.com/meshlint/meshlint/internal/fact"
)

func (m *Model) destinationFacts(lo, hi int) []any {
	var out []any
	for _, s := range m.Services[lo:hi] {
		if len(s.Workloads) == 0 {
			continue
		}
		for _, a := range m.Applications(s) {
			out = append(out, m.applicationFact(a))
		}
	}
	return orEmpty(out)
}

func (m *Model) applicationFact(a Application) fact.Object {
	f := fact.Object{"service", m.refFact(a.Service.Ref), "service_line", a.Service.Obj.Line,
		"fqdn", m.FQDN(a.Service.Namespace, a.Service.Name), "port", a.Port.Port,
		"protocol", string(a.Port.Protocol), "clients", stringsAny(a.Clients), "client_selector", selectorFact(a.Selector),
		"subset", nil,
		"destination_rule", nil, "destination_rule_wildcard", false, "tls_mode", "", "tls_line", 0, "destination_rule_tls_mode", "",
		"endpoints", m.endpointFacts(a)}
	if a.DestRule != nil {
		f.Set("destination_rule", m.refFact(a.DestRule.Ref))
		f.Set("destination_rule_wildcard", strings.HasPrefix(a.DestRule.FQDN, "*"))
		f.Set("tls_line", a.DestRule.Obj.Line)
		f.Set("destination_rule_tls_mode", tlsMode(a.DestRule.TLS))
	}
	if a.Subset != nil {
		f.Set("subset", a.Subset.Name)
	}
	if a.TLS != nil {
		f.Set("tls_mode", a.TLS.Mode)
		f.Set("tls_line", a.TLS.Line)
	}
	return f
}

func (m *Model) endpointFacts(a Application) []any {
	out := make([]any, 0, len(a.Service.Workloads))
	for _, w := range a.Service.Workloads {
		if !a.Subset.selected(w) {
			continue
		}
		cp, _ := a.Port.ContainerPort(w)
		captured := w.Meshed && w.Inbound.Captures(cp)
		e := fact.Object{"ref", m.refFact(w.Ref), "meshed", w.Meshed, "meshed_known", w.MeshedKnown, "container_port", cp,
			"captured", captured, "dataplane", w.Dataplane.String(), "mode", nil, "mode_policy", nil}
		if captured {
			sm := m.PeerAuthMode(w, cp)
			e.Set("mode", sm.Mode)
			if sm.Policy != nil {
				e.Set("mode_policy", m.refFact(sm.Policy.Ref))
			}
		}
		out = append(out, e)
	}
	return out
}

// callerKey is a server workload and a container port of it.
type callerKey struct {
	w    *Workload
	port int
}

// callers are the hops that reach a server port, by kind.
type callers struct {
	plain, sniffing map[callerKey][]int // hop indexes
}

// indexCallers records, per server port, the plaintext callers of known
// mesh status (callers of unknown status are not guessed at) and the
// meshed callers whose sidecar sniffs the port.
func (m *Model) indexCallers() {
	m.callers = callers{plain: map[callerKey][]int{}, sniffing: map[callerKey][]int{}}
	for i, h := range m.Hops {
		if h.Server == nil || h.Route == RouteMisrouted {
			continue
		}
		k := callerKey{h.Server, h.ServerPort}
		if h.Captured && !m.sendsMTLS(h) && h.Source.MeshedKnown {
			m.callers.plain[k] = append(m.callers.plain[k], i)
		}
		if h.Route == RouteSniffed {
			m.callers.sniffing[k] = append(m.callers.sniffing[k], i)
		}
	}
}

func (m *Model) callerFacts(hops []int) []any {
	out := make([]any, 0, len(hops))
	for _, i := range hops {
		h := m.Hops[i]
		out = append(out, fact.Object{"hop", i, "source", m.refFact(h.Source.Ref), "port", h.Port.Port})
	}
	return out
}

// serverFirstFacts lists the workloads that serve a server-first protocol
// on a Service port, per port: meshed ones whose sidecar captures it, and
// unmeshed ones on a sniffed port that meshed clients reach (their
// sidecars sniff and hang).
func (m *Model) serverFirstFacts(lo, hi int) []any {
	var out []any
	for _, w := range m.Workloads[lo:hi] {
		for _, bp := range m.svcPorts[w] {
			k := callerKey{w, bp.container}
			captured := w.Meshed && w.Inbound.Captures(bp.container)
			if !m.serverFirst(w, bp.port.Port, bp.container) || (!captured && len(m.callers.sniffing[k]) == 0) {
				continue
			}
			f := fact.Object{"workload", m.refFact(w.Ref), "line", w.Obj.Line, "meshed", captured,
				"image", m.serverFirstImageOn(w, bp.container), "service", m.refFact(bp.svc.Ref), "port", bp.port.Port,
				"port_name", bp.port.Name, "container_port", bp.container, "protocol", string(bp.port.Protocol),
				"sniffed", bp.port.Protocol == Sniffed, "mode", nil, "plaintext_callers", m.callerFacts(m.callers.plain[k]),
				"meshed_callers", m.callerFacts(m.callers.sniffing[k])}
			if captured {
				f.Set("mode", m.PeerAuthMode(w, bp.container).Mode)
			}
			out = append(out, f)
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

func selectorFact(sel map[string]string) any {
	if sel == nil {
		return nil
	}
	out := make(map[string]any, len(sel))
	for k, v := range sel {
		out[k] = v
	}
	return out
}
