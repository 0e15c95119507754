package mutate

import (
	"fmt"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// ManagedBy is the label that marks the objects meshlint writes.
const ManagedBy = "app.kubernetes.io/managed-by"

// GeneratedObject is an object MM04 creates.
type GeneratedObject struct {
	Ref     manifest.Ref
	Body    map[string]any
	Service *manifest.Object // the Service it is for (where Change.Line is)
	Change  Change
}

// Generate is MM04 (generate-destination-rules): an ISTIO_MUTUAL
// DestinationRule for each Service whose endpoints all have sidecars that
// capture its ports and that no DestinationRule applies to for some meshed
// client namespace (ML104), named after the Service (with a suffix when
// the name is taken) in its namespace, host the FQDN.
//
// It never shadows a user's rule. The new rule sits in the Service's
// namespace and is exported everywhere, so the lookup path (client
// namespace, then the host's, then the root's: docs/mesh-semantics.md §6)
// reaches it before any rule of the root namespace, and next to any rule of
// the Service's namespace (more specific, or merged with it): a Service
// that a rule in either namespace covers gets none. Rules in a client's own
// namespace come first in the lookup and stay in force.
func Generate(m *mesh.Model) []GeneratedObject {
	taken := map[[2]string]bool{}
	for _, d := range m.DestRules {
		taken[[2]string{d.Namespace, d.Ref.Name}] = true
	}
	var out []GeneratedObject
	for _, s := range m.Services {
		if !wantsDestRule(s, m) {
			continue
		}
		name := freeName(taken, s.Namespace, s.Name)
		g := GeneratedObject{
			Ref:     manifest.Ref{APIVersion: drAPIVersion, Kind: "DestinationRule", Namespace: s.Namespace, Name: name},
			Body:    destRuleBody(name, s.Namespace, m.FQDN(s.Namespace, s.Name)),
			Service: s.Obj,
		}
		g.Change = Change{Mutation: "MM04", Object: g.Ref, Line: s.Obj.Line,
			Reason: fmt.Sprintf("every endpoint of %s has a sidecar and no DestinationRule applies to it: mTLS rests on auto mTLS; "+
				"a DestinationRule with tls.mode ISTIO_MUTUAL pins it", s.Ref)}
		out = append(out, g)
	}
	return out
}

// drAPIVersion: networking.istio.io/v1 is served since Istio 1.22.
const drAPIVersion = "networking.istio.io/v1"

func wantsDestRule(s *mesh.Service, m *mesh.Model) bool {
	if len(s.Workloads) == 0 {
		return false
	}
	fqdn := m.FQDN(s.Namespace, s.Name)
	for _, d := range m.DestRules {
		if (d.Namespace == s.Namespace || d.Namespace == m.Settings.RootNamespace) && mesh.HostMatches(d.FQDN, fqdn) {
			return false
		}
	}
	missing := false
	for _, a := range m.Applications(s) {
		if !allCaptured(a) {
			return false
		}
		missing = missing || a.DestRule == nil
	}
	return missing
}

func freeName(taken map[[2]string]bool, ns, name string) string {
	cand := name
	for i := 1; taken[[2]string{ns, cand}]; i++ {
		cand = name + "-mtls"
		if i > 1 {
			cand = fmt.Sprintf("%s-mtls-%d", name, i)
		}
	}
	taken[[2]string{ns, cand}] = true
	return cand
}

func destRuleBody(name, ns, host string) map[string]any {
	return map[string]any{
		"apiVersion": drAPIVersion,
		"kind":       "DestinationRule",
		"metadata": map[string]any{
			"name": name, "namespace": ns,
			"labels": map[string]any{ManagedBy: "meshlint"},
		},
		"spec": map[string]any{
			"host":          host,
			"trafficPolicy": map[string]any{"tls": map[string]any{"mode": "ISTIO_MUTUAL"}},
		},
	}
}
