package mesh

import "sort"

// Application is the DestinationRule a group of client namespaces applies
// to one Service port, with what the endpoints accept.
type Application struct {
	Service  *Service
	Port     ServicePort
	Clients  []string // client namespaces; "*" = every other meshed namespace
	DestRule *DestRule
	TLS      *TLSSetting
}

// clientNamespaces are the namespaces with a meshed workload: the clients
// whose sidecars apply DestinationRules.
func (m *Model) clientNamespaces() []string {
	if m.meshedNS != nil {
		return m.meshedNS
	}
	set := map[string]bool{}
	for _, w := range m.Workloads {
		if w.Meshed {
			set[w.Namespace] = true
		}
	}
	m.meshedNS = sortedKeys(set)
	return m.meshedNS
}

// Applications lists, for every port of s, the distinct DestinationRule
// outcomes over the meshed client namespaces: those with their own rules
// or named in an exportTo get their own entry; every other meshed
// namespace shares the lookup of a namespace that no rule names ("*").
func (m *Model) Applications(s *Service) []Application {
	clients := m.clientNamespaces()
	if len(clients) == 0 {
		return nil
	}
	special := m.specialClients(s)
	groups := map[*DestRule][]string{}
	var order []*DestRule
	add := func(dr *DestRule, c string) {
		if _, ok := groups[dr]; !ok {
			order = append(order, dr)
		}
		groups[dr] = append(groups[dr], c)
	}
	fqdn := m.FQDN(s.Namespace, s.Name)
	for _, c := range special {
		if m.isClient(c) {
			add(m.DestRuleFor(c, s.Namespace, fqdn), c)
		}
	}
	if other := m.otherClient(special); other != "" {
		add(m.DestRuleFor(other, s.Namespace, fqdn), "*")
	}
	var out []Application
	for _, p := range s.Ports {
		for _, dr := range order {
			a := Application{Service: s, Port: p, Clients: groups[dr], DestRule: dr}
			if dr != nil {
				a.TLS = dr.TLSFor(p.Port)
			}
			out = append(out, a)
		}
	}
	return out
}

// specialClients are the namespaces whose lookup for s can differ from the
// rest: the Service's own, those holding a rule for it, those an exportTo
// of a rule for it names.
func (m *Model) specialClients(s *Service) []string {
	set := map[string]bool{s.Namespace: true}
	fqdn := m.FQDN(s.Namespace, s.Name)
	for _, dr := range m.drsFor(fqdn) {
		set[dr.Namespace] = true
		for _, e := range dr.ExportTo {
			if e != "*" && e != "." && e != "~" {
				set[e] = true
			}
		}
	}
	out := sortedKeys(set)
	sort.Strings(out)
	return out
}

func (m *Model) drsFor(fqdn string) []*DestRule {
	if m.drByHost == nil {
		m.drByHost = map[string][]*DestRule{}
		for _, dr := range m.DestRules {
			key := dr.FQDN
			if len(key) > 0 && key[0] == '*' {
				key = "*"
			}
			m.drByHost[key] = append(m.drByHost[key], dr)
		}
	}
	out := append([]*DestRule(nil), m.drByHost[fqdn]...)
	for _, dr := range m.drByHost["*"] {
		if hostMatches(dr.FQDN, fqdn) {
			out = append(out, dr)
		}
	}
	return out
}

func (m *Model) isClient(ns string) bool {
	cs := m.clientNamespaces()
	i := sort.SearchStrings(cs, ns)
	return i < len(cs) && cs[i] == ns
}

func (m *Model) otherClient(special []string) string {
	skip := map[string]bool{}
	for _, s := range special {
		skip[s] = true
	}
	for _, c := range m.clientNamespaces() {
		if !skip[c] {
			return c
		}
	}
	return ""
}
