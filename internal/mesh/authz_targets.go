package mesh

import (
	"strconv"

	"github.com/meshlint/meshlint/internal/manifest"
)

// targetRefs of AuthorizationPolicies, as istiod attaches them
// (pilot/pkg/model/policyattachment.go ShouldAttachPolicy): a policy with
// targetRefs reaches no sidecar and no ztunnel; a waypoint takes the ones
// naming a Service or ServiceEntry it serves (in the Service's
// namespace), its own Gateway (in the Gateway's namespace), or, from the
// root namespace, the GatewayClass istio-waypoint.

// policyTarget is one targetRef (targetRef or an entry of targetRefs).
type policyTarget struct {
	Group, Kind, Name string
	Line              int
}

// policyTargets reads the targets of o, whose spec is spec, each with its
// line (targetRef comes first).
func policyTargets(o *manifest.Object, spec map[string]any) []policyTarget {
	var out []policyTarget
	if one := mapAt(spec, "targetRef"); one != nil {
		out = append(out, newPolicyTarget(one, o.FieldLine("spec", "targetRef")))
	}
	for i, r := range listAt(spec, "targetRefs") {
		out = append(out, newPolicyTarget(asMap(r), o.FieldLine("spec", "targetRefs", strconv.Itoa(i))))
	}
	return out
}

func newPolicyTarget(r map[string]any, line int) policyTarget {
	return policyTarget{Group: strAt(r, "group"), Kind: strAt(r, "kind"), Name: strAt(r, "name"), Line: line}
}

// targets reports whether ap names the object (matchesGroupKind: the core
// group is "" or absent).
func (ap *AuthzPolicy) targets(group, kind, name string) bool {
	for _, t := range ap.Targets {
		if t.Group == group && t.Kind == kind && t.Name == name {
			return true
		}
	}
	return false
}

// waypointPolicies lists the enforced policies of one action that waypoint
// wp applies to the traffic of Service s (nil for workload-addressed
// traffic, which only its Gateway's and GatewayClass's policies judge).
func (m *Model) waypointPolicies(wp *Waypoint, s *Service, action string) []*AuthzPolicy {
	var out []*AuthzPolicy
	for _, ap := range m.AuthzPolicies {
		if !ap.TargetRef || ap.DryRun || ap.Action != action {
			continue
		}
		switch {
		case s != nil && ap.Namespace == s.Namespace && ap.targets("", "Service", s.Name),
			ap.Namespace == wp.Namespace && ap.targets(gatewayAPIGroup, "Gateway", wp.Name),
			ap.Namespace == m.Settings.RootNamespace && ap.targets(gatewayAPIGroup, "GatewayClass", waypointClass):
			out = append(out, ap)
		}
	}
	return out
}
