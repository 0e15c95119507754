package mesh

import "strings"

// Aliases: a Service of type ExternalName whose externalName is the host of
// another Service is an alias of it.
// Istio: pkg/serviceregistry/kube/conversion.go ConvertService (ExternalName
// -> Resolution Alias); pilot/pkg/model/push_context.go resolveServiceAliases
// (alias -> concrete, through chains of aliases; a loop resolves to
// nothing); pilot/pkg/networking/core/route/route.go
// BuildSidecarVirtualHostWrapper, cluster.go buildOutboundClusters and
// listener.go buildSidecarOutboundListener (an alias has no virtual host,
// cluster or listener of its own); httproute.go generateVirtualHostDomains
// (the concrete Service's virtual host carries the alias's names).
// So a request to an alias is the concrete Service's: its port, its
// endpoints, its DestinationRule; only a Host that is a name of the alias
// or of the concrete Service finds that virtual host.

// concreteOf resolves an alias to the Service it stands for, nil when s is
// no alias or the inputs lack the concrete Service.
func (m *Model) concreteOf(s *Service) *Service {
	seen := map[*Service]bool{}
	for s != nil && s.ExternalName != "" {
		if seen[s] {
			return nil
		}
		seen[s] = true
		s = m.serviceByHost(s.ExternalName)
	}
	if len(seen) == 0 {
		return nil
	}
	return s
}

// serviceByHost finds the Service whose mesh host name is h exactly (host
// names are not namespaced, as an ExternalName is not).
func (m *Model) serviceByHost(h string) *Service {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	suffix := ".svc." + m.Settings.ClusterDomain
	if !strings.HasSuffix(h, suffix) {
		return nil
	}
	parts := strings.Split(strings.TrimSuffix(h, suffix), ".")
	if len(parts) != 2 {
		return nil
	}
	return m.svcByName[nsName{parts[1], parts[0]}]
}

// resolveAlias points a hop to an alias at the concrete Service: its port
// of the same number, whose protocol the client's listener has.
func (m *Model) resolveAlias(h *Hop) {
	c := m.concreteOf(h.Target)
	if c == nil {
		return
	}
	if p, ok := c.Port(h.Port.Port); ok {
		h.Alias, h.Port = c, p
	}
}

// Dest is the Service whose cluster the hop reaches: the concrete Service
// of an alias, else the target.
func (h *Hop) Dest() *Service {
	if h.Alias != nil {
		return h.Alias
	}
	return h.Target
}

// registryName is the Service whose virtual host a name reaches: the
// Service it names, or the concrete Service of an alias it names.
func (m *Model) registryName(host, client string) *Service {
	s := m.LookupName(host, client)
	if c := m.concreteOf(s); c != nil {
		return c
	}
	return s
}

// servesHost reports whether the virtual host of the hop's destination
// holds Host host for a client in namespace client.
func (m *Model) servesHost(h *Hop, host, client string) bool {
	if !m.knows(h, h.Dest()) {
		return false
	}
	return m.namesOf(h.Dest(), host, client) || m.VirtualHostDomain(h.Target, host, client)
}

// namesOf reports whether Host host is a domain of the virtual host of
// Service s: one of its own names, or one of an alias of it.
func (m *Model) namesOf(s *Service, host, client string) bool {
	if !s.Visible(client) {
		return false
	}
	if m.VirtualHostDomain(s, host, client) {
		return true
	}
	a := m.LookupName(host, client)
	return a != nil && a != s && m.concreteOf(a) == s && m.VirtualHostDomain(a, host, client)
}
