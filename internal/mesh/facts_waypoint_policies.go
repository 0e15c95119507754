package mesh

import "github.com/meshlint/meshlint/internal/fact"

// unboundTargetFacts: the targetRefs of AuthorizationPolicies that name a
// Service the inputs hold and that no waypoint serves. Such a policy
// reaches no proxy: sidecars and ztunnel ignore targetRefs policies, and
// only a waypoint takes one naming a Service (policyattachment.go
// ShouldAttachPolicy); istiod says so on the policy's status, condition
// WaypointAccepted false with reason AncestorNotBound, "Service NS/NAME is
// not bound to a waypoint" (pilot/pkg/serviceregistry/ambient/policies.go
// WaypointPolicyStatusCollection, pilot/pkg/model/service.go
// WaypointPolicyReasonAncestorNotBound). One fact per such target: ref,
// line (of the targetRef), action, service, why (the Service's waypoint
// binding). A Service whose binding the inputs do not tell is left out.
func (m *Model) unboundTargetFacts(lo, hi int) []any {
	var out []any
	for _, ap := range m.AuthzPolicies[lo:hi] {
		if !ap.TargetRef || ap.DryRun {
			continue
		}
		for _, t := range ap.Targets {
			s := m.Service(ap.Namespace, t.Name)
			if t.Group != "" || t.Kind != "Service" || s == nil || !s.Waypoint.Known || s.Waypoint.Waypoint != nil {
				continue
			}
			out = append(out, fact.Object{"ref", m.refFact(ap.Ref), "line", t.Line, "action", ap.Action,
				"service", m.refFact(s.Ref), "why", s.Waypoint.Why})
		}
	}
	return out
}
