package mesh

import (
	"strconv"

	"github.com/meshlint/meshlint/internal/fact"
	"github.com/meshlint/meshlint/internal/manifest"
)

func itoa(n int) string { return strconv.Itoa(n) }

func (m *Model) hopFacts(lo, hi int) []any {
	out := make([]any, 0, hi-lo)
	for i, h := range m.Hops[lo:hi] {
		out = append(out, m.hopFact(lo+i, h))
	}
	return out
}

func (m *Model) hopFact(i int, h *Hop) fact.Object {
	f := fact.Object{
		"id", i, "kind", h.Kind, "controller", h.Controller, "source", m.sourceFact(h.Source),
		"via", fact.Object{"ref", m.refFact(h.Via.Ref()), "namespace", NamespaceOf(h.Via), "line", h.ViaLine},
		"target", m.refFact(h.Target.Ref), "target_fqdn", m.FQDN(h.Target.Namespace, h.Target.Name),
		"port", h.Port.Port, "protocol", string(h.Port.Protocol), "sniffed", h.Port.Protocol == Sniffed,
		"http", h.Port.Protocol.IsHTTP(), "host", hostFact(h.Host), "bypass", h.Bypass, "pod_ips", h.PodIPs,
		"route", h.Route, "host_match", h.HostMatch, "client_tls", h.ClientTLS,
		"outcome", h.Outcome, "why", h.Why, "server_first", h.ServerFirst,
		"target_meshed_endpoints", countMeshed(h.Dest()), "target_alias_of", nil,
		"target_visible", h.Dest().Visible(h.Source.Namespace), "target_export_to", m.exportToFact(h.Dest()),
		"suggested_host", m.suggestedHost(h),
		"routed_to", nil, "routed_via", m.refOrNil(&h.RoutedVia), "destination_rule", nil, "server", nil, "sidecar", nil,
		"waypoint", nil,
		"denied_by", refList(m, h.DeniedBy, func(a *AuthzPolicy) manifest.Ref { return a.Ref }),
		"denied_by_action", h.DenyAction, "custom_authz", m.customFacts(h.Custom),
		"denied_principal", h.DeniedPrincipal, "denied_at", h.DeniedAt,
		"gateway", m.gatewayFact(h.Gateway),
	}
	if h.Sidecar != nil {
		d := h.Dest()
		f.Set("sidecar", fact.Object{"ref", m.refFact(h.Sidecar.Ref), "egress_line", h.Sidecar.egressLine(),
			"outbound", h.Sidecar.Outbound, "imports_target", h.Sidecar.Imports(d, h.Port.Port, h.Source.Namespace, m.FQDN(d.Namespace, d.Name))})
	}
	if h.Alias != nil {
		f.Set("target_alias_of", m.refFact(h.Alias.Ref))
	}
	if wp := h.Waypoint; wp != nil {
		f.Set("waypoint", fact.Object{"ref", m.refFact(wp.Ref), "principal", wp.Principal(), "line", wp.Obj.Line})
	}
	if h.RoutedTo != nil {
		f.Set("routed_to", m.refFact(h.RoutedTo.Ref))
	}
	if h.DestRule != nil {
		f.Set("destination_rule", m.refFact(h.DestRule.Ref))
	}
	if h.Server != nil {
		f.Set("server", m.serverFact(h))
	}
	return f
}

func countMeshed(s *Service) int {
	n, _ := s.endpointCounts()
	return n
}

func (m *Model) sourceFact(s Source) fact.Object {
	return fact.Object{"ref", m.refFact(s.Ref), "namespace", s.Namespace, "meshed", s.Meshed,
		"meshed_known", s.MeshedKnown, "why", s.Why, "is_workload", s.Workload != nil,
		"dataplane", s.Dataplane().String()}
}

func hostFact(h Host) fact.Object {
	return fact.Object{"value", h.Value, "resolved", h.Resolved, "external", h.External,
		"origin", h.Origin, "line", h.Line}
}

func (m *Model) serverFact(h *Hop) fact.Object {
	f := fact.Object{"ref", m.refFact(h.Server.Ref), "meshed", h.Server.Meshed, "captured", h.Captured,
		"dataplane", h.Server.Dataplane.String(), "proxy", h.Server.Dataplane.Proxy(),
		"container_port", h.ServerPort, "mode", nil, "mode_policy", nil, "mode_line", 0}
	if h.Captured {
		f.Set("mode", h.ServerMode.Mode)
		f.Set("mode_line", h.ServerMode.Line)
		if h.ServerMode.Policy != nil {
			f.Set("mode_policy", m.refFact(h.ServerMode.Policy.Ref))
		}
	}
	return f
}

// suggestedHost is the Host header that routes to the target from the
// client's namespace: the short name in the same namespace, else svc.ns.
func (m *Model) suggestedHost(h *Hop) string {
	if h.Source.Namespace == h.Target.Namespace {
		return h.Target.Name
	}
	return h.Target.Name + "." + h.Target.Namespace
}

func (m *Model) ingressFacts(lo, hi int) []any {
	out := make([]any, 0, len(m.Ingresses))
	for _, in := range m.Ingresses[lo:hi] {
		st := m.controllerFor(in)
		ctrl := fact.Object{"class", st.Class, "known", st.Known, "meshed", st.Meshed, "why", st.Why, "ref", nil}
		if st.Workload != nil {
			ctrl.Set("ref", m.refFact(st.Workload.Ref))
		}
		out = append(out, fact.Object{"ref", m.refFact(in.Ref), "line", in.Obj.Line, "controller", ctrl, "program", in.Program,
			"nginx_annotations", in.NginxAnnotations,
			"upstream_vhost", in.UpstreamVhost, "service_upstream", in.ServiceUpstream,
			"annotations_line", in.annotationsLine, "annotations_prefix", in.AnnPrefix})
	}
	return out
}
