package mesh

import "strings"

// Trust domains in principal matching. Sidecars and waypoints (Envoy RBAC
// built by pilot/pkg/security/authz/builder) match a principal whose trust
// domain is the mesh's, one of its trustDomainAliases, or "cluster.local"
// against every one of them (pilot/pkg/networking/plugin/authz/
// authorization.go NewBundle, pilot/pkg/security/trustdomain/bundle.go
// ReplaceTrustDomainAliases). ztunnel gets the principals as written
// (pilot/pkg/serviceregistry/ambient/authorization.go stringToMatch) and
// matches them against the peer's SPIFFE ID as is (ztunnel src/rbac.rs
// matches_principal): no alias, and "cluster.local" means only itself.

// bundle is the trust domain and its aliases, for Envoy's matching; nil
// for ztunnel's.
func (m *Model) bundle() []string {
	in := m.istiod()
	return append([]string{in.trustDomain}, in.aliases...)
}

// principal is the SPIFFE identity (without spiffe://) of a service
// account, in the mesh's trust domain.
func (m *Model) principal(ns, sa string) string {
	return m.istiod().trustDomain + "/ns/" + ns + "/sa/" + sa
}

// withAliases is ReplaceTrustDomainAliases over patterns.
func withAliases(patterns, bundle []string) []string {
	if bundle == nil {
		return patterns
	}
	var out []string
	for _, p := range patterns {
		parts := strings.Split(p, "/")
		if len(parts) != 5 || parts[0] == "*" || (!tdListed(parts[0], bundle) && parts[0] != "cluster.local") {
			out = append(out, p)
			continue
		}
		for _, td := range bundle {
			if tdSuffix(td, parts[0]) {
				out = append(out, p)
			} else {
				out = append(out, td+"/"+strings.Join(parts[1:], "/"))
			}
		}
	}
	return out
}

// tdListed is trustdomain/util.go stringMatch.
func tdListed(a string, list []string) bool {
	for _, s := range list {
		if a == s || s == "*" || tdPrefix(a, s) || tdPrefix(s, a) || tdSuffix(a, s) || tdSuffix(s, a) {
			return true
		}
	}
	return false
}

func tdPrefix(a, pattern string) bool {
	return strings.HasSuffix(pattern, "*") && strings.HasPrefix(a, strings.TrimSuffix(pattern, "*"))
}

func tdSuffix(a, pattern string) bool {
	return strings.HasPrefix(pattern, "*") && strings.HasSuffix(a, strings.TrimPrefix(pattern, "*"))
}
