package mesh

import "sort"

// Application is the DestinationRule a group of client namespaces applies
// to one Service port, with what the endpoints accept.
type Application struct {
	Service  *Service
	Port     ServicePort
	Clients  []string          // client namespaces; "*" = every other meshed namespace
	Selector map[string]string // the DestinationRule's workloadSelector: only the clients it selects
	Subset   *Subset           // the subset a mesh VirtualService routes to, nil for the Service's own cluster
	DestRule *DestRule
	TLS      *TLSSetting
}

// ClientNamespaces are the namespaces with a meshed workload, sorted: the
// clients whose sidecars apply DestinationRules.
func (m *Model) ClientNamespaces() []string { return m.clientNamespaces() }

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
	selected := m.selectorRules(special, fqdn)
	var out []Application
	for _, p := range s.Ports {
		for _, dr := range order {
			a := newApplication(s, p, dr, groups[dr])
			out = append(append(out, a), m.subsetApplications(a)...)
		}
		for _, sr := range selected {
			a := newApplication(s, p, sr.rule, []string{sr.ns})
			a.Selector = sr.rule.Selector
			out = append(out, a)
		}
	}
	return out
}

func anySelector(mds []*mergedDR) bool {
	for _, md := range mds {
		if md.selector != nil {
			return true
		}
	}
	return false
}

func newApplication(s *Service, p ServicePort, dr *DestRule, clients []string) Application {
	a := Application{Service: s, Port: p, Clients: clients, DestRule: dr}
	if dr != nil {
		a.TLS = dr.TLSFor(p.Port)
	}
	return a
}

// selectorRule is a workloadSelector DestinationRule that some meshed
// client of its namespace applies.
type selectorRule struct {
	ns   string
	rule *DestRule
}

// selectorRules lists, for the client namespaces that hold rules for
// fqdn, the workloadSelector rules that some meshed workload there
// applies (the first rule selecting it: sidecar.go DestinationRule).
func (m *Model) selectorRules(namespaces []string, fqdn string) []selectorRule {
	var out []selectorRule
	for _, c := range namespaces {
		local := m.drIx.local[c]
		if c == m.Settings.RootNamespace {
			local = m.drIx.rootLocal
		}
		mds := local.match(fqdn)
		if !anySelector(mds) {
			continue
		}
		used := map[*DestRule]bool{}
		for _, w := range m.wlByNS[c] {
			dr := pickForClient(mds, w.Labels)
			if w.Meshed && dr != nil && dr.Selector != nil && !used[dr] {
				used[dr] = true
				out = append(out, selectorRule{c, dr})
			}
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
