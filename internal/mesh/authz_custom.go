package mesh

import (
	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/fact"
)

// CUSTOM policies hand the decision to an external authorizer named by
// provider.name among the mesh config's extensionProviders. When the mesh
// config lacks that provider, Istio generates deny rules for the requests
// the policy matches (pilot/pkg/security/authz/builder/builder.go
// "failed to process CUSTOM action ... will generate deny configs",
// getBadCustomDenyRules).

// CustomPolicy is a CUSTOM policy that applies to a hop's server, and
// whether the inputs' mesh config defines its provider: "yes", "no", or
// "unknown" when the inputs hold no mesh config.
type CustomPolicy struct {
	Policy  *AuthzPolicy
	Defined string
}

// customPolicies lists the CUSTOM policies on a workload's sidecar.
func (m *Model) customPolicies(w *Workload) []CustomPolicy {
	var out []CustomPolicy
	for _, ap := range m.policiesFor(w, "CUSTOM") {
		out = append(out, CustomPolicy{Policy: ap, Defined: m.providerDefined(ap.Provider)})
	}
	return out
}

// providerDefined looks the provider up in the mesh config: the `mesh` key
// of the `istio` ConfigMap in the root namespace (the default revision's;
// Istio chart istio-discovery templates/configmap.yaml).
func (m *Model) providerDefined(name string) string {
	cm := m.ConfigMaps[nsName{m.Settings.RootNamespace, MeshConfigMap}]
	if cm == nil {
		return "unknown"
	}
	var mc struct {
		ExtensionProviders []struct {
			Name string `yaml:"name"`
		} `yaml:"extensionProviders"`
	}
	if err := yaml.Unmarshal([]byte(strAt(body(cm), "data", "mesh")), &mc); err != nil {
		return "unknown"
	}
	for _, p := range mc.ExtensionProviders {
		if p.Name == name && name != "" {
			return "yes"
		}
	}
	return "no"
}

func (m *Model) customFacts(cs []CustomPolicy) []any {
	out := make([]any, 0, len(cs))
	for _, c := range cs {
		out = append(out, fact.Object{"ref", m.refFact(c.Policy.Ref), "provider", c.Policy.Provider,
			"provider_defined", c.Defined, "line", c.Policy.providerLine})
	}
	return out
}
