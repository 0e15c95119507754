package mesh

import (
	"sort"
	"strings"

	"github.com/meshlint/meshlint/internal/fact"
	"github.com/meshlint/meshlint/internal/manifest"
)

func (m *Model) peerAuthFacts(lo, hi int) []any {
	out := make([]any, 0, len(m.PeerAuths))
	for _, pa := range m.PeerAuths[lo:hi] {
		selected := m.selectedBy(pa)
		var ports []any
		for _, port := range sortedInts(pa.PortModes) {
			ports = append(ports, fact.Object{"port", port, "mode", pa.PortModes[port],
				"line", pa.portLines[port].entry, "bound", m.portBound(selected, port),
				"container_port_declared", portDeclared(selected, port)})
		}
		f := fact.Object{"ref", m.refFact(pa.Ref), "line", pa.Obj.Line, "scope", pa.Scope, "mode", pa.Mode,
			"has_selector", pa.Selector != nil, "ignored", pa.Ignored, "ignored_reason", pa.IgnoredReason,
			"winner", nil, "selected_workloads", len(selected), "port_level", orEmpty(ports)}
		if pa.Winner != nil {
			f.Set("winner", m.refFact(pa.Winner.Ref))
		}
		out = append(out, f)
	}
	return out
}

func (m *Model) selectedBy(pa *PeerAuth) []*Workload {
	if pa.Selector == nil {
		return nil
	}
	var out []*Workload
	for _, w := range m.wlByNS[pa.Namespace] {
		if selectsAll(pa.Selector, w.Labels) {
			out = append(out, w)
		}
	}
	return out
}

// portBound: a portLevelMtls key counts only when it is a container port
// some Service targets on a selected workload (istio/istio#49098).
func (m *Model) portBound(ws []*Workload, port int) bool {
	for _, w := range ws {
		for _, bp := range m.svcPorts[w] {
			if bp.container == port {
				return true
			}
		}
	}
	return false
}

// portDeclared: a selected workload declares the container port. Istio
// builds a per-port passthrough filter chain for such a key, which governs
// traffic sent straight to the pod port (pilot/pkg/networking/core/
// listener_inbound.go buildInboundPassthroughChains).
func portDeclared(ws []*Workload, port int) bool {
	for _, w := range ws {
		for _, c := range w.Containers {
			for _, p := range c.Ports {
				if p.Port == port {
					return true
				}
			}
		}
	}
	return false
}

func (m *Model) destRuleFacts(lo, hi int) []any {
	out := make([]any, 0, len(m.DestRules))
	for _, dr := range m.DestRules[lo:hi] {
		ns, checkable := m.hostNamespace(dr.FQDN)
		matches := m.hostsMatching(dr.FQDN)
		out = append(out, fact.Object{"ref", m.refFact(dr.Ref), "line", dr.Obj.Line, "host", dr.Host, "fqdn", dr.FQDN,
			"host_line", dr.hostLine, "wildcard", strings.HasPrefix(dr.FQDN, "*"),
			"host_namespace", ns, "host_checkable", checkable && m.HasNamespace(ns),
			"matches", matches, "tls_mode", tlsMode(dr.TLS), "has_selector", dr.Selector != nil})
	}
	return out
}

func tlsMode(t *TLSSetting) string {
	if t == nil {
		return ""
	}
	return t.Mode
}

// hostNamespace tells which namespace a config host points into:
// svc.ns.svc.<domain> and *.ns.svc.<domain>, and also the dotted short
// forms svc.ns and svc.ns.svc that Istio does not expand (they match
// nothing, which is the mistake ML501/ML502 catch). Other hosts (external
// names, *.local) have no namespace the inputs could hold.
func (m *Model) hostNamespace(fqdn string) (string, bool) {
	rest, ok := strings.CutSuffix(fqdn, ".svc."+m.Settings.ClusterDomain)
	if !ok {
		rest = strings.TrimSuffix(fqdn, ".svc")
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return "", false
	}
	return parts[1], true
}

// hostsMatching lists the Services and ServiceEntries a config host covers.
func (m *Model) hostsMatching(pattern string) []any {
	out := []any{}
	for _, s := range m.servicesMatching(pattern) {
		out = append(out, m.refFact(s.Ref))
	}
	for _, se := range m.ServiceEntries {
		for _, h := range se.Hosts {
			if hostMatches(pattern, h) || hostMatches(h, pattern) {
				out = append(out, m.refFact(se.Ref))
				break
			}
		}
	}
	return out
}

func (m *Model) servicesMatching(pattern string) []*Service {
	if !strings.HasPrefix(pattern, "*") {
		if ns, ok := m.hostNamespace(pattern); ok {
			name := strings.TrimSuffix(pattern, "."+ns+".svc."+m.Settings.ClusterDomain)
			if s := m.Service(ns, name); s != nil {
				return []*Service{s}
			}
		}
		return nil
	}
	var out []*Service
	for _, s := range m.Services {
		if hostMatches(pattern, m.FQDN(s.Namespace, s.Name)) {
			out = append(out, s)
		}
	}
	return out
}

func (m *Model) virtualServiceFacts(lo, hi int) []any {
	out := make([]any, 0, len(m.VirtualSvcs))
	for _, vs := range m.VirtualSvcs[lo:hi] {
		dests := make([]any, 0, len(vs.Destinations))
		for _, d := range vs.Destinations {
			ns, checkable := m.hostNamespace(d.FQDN)
			dests = append(dests, fact.Object{"host", d.Host, "fqdn", d.FQDN, "line", d.Line, "port", d.Port,
				"host_namespace", ns, "host_checkable", checkable && m.HasNamespace(ns), "matches", m.hostsMatching(d.FQDN),
				"subset", d.Subset})
		}
		out = append(out, fact.Object{"ref", m.refFact(vs.Ref), "line", vs.Obj.Line, "mesh_bound", vs.MeshBound,
			"destinations", dests})
	}
	return out
}

func sortedInts[V any](mp map[int]V) []int {
	out := make([]int, 0, len(mp))
	for k := range mp {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func orEmpty(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

var _ = manifest.Ref{}
