package mesh

// DestRuleFor returns the DestinationRule a client in namespace client
// applies to the Service host fqdn of namespace hostNS, or nil.
// Istio: pilot/pkg/model/push_context.go destinationRule: first the
// client's own namespace (every rule there, exported or not), then the
// host's namespace, then the root namespace, each only with rules exported
// to the client; the first namespace with a match wins, no inheritance.
func (m *Model) DestRuleFor(client, hostNS, fqdn string) *DestRule {
	if dr := mostSpecific(m.drByNS[client], fqdn, "", client); dr != nil {
		return dr
	}
	if hostNS != client {
		if dr := mostSpecific(m.drByNS[hostNS], fqdn, client, hostNS); dr != nil {
			return dr
		}
	}
	root := m.Settings.RootNamespace
	if root != client && root != hostNS {
		return mostSpecific(m.drByNS[root], fqdn, client, root)
	}
	return nil
}

// mostSpecific picks, among rules of one namespace, the exact host match,
// else the longest matching wildcard; among equals the first (Istio merges
// rules of one host and the first one's traffic policy stands).
// Istio: pilot/pkg/model/sidecar.go MostSpecificHostMatch.
// exportClient is "" for the client's own namespace (no export check).
// Rules with a workloadSelector are left out: they apply to selected
// clients only, which a per-namespace lookup cannot know.
func mostSpecific(drs []*DestRule, fqdn, exportClient, own string) *DestRule {
	var best *DestRule
	for _, dr := range drs {
		if dr.Selector != nil || !hostMatches(dr.FQDN, fqdn) {
			continue
		}
		if exportClient != "" && !exportedTo(dr.ExportTo, own, exportClient) {
			continue
		}
		if best == nil || moreSpecific(dr.FQDN, best.FQDN, fqdn) {
			best = dr
		}
	}
	return best
}

func moreSpecific(a, b, fqdn string) bool {
	if b == fqdn {
		return false
	}
	if a == fqdn {
		return true
	}
	return len(a) > len(b)
}
