package mesh

// DestRuleFor returns the DestinationRule a client in namespace client
// that no workloadSelector rule selects applies to the Service host fqdn
// of namespace hostNS, or nil.
func (m *Model) DestRuleFor(client, hostNS, fqdn string) *DestRule {
	return m.DestRuleForClient(client, nil, hostNS, fqdn)
}

// DestRuleForClient returns the DestinationRule a client workload with
// labels (nil: one no selector matches) in namespace client applies to the
// Service host fqdn of namespace hostNS, or nil.
// Istio: pilot/pkg/model/push_context.go destinationRule: a client outside
// the root namespace looks first at its namespace's local rules (every
// rule there exported to ".", "*" or its own namespace, and every rule
// with a workloadSelector); a client in the root namespace at the root's
// private rules. Then the host namespace's exported rules, then the root
// namespace's: in each, the most specific host is chosen first and only
// then checked for export to the client. The first namespace with a match
// wins; nothing is inherited.
func (m *Model) DestRuleForClient(client string, labels map[string]string, hostNS, fqdn string) *DestRule {
	root := m.Settings.RootNamespace
	local := m.drIx.local[client]
	if client == root {
		local = m.drIx.rootLocal
	}
	if mds := local.match(fqdn); len(mds) > 0 {
		return pickForClient(mds, labels)
	}
	if dr, ok := m.exportedRule(hostNS, fqdn, client); ok {
		return dr
	}
	dr, _ := m.exportedRule(root, fqdn, client)
	return dr
}

// pickForClient is sidecar.go SidecarScope.DestinationRule for outbound
// traffic: the first rule whose workloadSelector selects the client, else
// the last rule without a selector, else none: a namespace whose rules for
// the host all have selectors gives the clients they do not select no
// rule at all (the lookup does not go on to other namespaces).
func pickForClient(mds []*mergedDR, labels map[string]string) *DestRule {
	var catchAll *DestRule
	for _, md := range mds {
		if md.selector == nil {
			catchAll = md.rule()
			continue
		}
		if labels != nil && selectsAll(md.selector, labels) {
			return md.rule()
		}
	}
	return catchAll
}

// exportedRule is getExportedDestinationRuleFromNamespace; ok reports a
// host match, even when nothing is exported to the client (Istio then
// goes on to the next namespace, as ok=false does here).
func (m *Model) exportedRule(owner, fqdn, client string) (*DestRule, bool) {
	var out *DestRule
	for _, md := range m.drIx.exported[owner].match(fqdn) {
		if len(md.exportTo) == 0 || contains(md.exportTo, "*") || contains(md.exportTo, client) {
			out = md.rule()
		}
	}
	return out, out != nil
}
