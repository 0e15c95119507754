package mesh

import (
	"slices"
	"strconv"
)

// What ztunnel makes of an AuthorizationPolicy
// (pilot/pkg/serviceregistry/ambient/authorization.go
// convertAuthorizationPolicy, handleRule): it enforces ALLOW and DENY
// policies bound by selector or namespace (targetRef ones are for
// waypoints) at L4. It does not support the CUSTOM and AUDIT actions, nor
// dry-run policies unless istiod enables them, and drops a rule's HTTP
// attributes: an ALLOW rule with any never matches, a DENY rule with any
// is enforced on its L4 part alone.

// httpOperationKeys and httpSourceKeys are httpOperations and
// httpSources; l4When is l4WhenAttributes.
var (
	httpOperationKeys = []string{"hosts", "notHosts", "methods", "notMethods", "paths", "notPaths"}
	httpSourceKeys    = []string{"remoteIpBlocks", "notRemoteIpBlocks", "requestPrincipals", "notRequestPrincipals"}
	l4When            = map[string]bool{"source.ip": true, "source.namespace": true, "source.principal": true,
		"destination.ip": true, "destination.port": true}
)

// httpAttributes lists the HTTP attributes of a rule, as handleRule finds
// them (a field counts when it is a non-empty list; a when key counts
// whatever its values).
func httpAttributes(r map[string]any) []string {
	var out []string
	for _, t := range listAt(r, "to") {
		out = appendListed(out, mapAt(asMap(t), "operation"), httpOperationKeys)
	}
	for _, f := range listAt(r, "from") {
		out = appendListed(out, mapAt(asMap(f), "source"), httpSourceKeys)
	}
	for _, c := range listAt(r, "when") {
		if k := strAt(asMap(c), "key"); !l4When[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func appendListed(out []string, m map[string]any, keys []string) []string {
	for _, k := range keys {
		if len(listAt(m, k)) > 0 {
			out = append(out, k)
		}
	}
	return out
}

// dryRun is the istio.io/dry-run annotation (strconv.ParseBool, as
// convertAuthorizationPolicy and the sidecar's builder read it): such a
// policy is only logged, never enforced.
func dryRun(annotations map[string]string) bool {
	b, _ := strconv.ParseBool(annotations["istio.io/dry-run"])
	return b
}

// ztunnelWorkloads lists the ambient workloads whose ztunnel receives ap
// (selector or namespace scope; the root namespace's reach every
// namespace, workloads.go buildWorkloadPolicies).
func (m *Model) ztunnelWorkloads(ap *AuthzPolicy) []*Workload {
	if ap.TargetRef {
		return nil
	}
	candidates := m.wlByNS[ap.Namespace]
	if ap.Namespace == m.Settings.RootNamespace {
		candidates = m.Workloads
	}
	var out []*Workload
	for _, w := range candidates {
		if w.Dataplane == DataplaneAmbient && (ap.Selector == nil || selectsAll(ap.Selector, w.Labels)) {
			out = append(out, w)
		}
	}
	return out
}
