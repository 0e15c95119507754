package mesh

import (
	"slices"

	"github.com/meshlint/meshlint/internal/fact"
	"github.com/meshlint/meshlint/internal/manifest"
)

// Traffic rules that nothing applies in an ambient mesh. DestinationRules
// and VirtualServices are Envoy configuration: sidecars (their clients'),
// gateways and waypoints apply them; ztunnel, which carries the traffic
// between ambient workloads without a waypoint, reads neither
// (mesh-semantics §11). When the inputs hold no workload with a sidecar,
// a rule for a Service whose workloads are all ambient and which uses no
// waypoint applies to nothing the inputs show (a sidecar client outside
// the inputs, or an ingress gateway, would still apply it: the finding is
// info).

// unappliedFacts: ref, line (of its host), service (the Service it is
// for), for the Services lo to hi.
func (m *Model) unappliedFacts(lo, hi int) []any {
	out := []any{}
	if m.anySidecar() {
		return out
	}
	for _, s := range m.Services[lo:hi] {
		if !m.ambientOnly(s) {
			continue
		}
		fqdn := m.FQDN(s.Namespace, s.Name)
		for _, dr := range m.DestRules {
			if dr.FQDN == fqdn {
				out = append(out, m.unappliedFact(dr.Obj, dr.hostLine, s))
			}
		}
		for _, vs := range m.VirtualSvcs {
			if vs.MeshBound && slices.Contains(vs.Hosts, fqdn) {
				out = append(out, m.unappliedFact(vs.Obj, vs.hostsLine, s))
			}
		}
	}
	return out
}

func (m *Model) unappliedFact(o *manifest.Object, line int, s *Service) fact.Object {
	ref := o.Ref()
	ref.Namespace = NamespaceOf(o)
	return fact.Object{"ref", m.refFact(ref), "line", line, "service", m.refFact(s.Ref)}
}

// anySidecar reports whether a workload of the inputs has a sidecar.
func (m *Model) anySidecar() bool {
	for _, w := range m.Workloads {
		if w.Meshed {
			return true
		}
	}
	return false
}

// ambientOnly: the Service selects workloads, all known to be ambient,
// and uses no waypoint (as far as the inputs tell).
func (m *Model) ambientOnly(s *Service) bool {
	if len(s.Workloads) == 0 || !s.Waypoint.Known || s.Waypoint.Waypoint != nil {
		return false
	}
	for _, w := range s.Workloads {
		if w.Dataplane != DataplaneAmbient || !w.MeshedKnown {
			return false
		}
	}
	return true
}
