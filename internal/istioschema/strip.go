package istioschema

import structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"

// stripped is a schema without x-kubernetes-validations anywhere in it.
type stripped struct{ s *structuralschema.Structural }

// withoutRules copies s, dropping every rule below it (its own kept).
func withoutRules(s *structuralschema.Structural) stripped {
	c := *s
	if s.Items != nil {
		c.Items = noRules(s.Items)
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Structural != nil {
		a := *s.AdditionalProperties
		a.Structural = noRules(s.AdditionalProperties.Structural)
		c.AdditionalProperties = &a
	}
	if s.Properties != nil {
		c.Properties = make(map[string]structuralschema.Structural, len(s.Properties))
		for k, p := range s.Properties {
			c.Properties[k] = *noRules(&p)
		}
	}
	return stripped{&c}
}

func noRules(s *structuralschema.Structural) *structuralschema.Structural {
	c := withoutRules(s).s
	c.XValidations = nil
	return c
}

func (s stripped) childrenOf() (*structuralschema.Structural, *structuralschema.StructuralOrBool, map[string]structuralschema.Structural) {
	return s.s.Items, s.s.AdditionalProperties, s.s.Properties
}
