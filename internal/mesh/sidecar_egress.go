package mesh

// Imports reports whether a Sidecar's egress listeners import Service s on
// port for a workload in namespace client, and the listener that decides
// when one does not (for its line).
// Istio: pilot/pkg/model/sidecar.go initSidecarScopeInternalIndexes (no
// egress = "*/*"), convertIstioListenerToWrapper ("." = the workload's
// namespace), selectServices (an exclusion in the Service's namespace or
// "*" wins; then "ns/host", then "*/host"), matchingService (a listener
// with a port imports only that port).
func (sc *SidecarRes) Imports(s *Service, port int, client, fqdn string) bool {
	if sc == nil || len(sc.Egress) == 0 {
		return true
	}
	for _, l := range sc.Egress {
		if (l.Port == 0 || l.Port == port) && l.imports(s.Namespace, client, fqdn) {
			return true
		}
	}
	return false
}

func (l EgressListener) imports(svcNS, client, fqdn string) bool {
	found := false
	for _, h := range l.Hosts {
		ns := h.NS
		if ns == "." {
			ns = client
		}
		if ns != "*" && ns != svcNS {
			continue
		}
		if !hostMatches(h.Name, fqdn) {
			continue
		}
		if h.Excluded {
			return false
		}
		found = true
	}
	return found
}

// egressLine is the line of the Sidecar's first egress hosts, where a
// missing import is written.
func (sc *SidecarRes) egressLine() int {
	if len(sc.Egress) == 0 {
		return 0
	}
	return sc.Egress[0].Line
}

// registryOnly is the outbound traffic policy of a hop's client: its
// Sidecar's outboundTrafficPolicy, else the mesh's (sidecar.go
// initSidecarScopeInternalIndexes).
func (m *Model) registryOnly(h *Hop) bool {
	if h.Sidecar != nil && h.Sidecar.Outbound != "" {
		return h.Sidecar.Outbound == "REGISTRY_ONLY"
	}
	return m.Settings.RegistryOnly
}

// knows reports whether the hop's client sidecar has Service s in its
// registry on the hop's port: exported to its namespace and imported by
// its Sidecar.
func (m *Model) knows(h *Hop, s *Service) bool {
	return s.Visible(h.Source.Namespace) &&
		h.Sidecar.Imports(s, h.Port.Port, h.Source.Namespace, m.FQDN(s.Namespace, s.Name))
}
