package mesh

import (
	"net"
	"net/netip"
	"strings"
)

// NormalizeHost lowercases a Host header value and drops its port: the
// sidecar ignores the port when matching (Istio >= 1.16,
// ignore_port_in_host_matching) and matches case-insensitively.
func NormalizeHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if !strings.Contains(h, ":") { // net.SplitHostPort fails, and makes an error to say so
		return h
	}
	if host, _, err := net.SplitHostPort(h); err == nil {
		return strings.Trim(host, "[]")
	}
	return h
}

// LookupName resolves a name as a pod in namespace client would, through the
// cluster DNS search path (client.svc.<domain>, svc.<domain>, <domain>):
// "svc", "svc.ns", "svc.ns.svc", "svc.ns.svc.<domain>[.]", or a ClusterIP.
func (m *Model) LookupName(name, client string) *Service {
	name = strings.TrimSuffix(NormalizeHost(name), ".")
	if _, err := netip.ParseAddr(name); err == nil {
		return m.svcByIP[name]
	}
	ns, svc, ok := m.splitServiceName(name, client)
	if !ok {
		return nil
	}
	return m.svcByName[nsName{ns, svc}]
}

func (m *Model) splitServiceName(name, client string) (ns, svc string, ok bool) {
	svc, rest, dotted := strings.Cut(name, ".")
	if !dotted { // svc
		return client, svc, true
	}
	ns, rest, dotted = strings.Cut(rest, ".")
	if !dotted || rest == "svc" { // svc.ns, svc.ns.svc
		return ns, svc, true
	}
	if domain, ok := strings.CutPrefix(rest, "svc."); ok && domain == m.Settings.ClusterDomain { // svc.ns.svc.<domain>
		return ns, svc, true
	}
	return "", "", false
}

// VirtualHostDomain reports whether Host h (normalized) is one of the
// domains of Service s as seen by a client in namespace client: svc (same
// namespace only), svc.ns, svc.ns.svc, svc.ns.svc.<domain>[.], a ClusterIP.
// Istio: pilot/pkg/networking/core/httproute.go generateVirtualHostDomains.
func (m *Model) VirtualHostDomain(s *Service, h, client string) bool {
	if contains(s.ClusterIPs, h) {
		return true
	}
	h = strings.TrimSuffix(h, ".")
	if !strings.Contains(h, ".") {
		return client == s.Namespace && h == s.Name
	}
	ns, svc, ok := m.splitServiceName(h, client)
	return ok && ns == s.Namespace && svc == s.Name
}

// vsForHost finds a mesh-bound VirtualService visible to client, in the
// route table of port, whose hosts cover h.
func (m *Model) vsForHost(h, client string, port int) *VirtualService {
	fqdn := m.canonicalHost(h, client)
	for _, cand := range [][]*VirtualService{m.vsByHost[fqdn], m.vsByHost[h], m.vsWildcard} {
		for _, vs := range cand {
			if vs.covers(h, fqdn, client) && m.vsOnPort(vs, port) {
				return vs
			}
		}
	}
	return nil
}

// vsOnPort: on any port but 80, a VirtualService joins the route table
// only when one of its hosts is a Service with that port; then all its
// hosts become virtual hosts there.
// Istio: pilot/pkg/networking/core/httproute.go BuildSidecarOutboundVirtualHosts
// ("if listenerPort != 80 ... selectVirtualServices").
func (m *Model) vsOnPort(vs *VirtualService, port int) bool {
	if port == 80 {
		return true
	}
	for _, h := range vs.Hosts {
		for _, s := range m.servicesMatching(h) {
			if p, ok := s.Port(port); ok && (p.Protocol.IsHTTP() || p.Protocol == Sniffed) {
				return true
			}
		}
	}
	return false
}

func (vs *VirtualService) covers(h, fqdn, client string) bool {
	if !vs.MeshBound || !exportedTo(vs.ExportTo, vs.Namespace, client) {
		return false
	}
	for _, vh := range vs.Hosts {
		if hostMatches(vh, fqdn) || hostMatches(vh, h) {
			return true
		}
	}
	return false
}

// indexVirtualServices indexes mesh-bound VirtualServices by exact host;
// those with a wildcard host are kept aside and always tried.
func (m *Model) indexVirtualServices() {
	m.vsByHost = map[string][]*VirtualService{}
	for _, vs := range m.VirtualSvcs {
		wild := false
		for _, h := range vs.Hosts {
			if strings.HasPrefix(h, "*") {
				wild = true
				continue
			}
			m.vsByHost[h] = append(m.vsByHost[h], vs)
		}
		if wild {
			m.vsWildcard = append(m.vsWildcard, vs)
		}
	}
}

// seForHost finds a ServiceEntry visible to client with host h.
func (m *Model) seForHost(h, client string) *ServiceEntry {
	for _, se := range m.ServiceEntries {
		if !exportedTo(se.ExportTo, se.Namespace, client) {
			continue
		}
		for _, sh := range se.Hosts {
			if hostMatches(sh, h) {
				return se
			}
		}
	}
	return nil
}

// canonicalHost expands a service-like name to its FQDN for client.
func (m *Model) canonicalHost(h, client string) string {
	h = strings.TrimSuffix(h, ".")
	if ns, svc, ok := m.splitServiceName(h, client); ok {
		return svc + "." + ns + ".svc." + m.Settings.ClusterDomain
	}
	return h
}
